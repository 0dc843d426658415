import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreFixture } from '../../contract/contract-fixture';
import { SqliteEventStore, SqliteEventStoreOptions } from '../sqlite-event-store';

export interface TempSqliteFile {
  readonly file: string;
  /** Opens another instance on the file, as a second process would; closed by cleanup(). */
  open(options?: Omit<SqliteEventStoreOptions, 'file'>): SqliteEventStore;
  cleanup(): Promise<void>;
}

/** A database file in a fresh temp directory, under a subdirectory the store has to create. */
export function tempSqliteFile(): TempSqliteFile {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-event-store-'));
  const file = join(dir, 'nested', 'events.sqlite');
  const opened: SqliteEventStore[] = [];
  return {
    file,
    open(options = {}) {
      const store = SqliteEventStore.open({ pollIntervalMs: 20, ...options, file });
      opened.push(store);
      return store;
    },
    async cleanup() {
      await Promise.all(opened.map((store) => store.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function sqliteContractFixture(): Promise<EventStoreFixture> {
  const temp = tempSqliteFile();
  return { store: temp.open(), reopen: async () => temp.open(), cleanup: () => temp.cleanup() };
}
