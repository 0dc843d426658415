import { afterAll } from '@jest/globals';
import { eventStoreContract } from '../contract/event-store.contract';
import { eventStoreDatabases, postgresContractFixture } from './test-fixtures/throwaway-store';

/** The PostgreSQL-specific behaviour is in postgres-appends.spec.ts and postgres-multi-instance.spec.ts. */
const databases = eventStoreDatabases();
afterAll(() => databases.dropAll());

eventStoreContract('PostgresEventStore', postgresContractFixture(databases));
