import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * The folder is the unit of change: most of the application's code sits in use-case folders
 * (apps/runner-registry/src/<area>/<use-case>/), each holding its entry points, command, handler,
 * params and specs. What is not there is the composition root, one module per area, and the small
 * kernel; what is truly shared lives in libs/. Tests are not counted.
 */
const SRC = join(__dirname, '../../apps/runner-registry/src');

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts') && !/\.(e2e-)?spec\.ts$/.test(entry.name)) yield path;
  }
}

export function layoutShare(src = SRC): { useCaseLines: number; otherLines: number; share: number } {
  let useCaseLines = 0;
  let otherLines = 0;
  for (const file of sources(src)) {
    const lines = readFileSync(file, 'utf8').split('\n').length;
    const [area, , ...rest] = relative(src, file).split(sep);
    if (rest.length > 0 && area !== 'kernel') useCaseLines += lines;
    else otherLines += lines;
  }
  return { useCaseLines, otherLines, share: useCaseLines / (useCaseLines + otherLines) };
}

describe('the application is laid out by use case', () => {
  it('more than 70 % of its non-test lines live in use-case folders', () => {
    const { useCaseLines, otherLines, share } = layoutShare();
    process.stdout.write(`use-case folders: ${useCaseLines} lines; root, area modules and kernel: ${otherLines} (${(share * 100).toFixed(1)} %)\n`);
    expect(share).toBeGreaterThan(0.7);
  });

  it('no area keeps a shared folder of its own (what is shared goes to libs/ or the kernel)', () => {
    const shared = [...sources(SRC)].map((f) => relative(SRC, f)).filter((f) => f.split(sep).includes('shared'));
    expect(shared).toEqual([]);
  });
});
