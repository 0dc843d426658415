import { EVENT_SCHEMA_VERSIONS, EVENT_UPCASTERS } from '@app/domain';
import { UpcasterChain, UpcastingEventStore, type EventStore } from '@app/event-store';

/** Built once: an incomplete chain (a bumped version without its upcaster) fails at start, not on the first old event. */
export const DOMAIN_UPCASTER_CHAIN = new UpcasterChain({ currentVersions: EVENT_SCHEMA_VERSIONS, upcasters: EVENT_UPCASTERS });

/** The store as every reader (handlers, projections, the Kafka relay, the CLI) must see it: current schema versions only. */
export const withDomainUpcasting = (backing: EventStore): EventStore => new UpcastingEventStore(backing, DOMAIN_UPCASTER_CHAIN);
