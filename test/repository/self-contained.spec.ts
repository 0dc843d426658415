import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * A clone with nothing beside it must build, test, bench and start. Every file outside docs/ is
 * scanned for paths that leave the repository: a relative path literal that climbs above the root
 * from where its file sits, a sibling `shared/` folder, or a section number of a document that is
 * not in the repository (cite GitLab's own source files or docs/ instead).
 */
const ROOT = resolve(__dirname, '../..');
const SKIPPED = new Set(['.git', 'node_modules', 'dist', 'data', 'docs', 'coverage']);
const SCANNED = /\.(ts|js|json|sh|md|yml|yaml)$|^(run|Dockerfile)$/;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || entry.name === 'package-lock.json') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (SCANNED.test(entry.name)) yield path;
  }
}

const outside = (root: string, target: string) => relative(root, target) === '..' || relative(root, target).startsWith('..' + sep);

/**
 * Relative path literals (`'../x'`, `"../../y"`) that resolve above the root from the file's folder,
 * unless from where its compiled copy runs (dist/ mirrors the tree) they reach something the
 * repository holds.
 */
export function escapingPaths(file: string, text: string, root = ROOT): string[] {
  const compiled = join(root, 'dist', relative(root, file));
  const found: string[] = [];
  for (const match of text.matchAll(/['"`(\s]((?:\.\.\/)+(?:[\w.@-][^'"`)\s]*)?)/g)) {
    const path = match[1];
    const fromDist = resolve(dirname(compiled), path);
    if (outside(root, resolve(dirname(file), path)) && (outside(root, fromDist) || !existsSync(fromDist))) found.push(path);
  }
  return found;
}

const OUTSIDE_DOCUMENTS = [/spec §\d/, /\bshared\/(fixtures|spec|seeds|notes)\//];

describe('the repository stands on its own', () => {
  // This file holds the patterns it looks for, as examples.
  const scanned = [...files(ROOT)].filter((file) => file !== __filename);

  it('scans the whole tree (apps, libs, test, config, scripts, the README)', () => {
    const top = new Set(scanned.map((f) => relative(ROOT, f).split(sep)[0]));
    for (const folder of ['apps', 'libs', 'test', 'config', 'scripts', 'README.md']) expect(top).toContain(folder);
  });

  it('no file outside docs/ refers to a path outside the repository', () => {
    const offending = scanned.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const hits = [...escapingPaths(file, text), ...OUTSIDE_DOCUMENTS.flatMap((p) => text.match(p) ?? [])];
      return hits.map((hit) => `${relative(ROOT, file)}: ${hit}`);
    });
    expect(offending).toEqual([]);
  });

  // A sibling checkout's fixture, spelled in parts so that no scan of this file mistakes the example for a use.
  const SIBLING_FIXTURE = ['shared', 'fixtures', 'directory.json'].join('/');

  it('the scan catches a path that climbs out, and lets one that stays in pass', () => {
    const file = join(ROOT, 'test', 'support', 'x.ts');
    expect(escapingPaths(file, `resolve(__dirname, '../../../${SIBLING_FIXTURE}')`)).toHaveLength(1);
    expect(escapingPaths(file, "resolve(__dirname, '../../../..')")).toHaveLength(1);
    expect('see spec §7.2').toMatch(OUTSIDE_DOCUMENTS[0]);
    expect(`../${SIBLING_FIXTURE}`).toMatch(OUTSIDE_DOCUMENTS[1]);
    expect(escapingPaths(file, "resolve(__dirname, '../../config/directory.example.json')")).toEqual([]);
    expect(escapingPaths(file, "import { x } from '../e2e/y';")).toEqual([]);
  });
});
