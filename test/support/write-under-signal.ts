/**
 * Child process of the signal test (test/e2e/hostile-signals.test.ts): writes large reports into
 * the directory given, with kontrak run's signal handling, and sends itself SIGTERM twice once a
 * temporary report file exists, so the second signal lands while a report is half written.
 */
import { readdirSync } from 'node:fs';
import { processIo } from '../../src/cli/context.ts';
import { watchInterruption } from '../../src/cli/signals.ts';
import { removeTemporaryReports, writeReports } from '../../src/report/write.ts';
import { syntheticRun } from '../report/_fixtures.ts';

const outDir = process.argv[2];
if (!outDir) throw new Error('usage: write-under-signal.ts <out dir>');
watchInterruption(processIo(), 1000, removeTemporaryReports);
let signalled = 0;
const poll = setInterval(() => {
  const temp = readdirSync(outDir).find((f) => f.endsWith('.tmp'));
  if (!temp) return;
  if (signalled === 0) process.stdout.write(`writing ${temp}\n`);
  // One signal per tick: two sent at once can merge into one.
  if (signalled++ < 2) process.kill(process.pid, 'SIGTERM');
}, 1);
await writeReports(syntheticRun(20_000), { outDir, reporters: ['html', 'junit', 'json'] });
clearInterval(poll);
process.stdout.write('finished before the second signal\n');
