import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { SqliteQueryModelStore } from './sqlite-query-model-store';

const doc = (id: string, value: number) => ({ kind: 'upsert' as const, collection: 'c', id, doc: { value } });

describe('SqliteQueryModelStore, on files of earlier versions', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'query-model-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps serving a file whose documents are in a WITHOUT ROWID table, as earlier versions made it', async () => {
    const file = join(dir, 'query-models.sqlite');
    const earlier = new Database(file);
    earlier.exec(`
      CREATE TABLE query_documents (
        projection TEXT NOT NULL, collection TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (projection, collection, id)
      ) WITHOUT ROWID;
      CREATE TABLE projection_checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL);
      INSERT INTO query_documents VALUES ('runners', 'c', '1', '{"value":1}'), ('runners', 'c', '2', '{"value":2}');
      INSERT INTO projection_checkpoints VALUES ('runners', 4);
    `);
    earlier.close();

    const store = SqliteQueryModelStore.open(file);
    try {
      await store.save([{ projection: 'runners', changes: [doc('2', 20), doc('3', 3), { kind: 'delete', collection: 'c', id: '1' }], checkpoint: 5 }]);
      expect(await store.load('runners')).toEqual({
        checkpoint: 5,
        documents: [
          { collection: 'c', id: '2', doc: { value: 20 } },
          { collection: 'c', id: '3', doc: { value: 3 } },
        ],
      });
      await store.resetInTurns('runners', 1);
      expect(await store.load('runners')).toEqual({ checkpoint: 0, documents: [] });
    } finally {
      await store.close();
    }
  });

  it('makes new files with a rowid table, whose inner pages hold keys rather than whole documents', async () => {
    const file = join(dir, 'query-models.sqlite');
    await SqliteQueryModelStore.open(file).close();
    const db = new Database(file, { readonly: true });
    try {
      const { sql } = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'query_documents'").get() as { sql: string };
      expect(sql).not.toMatch(/WITHOUT ROWID/i);
    } finally {
      db.close();
    }
  });
});
