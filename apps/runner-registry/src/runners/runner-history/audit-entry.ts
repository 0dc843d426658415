import { stripSecrets as stripDomainSecrets } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';

/**
 * The audit view of stored events, shared by `GET /runners/:id/history` and the runner CLI
 * (`history`, `export`). Pure: no Nest, no store, so both edges render the very same entries.
 */

export type AuditActor = { type: string; id: number } | { type: string; name: string } | null;

export interface AuditEntry {
  position: number;
  revision: number;
  event_type: string;
  occurred_at: string | null;
  actor: AuditActor;
  schema_version: number | null;
  correlation_id: string | null;
  changes: Record<string, unknown>;
}

/** An entry of the whole log (CLI `export`, `history`): the stream is named too. */
export interface StreamAuditEntry extends AuditEntry {
  stream_id: string;
}

/** camelCase → snake_case; keys already in snake_case (job snapshots use GitLab's wire names) are unchanged. */
export function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/**
 * An event payload as an audit entry shows it: minus the top-level `runnerId` (the stream already
 * names the runner), minus every secret (the domain's rule, isSecretField) at any depth, keys in
 * snake_case at any depth. Never mutates its input.
 */
export function auditChanges(data: unknown): Record<string, unknown> {
  if (!isPlainObject(data)) return {};
  const { runnerId: _runnerId, ...rest } = data;
  return stripSecrets(rest) as Record<string, unknown>;
}

/** The domain's secret rule (libs/domain/src/shared/secrets.ts), with keys in snake_case at any depth. */
export function stripSecrets(value: unknown): unknown {
  return stripDomainSecrets(value, snakeCase);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function actorOf(raw: unknown): AuditActor {
  if (!isPlainObject(raw) || typeof raw.type !== 'string') return null;
  if (typeof raw.id === 'number') return { type: raw.type, id: raw.id };
  if (typeof raw.name === 'string') return { type: raw.type, name: raw.name };
  return null;
}

const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** One stored event as the REST history shows it. */
export function toAuditEntry(event: RecordedEvent): AuditEntry {
  const metadata = isPlainObject(event.metadata) ? event.metadata : {};
  return {
    position: event.position,
    revision: event.revision,
    event_type: event.type,
    occurred_at: stringOrNull(metadata.occurredAt),
    actor: actorOf(metadata.actor),
    schema_version: typeof metadata.schemaVersion === 'number' ? metadata.schemaVersion : null,
    correlation_id: stringOrNull(metadata.correlationId),
    changes: auditChanges(event.data),
  };
}

/** One stored event as the CLI prints it: the REST entry plus its stream. */
export function toStreamAuditEntry(event: RecordedEvent): StreamAuditEntry {
  const { position, ...rest } = toAuditEntry(event);
  return { position, stream_id: event.streamId, ...rest };
}
