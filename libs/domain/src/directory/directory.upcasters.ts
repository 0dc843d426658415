import type { EventUpcaster } from '../shared/upcasting';

/**
 * How old directory payloads become current ones (DIRECTORY_EVENT_SCHEMA_VERSIONS). Every
 * directory event is still at v1, so there is nothing to upcast yet; a payload change adds its
 * step here, next to the historical shape it reads.
 */
export const DIRECTORY_EVENT_UPCASTERS: readonly EventUpcaster[] = [];
