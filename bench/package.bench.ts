/**
 * `npm run bench -- package`: the tarball `npm run pack` makes, its packed size and file count
 * (goal: ≤ 500 kB packed).
 */
import { rmSync } from 'node:fs';
import { packed } from './_installed.ts';

const GOAL_KB = 500;

export function run(): Promise<void> {
  measure();
  return Promise.resolve();
}

function measure(): void {
  const made = packed();
  try {
    const kb = made.size / 1000;
    console.log(
      `package: packed ${kb.toFixed(1)} kB (goal ≤ ${GOAL_KB} kB: ${kb <= GOAL_KB ? 'met' : 'MISSED'}), unpacked ${(made.unpackedSize / 1000).toFixed(1)} kB, ${made.files} files`,
    );
  } finally {
    rmSync(made.dir, { recursive: true, force: true });
  }
}
