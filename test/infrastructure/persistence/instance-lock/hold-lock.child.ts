/**
 * A process that takes the instance lock of a database, for the lock tests: prints one JSON
 * line (`{"locked":true}` or `{"refused":"<message>"}`), then holds the lock until SIGTERM
 * (release, exit 0) or SIGKILL (the operating system or the server drops it).
 * Arguments: the database URL, the bot prefix.
 */
import { acquireInstanceLock } from '../../../../src/infrastructure/persistence/instance-lock/index.js';
import { openDatabase } from '../../../../src/infrastructure/persistence/sql/index.js';

const [url = '', prefix = 'dlb-'] = process.argv.slice(2);
const database = await openDatabase(url);
try {
  const lock = await acquireInstanceLock(url, database, prefix, (error) => process.stdout.write(`${JSON.stringify({ lost: error.message })}\n`));
  const keepAlive = setInterval(() => {}, 60_000);
  // Listening before saying so: a SIGTERM sent on the answer must find the listener.
  process.once('SIGTERM', () => {
    clearInterval(keepAlive);
    void database.close().then(() => lock.release()).then(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ locked: true })}\n`);
} catch (error) {
  await database.close();
  process.stdout.write(`${JSON.stringify({ refused: (error as Error).message })}\n`);
  process.exitCode = 1;
}
