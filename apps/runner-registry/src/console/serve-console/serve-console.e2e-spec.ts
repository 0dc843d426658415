import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../../../../test/support/test-app';
import { defaultBundleDir, loadConsoleBundle } from './console-bundle';

/** Needs the bundle `npm run build` makes (dist/fleet-console); the browser tests are in test/browser. */
describe('the fleet console at /admin/runners', () => {
  let app: TestApp;
  const bundle = loadConsoleBundle();

  beforeAll(async () => {
    if (!bundle) throw new Error(`${defaultBundleDir()} is missing: npm run build bundles the console first`);
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it.each(['/admin/runners', '/admin/runners/', '/admin/runners/42', '/admin/runners/overview'])('%s answers with the app, never cached stale, under a strict CSP', async (path) => {
    const response = await app.request('GET', path);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.body).toBe(bundle!.index.toString());
    expect(response.body).toContain('<script type="module" crossorigin src="/admin/runners/assets/');
  });

  it('serves the hashed assets for good, with their content types', async () => {
    const paths = [...bundle!.assets.keys()];
    expect(paths.some((p) => p.endsWith('.js'))).toBe(true);
    for (const path of paths) {
      const response = await app.request('GET', `/admin/runners/${path}`);
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.headers['content-type']).toBe(path.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8');
      expect(response.body).toBe(bundle!.assets.get(path)!.body.toString());
    }
  });

  it("an asset it does not have is GitLab's 404, never the app, and no path reaches the file system", async () => {
    for (const path of ['/admin/runners/assets/nope.js', '/admin/runners/assets/../../package.json', '/admin/runners/assets/%2e%2e%2fpackage.json']) {
      const response = await app.request('GET', path);
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ error: '404 Not Found' });
    }
  });

  it('the page carries no token and no data: it signs in against the API like any client', async () => {
    const response = await app.request('GET', '/admin/runners', { token: 'glpat-root-0000000000000001' });
    expect(response.body).not.toContain('glpat-');
  });

  it('without a built bundle there is nothing to serve (the service then starts and logs a warning)', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-console-'));
    try {
      expect(loadConsoleBundle(empty)).toBeNull();
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
