import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dealbot } from '../../support/optimize-cli.js';
import { optimizeFixture } from '../../support/optimize-fixture.js';

interface StudyJson {
  study: string;
  completed: number;
  interrupted: boolean;
  best: { index: number } | null;
  trials: { index: number; values: unknown; score: number | null; figures?: unknown }[];
}

describe('dealbot optimize: stored studies', () => {
  let fixture: Awaited<ReturnType<typeof optimizeFixture>>;
  let database = '';
  beforeAll(async () => {
    fixture = await optimizeFixture({ pairs: 1, candles: 3000 });
    database = `sqlite:${join(fixture.dir, 'studies.db')}`;
  });
  const common = (): string[] => ['optimize', '-c', fixture.config, '--data-dir', fixture.dataDir, '--database', database];

  it('a tpe study stopped with Ctrl-C and resumed equals the study run in one go; list and show read them back', async () => {
    const oneGo = await dealbot([...common(), '--study', 'whole', '--sampler', 'tpe', '--trials', '12', '--workers', '2', '--json', '--out', join(fixture.dir, 'whole.yaml')]);
    expect(oneGo.code, oneGo.stderr).toBe(0);
    const stopped = await dealbot([...common(), '--study', 'parts', '--sampler', 'tpe', '--trials', '12', '--workers', '1'], /Ctrl-C stops/);
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stdout).toMatch(/^study parts$/m);
    const done = Number(/^(\d+) of 12 trials done \(interrupted\)/m.exec(stopped.stdout)?.[1]);
    expect(done).toBeGreaterThanOrEqual(1);
    const resumed = await dealbot(['optimize', '-c', fixture.config, '--database', database, '--resume', 'parts', '--workers', '2', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const whole = JSON.parse(oneGo.stdout) as StudyJson;
    const parts = JSON.parse(resumed.stdout) as StudyJson;
    expect(parts).toMatchObject({ study: 'parts', sampler: 'tpe', seed: 42, planned: 12, completed: 12, interrupted: false });
    expect(parts.trials).toEqual(whole.trials);
    expect(parts.best).toEqual(whole.best);

    const list = await dealbot(['optimize', 'list', '--database', database, '--json']);
    expect(list.code, list.stderr).toBe(0);
    const studies = JSON.parse(list.stdout) as { id: string; done: number; planned: number; sampler: string; bestScore: number | null }[];
    const bestScore = whole.trials.find((t) => t.index === whole.best?.index)?.score ?? null;
    expect(studies.map((s) => [s.id, s.sampler, s.done, s.planned, s.bestScore])).toEqual([
      ['whole', 'tpe', 12, 12, bestScore],
      ['parts', 'tpe', 12, 12, bestScore],
    ]);
    const table = await dealbot(['optimize', 'list', '--database', database]);
    expect(table.stdout).toMatch(/^study +created +sampler +objective +done +best$/m);
    expect(table.stdout).toMatch(/^parts +\d{4}-\d\d-\d\d \d\d:\d\d +tpe +profit +12\/12 +-?\d/m);

    const out = join(fixture.dir, 'parts.yaml');
    const show = await dealbot(['optimize', 'show', 'parts', '--database', database, '--json', '--out', out]);
    expect(show.code, show.stderr).toBe(0);
    expect((JSON.parse(show.stdout) as StudyJson).trials).toEqual(whole.trials);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(fixture.dir, 'whole.yaml'), 'utf8'));
    const text = await dealbot(['optimize', 'show', 'parts', '--database', database]);
    expect(text.stdout).toMatch(/^Optimize .*config\.yaml: profit \(minTrades 1\), tpe sampler, seed 42$/m);
    expect(text.stdout).toMatch(/^rank +trial +strategy\.macdFast/m);
  }, 240_000);

  it('bad input is one line naming it, exit 1 (2 for usage), and writes nothing', async () => {
    const first = await dealbot([...common(), '--study', 'taken', '--trials', '2', '--workers', '1']);
    expect(first.code, first.stderr).toBe(0);
    const location = `sqlite:${join(fixture.dir, 'studies.db')}`;
    const cases: [string[], number, string][] = [
      [[...common(), '--resume', 'nope'], 1, `dealbot: study nope: not found in ${location} (\`dealbot optimize list\` shows the studies there)\n`],
      [['optimize', 'show', 'nope', '--database', database], 1, `dealbot: study nope: not found in ${location} (\`dealbot optimize list\` shows the studies there)\n`],
      [[...common(), '--study', 'taken'], 1, `dealbot: study taken: already in ${location}; go on with it with --resume taken, or name another --study\n`],
      [[...common(), '--resume', 'taken', '--seed', '3'], 2, "dealbot: --resume goes on with the study's own settings: leave out --seed\n"],
      [['optimize', 'show'], 2, 'dealbot: optimize show needs the study: dealbot optimize show <study>\n'],
      [['optimize', 'lsit'], 2, 'dealbot: optimize takes list, or show <study>; got "lsit"\n'],
      [['optimize', 'show', 'a b', '--database', database], 2, 'dealbot: optimize show: "a b" is not a study id (a letter or digit, then letters, digits, . _ -)\n'],
      [[...common(), '--study', '-x'], 2, 'dealbot: option \'--study <id>\' argument \'-x\' is invalid. --study must be a study id (a letter or digit, then letters, digits, . _ -; at most 64 characters), got "-x"\n'],
      [['worker', '--queue', 'http://127.0.0.1:6379', '--database', database], 2, 'dealbot: option \'--queue <url>\' argument \'http://127.0.0.1:6379\' is invalid. --queue must be a Redis URL like redis://127.0.0.1:6379, got "http://127.0.0.1:6379"\n'],
      [['worker', '--queue', 'redis://127.0.0.1:6379', '--queue-name', 'a:b', '--database', database], 2, 'dealbot: option \'--queue-name <name>\' argument \'a:b\' is invalid. --queue-name must be letters, digits, . _ -, got "a:b"\n'],
    ];
    for (const [args, code, line] of cases) {
      const run = await dealbot(args);
      expect([run.code, run.stderr], args.join(' ')).toEqual([code, line]);
    }
    const changed = join(fixture.dir, 'changed.yaml');
    writeFileSync(changed, readFileSync(fixture.config, 'utf8').replace('trials: 6', 'trials: 7'));
    const refused = await dealbot(['optimize', '-c', changed, '--database', database, '--resume', 'taken']);
    expect([refused.code, refused.stderr]).toEqual([1, `dealbot: ${changed}: the config's text changed since study taken was created from ${fixture.config}; resume with that text, or start a new study\n`]);
    const list = JSON.parse((await dealbot(['optimize', 'list', '--database', database, '--json'])).stdout) as { id: string; done: number }[];
    expect(list.find((s) => s.id === 'taken')?.done).toBe(2);
    // a database that is not there is named, and not created by reading it
    const missing = join(fixture.dir, 'none', 'studies.db');
    const none = await dealbot(['optimize', 'list', '--database', `sqlite:${missing}`]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^dealbot: sqlite:.*none\/studies\.db does not exist: .*\n$/);
    expect(existsSync(missing)).toBe(false);
    // an unreachable queue is named before anything is opened: no database file is made
    const fresh = join(fixture.dir, 'fresh', 'studies.db');
    const noRedis = [
      await dealbot(['optimize', '-c', fixture.config, '--data-dir', fixture.dataDir, '--database', `sqlite:${fresh}`, '--queue', 'redis://127.0.0.1:1']),
      await dealbot(['worker', '--queue', 'redis://127.0.0.1:1', '--database', `sqlite:${fresh}`]),
    ];
    for (const run of noRedis) expect([run.code, run.stderr]).toEqual([1, 'dealbot: --queue redis://127.0.0.1:1: cannot reach Redis: connect ECONNREFUSED 127.0.0.1:1\n']);
    expect(existsSync(fresh)).toBe(false);
    const { DATABASE_URL: _, ...env } = process.env;
    const noDatabase = await dealbot(['worker', '--queue', 'redis://127.0.0.1:1'], undefined, env);
    expect([noDatabase.code, noDatabase.stderr]).toEqual([2, 'dealbot: worker: --database URL is required (or DATABASE_URL): where the trials are stored\n']);
    const unreachable = await dealbot([...common(), '--database', 'postgres://postgres@127.0.0.1:1/test']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^dealbot: [^\n]*127\.0\.0\.1:1[^\n]*\n$/);
  }, 240_000);
});
