import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTANCE_REGISTRATION_TOKEN, groupRegistrationToken, patOf, projectRegistrationToken } from '../support/fixture-directory';
import { startTestApp } from '../support/test-app';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Tokens may exist only as SHA-256 digests: nothing the service writes to disk (events, query
 * models, their WAL files) may contain a plaintext token, whether seeded or issued.
 */
describe('secrets at rest', () => {
  const issued: string[] = [];
  let dataDir: string;
  let bytes: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'runner-registry-secrets-'));
    const app = await startTestApp({ DATA_DIR: dataDir });
    for (const token of [INSTANCE_REGISTRATION_TOKEN, groupRegistrationToken(9), projectRegistrationToken(1)]) {
      issued.push((await app.request('POST', '/api/v4/runners', { payload: { token } })).json().token);
    }
    issued.push((await app.request('POST', '/api/v4/runners/1/reset_authentication_token', { token: patOf('root') })).json().token);
    issued.push((await app.request('POST', '/api/v4/runners/reset_authentication_token', { payload: { token: issued[1] } })).json().token);
    issued.push((await app.request('POST', '/api/v4/runners/reset_registration_token', { token: patOf('root') })).json().token);
    await app.request('POST', '/api/v4/runners/verify', { payload: { token: issued[2] } });
    await app.stop();
    bytes = readdirSync(dataDir)
      .map((file) => readFileSync(join(dataDir, file)).toString('latin1'))
      .join('\n');
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('issued six tokens', () => {
    expect(issued).toHaveLength(6);
    expect(new Set(issued).size).toBe(6);
  });

  it('stores no issued or seeded token in plaintext', () => {
    const seeded = [INSTANCE_REGISTRATION_TOKEN, groupRegistrationToken(9), projectRegistrationToken(1), patOf('root'), patOf('alice', 'manage_runner')];
    for (const token of [...issued, ...seeded]) expect(bytes.includes(token)).toBe(false);
  });

  it('stores their digests instead (so the scan above really reads what was written)', () => {
    expect(bytes.includes(sha256(issued[0]))).toBe(true);
    expect(bytes.includes(sha256(patOf('root')))).toBe(true);
  });
});
