import { rawError } from './gitlab-errors';

/** GitLab's keyset direction key and its forward value (Paginator's `_kd`, FORWARD_DIRECTION). */
const DIRECTION_KEY = '_kd';
const FORWARD = 'n';

/**
 * The opaque `cursor` of keyset pages, as GitLab's keyset paginator makes it
 * (lib/gitlab/pagination/keyset/paginator.rb, Base64CursorConverter): base64url of the last row's
 * order values as strings (Order#cursor_attributes_for_node) and the direction,
 * `{"id":"1234","_kd":"n"}`. Clients only ever copy it from the Link header. The id need not exist
 * any more: pages seek past it, so a row deleted between two pages does not break the walk.
 */
export function encodeCursor(lastId: number): string {
  return Buffer.from(JSON.stringify({ id: String(lastId), [DIRECTION_KEY]: FORWARD })).toString('base64url');
}

/**
 * The id to continue after; a cursor that this service did not make is a 400. Ids come as GitLab's
 * strings or as numbers (cursors of earlier versions); only forward pages are served, so a
 * backward cursor (`"_kd":"p"`) is refused too.
 */
export function decodeCursor(cursor: string): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const fields = (decoded ?? {}) as { id?: unknown; [DIRECTION_KEY]?: unknown };
  if (fields[DIRECTION_KEY] !== undefined && fields[DIRECTION_KEY] !== FORWARD) throw invalidCursor();
  const id = typeof fields.id === 'string' && /^[1-9][0-9]{0,15}$/.test(fields.id) ? Number(fields.id) : fields.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) throw invalidCursor();
  return id;
}

const invalidCursor = () => rawError(400, 'cursor is invalid');
