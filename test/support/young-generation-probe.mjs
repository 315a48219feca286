// Preloaded into a CLI process under test: as the process exits, it allocates a burst that
// makes V8 grow a young generation free to grow (objects that survive a scavenge or two), and
// writes the young generation's size before and after the burst, as JSON, to the file named by
// DEALBOT_YOUNG_PROBE.
import { writeFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';

const file = process.env.DEALBOT_YOUNG_PROBE;
if (!file) throw new Error('young-generation-probe: set DEALBOT_YOUNG_PROBE to the file to write');
const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
process.on('exit', () => {
  const before = newSpace();
  let kept = [];
  for (let i = 0; i < 200; i += 1) {
    kept.push(Array.from({ length: 10_000 }, (_, j) => ({ j })));
    if (kept.length > 20) kept.shift();
  }
  kept = null;
  writeFileSync(file, JSON.stringify({ before, after: newSpace() }));
});
