import { PostgresEventStore, SqliteEventStore, type EventStore } from '@app/event-store';
import { PostgresQueryModelStore, SqliteQueryModelStore, type QueryModelStore } from '@app/projections';
import { eventsFile, queryModelsFile, type AppConfig } from '../config/app-config';

/** DATABASE_URL moves the log to PostgreSQL; without it the embedded SQLite file in DATA_DIR. */
export async function openEventStore(config: AppConfig): Promise<EventStore> {
  if (config.databaseUrl) return PostgresEventStore.open({ connectionString: config.databaseUrl });
  return SqliteEventStore.open({ file: eventsFile(config), synchronous: config.sqliteSynchronous });
}

/** Query models live next to the log: in PostgreSQL with DATABASE_URL, else in DATA_DIR. */
export async function openQueryModelStore(config: AppConfig): Promise<QueryModelStore> {
  if (config.databaseUrl) return PostgresQueryModelStore.open({ connectionString: config.databaseUrl });
  return SqliteQueryModelStore.open(queryModelsFile(config));
}
