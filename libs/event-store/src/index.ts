export * from './event-store.port';
export * from './duplicate-event-id.error';
export * from './expected-revision';
export * from './catch-up-subscription';
export { SqliteEventStore, type SqliteEventStoreOptions, type SqliteWriteStats } from './sqlite/sqlite-event-store';
// Safe to load outside Jest: it touches the Jest globals only when eventStoreContract() is called.
export { eventStoreContract, type EventStoreFixture } from './contract/event-store.contract';
