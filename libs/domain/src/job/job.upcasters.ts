import type { EventUpcaster } from '../shared/upcasting';

/**
 * How old job payloads become current ones (JOB_EVENT_SCHEMA_VERSIONS). JobRecorded is still at
 * v1, so there is nothing to upcast yet; a payload change adds its step here.
 */
export const JOB_EVENT_UPCASTERS: readonly EventUpcaster[] = [];
