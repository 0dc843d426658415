import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTANCE_REGISTRATION_TOKEN, patOf } from '../support/fixture-directory';
import { startServiceProcess } from '../support/service-process';

const ROOT = { 'private-token': patOf('root') };

async function register(url: string): Promise<{ id: number } | null> {
  try {
    const response = await fetch(`${url}/api/v4/runners`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: INSTANCE_REGISTRATION_TOKEN }),
    });
    return response.status === 201 ? ((await response.json()) as { id: number }) : null;
  } catch {
    return null; // the process was killed mid-request: this one was never acknowledged
  }
}

describe('the service as an OS process', () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'runner-registry-process-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('keeps every acknowledged registration across a kill -9, with no half-written runner', async () => {
    const dataDir = freshDir();
    const service = await startServiceProcess({ DATA_DIR: dataDir });
    const acknowledged: number[] = [];
    let stop = false;
    const writers = Array.from({ length: 8 }, async () => {
      while (!stop) {
        const runner = await register(service.url);
        if (runner) acknowledged.push(runner.id);
        else return;
      }
    });
    while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 10));
    await service.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);

    const restarted = await startServiceProcess({ DATA_DIR: dataDir });
    try {
      const ids: number[] = [];
      for (let page = 1; ; page++) {
        const response = await fetch(`${restarted.url}/api/v4/runners/all?per_page=100&page=${page}`, { headers: ROOT });
        ids.push(...((await response.json()) as { id: number }[]).map((r) => r.id));
        if (response.headers.get('x-next-page') === '') break;
      }
      expect(acknowledged.length).toBeGreaterThanOrEqual(300);
      for (const id of acknowledged) expect(ids).toContain(id);
      // Ids may have gaps only where a registration was never acknowledged; none is duplicated.
      expect(new Set(ids).size).toBe(ids.length);
      const detail = await fetch(`${restarted.url}/api/v4/runners/${acknowledged[0]}`, { headers: ROOT });
      expect(((await detail.json()) as { runner_type: string }).runner_type).toBe('instance_type');
    } finally {
      await restarted.kill();
    }
  });

  it('provisions the directory once when two processes start at once on the same data directory', async () => {
    const dataDir = freshDir();
    const [a, b] = await Promise.all([startServiceProcess({ DATA_DIR: dataDir }), startServiceProcess({ DATA_DIR: dataDir })]);
    try {
      // Both serve the seeded directory: the admin token works on each.
      for (const service of [a, b]) expect((await fetch(`${service.url}/api/v4/runners/all`, { headers: ROOT })).status).toBe(200);
    } finally {
      await Promise.all([a.kill(), b.kill()]);
    }
    const { SqliteEventStore } = await import('@app/event-store');
    const store = SqliteEventStore.open({ file: join(dataDir, 'events.sqlite') });
    try {
      const users = (await store.readAll()).filter((e) => e.type === 'UserProvisioned');
      expect(users.map((e) => (e.data as { userId: number }).userId).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    } finally {
      await store.close();
    }
  });
});
