export * from './event-store.port';
export * from './duplicate-event-id.error';
export * from './expected-revision';
export * from './catch-up-subscription';
export { SqliteEventStore, type SqliteEventStoreOptions, type SqliteWriteStats } from './sqlite/sqlite-event-store';
export * from './command/decider-command';
export type { SqliteSynchronous } from './sqlite/sqlite-database';
export { PostgresEventStore, type PostgresEventStoreOptions, type PostgresWriteStats } from './postgres/postgres-event-store';
export { runSchemaMigrations, type SchemaMigration } from './postgres/schema-migrations';
