import { describe, it } from '@jest/globals';
import { eventStoreContract } from '../contract/event-store.contract';
import { esdbContractFixture } from './test-fixtures/esdb-contract-fixture';

/**
 * The shared contract against a real EventStoreDB, e.g. EVENTSTORE_CONNECTION_STRING=esdb://127.0.0.1:2113?tls=false
 * with `docker compose up eventstore`. The pure mappings are tested without a server in
 * esdb-mapping.spec.ts and stream-selection.spec.ts.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  eventStoreContract('EventStoreDbEventStore', esdbContractFixture(connectionString));
} else {
  const reason =
    'EVENTSTORE_CONNECTION_STRING is not set, so there is no EventStoreDB to run the contract against ' +
    '(none runs on this machine: there is no Docker engine); set it to an esdb:// connection string to run it';
  console.warn(`EventStoreDbEventStore contract skipped: ${reason}`);
  describe('EventStoreDbEventStore (EventStore contract)', () => {
    it.skip(`is skipped: ${reason}`, () => undefined);
  });
}
