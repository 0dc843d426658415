import { rawError } from './gitlab-errors';

/**
 * The opaque `cursor` of keyset pages: base64url of {"id": <last id served>}, as GitLab's keyset
 * paginator encodes the last row's order values (lib/gitlab/pagination/keyset/paginator.rb,
 * Base64CursorConverter). Clients only ever copy it from the Link header. The id need not exist
 * any more: pages seek past it, so a row deleted between two pages does not break the walk.
 */
export function encodeCursor(lastId: number): string {
  return Buffer.from(JSON.stringify({ id: lastId })).toString('base64url');
}

/** The id to continue after; a cursor that this service did not make is a 400. */
export function decodeCursor(cursor: string): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const id = (decoded as { id?: unknown } | null)?.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) throw invalidCursor();
  return id;
}

const invalidCursor = () => rawError(400, 'cursor is invalid');
