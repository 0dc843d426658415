import { upcastData, type EventUpcaster } from '../shared/upcasting';
import type { Instant } from '../shared/types';
import type { RunnerContacted, RunnerCreationData, RunnerManagerRegistered } from './runner.events';

/**
 * How old runner payloads become current ones (RUNNER_EVENT_SCHEMA_VERSIONS). Each historical
 * shape is written down here, as the code that stored it wrote it; the current shapes live in
 * runner.events.ts.
 */

/** RunnerRegistered and RunnerCreated v1: the creation time was named `registeredAt`. */
export type RunnerCreationDataV1 = Omit<RunnerCreationData, 'createdAt'> & { readonly registeredAt: Instant };

/** RunnerManagerRegistered v1: the creation time was named `registeredAt`. */
export type RunnerManagerRegisteredDataV1 = Omit<RunnerManagerRegistered['data'], 'createdAt'> & { readonly registeredAt: Instant };

/** RunnerContacted v1: `systemId` absent on contacts stored before runner managers existed. */
export type RunnerContactedDataV1 = Omit<RunnerContacted['data'], 'systemId'> & { readonly systemId?: string };

/**
 * `registeredAt` → `createdAt` at the same place, so the payload keeps its key order (history and
 * Kafka show it as a v2 writer writes it). A plain loop: replaying a long v1 log runs this per event.
 */
function renameRegisteredAt<Data extends { readonly registeredAt: Instant }>(data: Data): Omit<Data, 'registeredAt'> & { readonly createdAt: Instant } {
  const renamed: Record<string, unknown> = {};
  for (const key of Object.keys(data)) renamed[key === 'registeredAt' ? 'createdAt' : key] = data[key as keyof Data];
  return renamed as Omit<Data, 'registeredAt'> & { readonly createdAt: Instant };
}

export const RUNNER_EVENT_UPCASTERS: readonly EventUpcaster[] = [
  upcastData<RunnerCreationDataV1, RunnerCreationData>('RunnerRegistered', 1, renameRegisteredAt),
  upcastData<RunnerCreationDataV1, RunnerCreationData>('RunnerCreated', 1, renameRegisteredAt),
  upcastData<RunnerManagerRegisteredDataV1, RunnerManagerRegistered['data']>('RunnerManagerRegistered', 1, renameRegisteredAt),
  upcastData<RunnerContactedDataV1, RunnerContacted['data']>('RunnerContacted', 1, ({ runnerId, contactedAt, systemId }) => ({
    runnerId,
    systemId: systemId ?? null,
    contactedAt,
  })),
];
