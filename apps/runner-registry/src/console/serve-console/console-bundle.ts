import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

export interface BundleFile {
  readonly body: Buffer;
  readonly contentType: string;
}

export interface ConsoleBundle {
  readonly dir: string;
  readonly index: Buffer;
  /** By path below the bundle, e.g. `assets/index-abc123.js`. */
  readonly assets: ReadonlyMap<string, BundleFile>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The package root: the nearest folder above with a package.json (the same from dist/ and from source). */
function packageRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
  return dir;
}

/** Where `npm run build` puts the console (apps/fleet-console/vite.config.mts). */
export const defaultBundleDir = (): string => join(packageRoot(__dirname), 'dist', 'fleet-console');

function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

/**
 * The built console, read once into memory (about 100 kB): serving it then costs no file I/O and
 * no path from a request ever reaches the file system. null when it has not been built.
 */
export function loadConsoleBundle(dir = defaultBundleDir()): ConsoleBundle | null {
  if (!existsSync(join(dir, 'index.html'))) return null;
  const assets = new Map<string, BundleFile>();
  for (const path of walk(dir)) {
    if (path === 'index.html') continue;
    assets.set(path, { body: readFileSync(join(dir, path)), contentType: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' });
  }
  return { dir, index: readFileSync(join(dir, 'index.html')), assets };
}
