import type { SchemaMigration } from './schema-migrations';

export const EVENT_STORE_COMPONENT = 'event-store';
/** The NOTIFY channel; the payload is "<writer instance id> <last position>". */
export const APPENDED_CHANNEL = 'event_store_appended';

/**
 * Why positions come from a one-row counter locked FOR UPDATE rather than from a sequence:
 * sequence values are handed out at INSERT time but become visible at COMMIT, and transactions
 * commit in any order, so a reader could see position 8 while 7 is still uncommitted, move its
 * checkpoint past 7 and never deliver it. Every append transaction instead starts by locking the
 * counter row and holds that lock until it commits. PostgreSQL makes a transaction visible before it
 * releases its locks, so the next writer (in this process or any other) gets the lock only after the
 * previous writer's events are visible, and numbers its own after them: positions are gapless and
 * become readable strictly in order, which is what CatchUpSubscription relies on. (A streaming
 * replica replays commits in WAL order, which is the same order.) The counter rather than an advisory
 * lock with MAX(position) + 1: the row lock needs no lock key shared with whatever else uses the
 * database, and a position is never handed out twice, even if the newest events were deleted by hand.
 *
 * The price is one writer at a time per database. Group commit makes that cheap: each process
 * writes all its waiting appends in one transaction, so the lock is taken once per batch.
 *
 * Payloads are `json`, not `jsonb`: json keeps the text exactly as written (key order, and strings
 * jsonb refuses such as "\u0000" or a lone surrogate, which SQLite and JSON.stringify accept) while
 * still rejecting malformed JSON and allowing `data->>'field'` in ad-hoc queries.
 */
const CREATE_TABLES = `
  CREATE TABLE events (
    position    BIGINT      PRIMARY KEY,
    event_id    TEXT        NOT NULL UNIQUE,
    stream_id   TEXT        NOT NULL,
    revision    INTEGER     NOT NULL,
    type        TEXT        NOT NULL,
    data        JSON        NOT NULL,
    metadata    JSON        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    UNIQUE (stream_id, revision)
  );
  CREATE TABLE event_store_head (
    singleton     BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    last_position BIGINT  NOT NULL
  );
  INSERT INTO event_store_head (last_position) VALUES (0);
`;

/**
 * Writes one group-commit batch in one statement, hence one round trip and one transaction. Append i
 * owns the events at offsets sum(p_counts[1..i-1]) + 1 ... + p_counts[i] of the event arrays.
 *
 * Each append is checked completely before anything of it is written (idempotent retry, expected
 * revision, ids used elsewhere), in the same order as the SQLite adapter; one that fails is reported
 * in its outcome row and the others carry on. Because the checks leave nothing for a constraint to
 * catch, no append needs a savepoint: savepoints would cost a subtransaction each, and more than 64
 * in one transaction slow every other session's snapshots. Anything unforeseen fails the statement,
 * and the caller retries the batch's appends one by one (see PostgresEventStore).
 *
 * Outcomes: 'written' and 'unchanged' (an idempotent retry, or an empty append) carry the result;
 * 'wrong_revision' carries the stream's actual revision; 'duplicate_id' the clashing id and where it is.
 */
const CREATE_APPEND_FUNCTION = `
  CREATE OR REPLACE FUNCTION event_store_append_batch(
    p_stream_ids TEXT[], p_expected_kinds TEXT[], p_expected_revisions BIGINT[], p_counts INTEGER[],
    p_event_ids TEXT[], p_types TEXT[], p_data TEXT[], p_metadata TEXT[], p_writer TEXT
  ) RETURNS TABLE (
    o_outcome TEXT, o_revision INTEGER, o_position BIGINT,
    o_event_id TEXT, o_existing_stream_id TEXT, o_existing_revision INTEGER, o_recorded_at TIMESTAMPTZ
  ) LANGUAGE plpgsql AS $fn$
  DECLARE
    v_last_position  BIGINT;
    v_first_position BIGINT;
    v_offset  INTEGER := 0;
    v_start   INTEGER;
    v_count   INTEGER;
    v_stream  TEXT;
    v_ids     TEXT[];
    v_stored  TEXT[];
    v_head_revision INTEGER;
    v_head_position BIGINT;
    v_mismatch INTEGER;
    v_expected_ok BOOLEAN;
    v_found   RECORD;
  BEGIN
    -- Under REPEATABLE READ or SERIALIZABLE the lock wait below would end in a serialization failure
    -- whenever another writer got there first, and the reads after it would not see that writer.
    IF current_setting('transaction_isolation') <> 'read committed' THEN
      RAISE EXCEPTION 'event_store_append_batch needs READ COMMITTED, not %', current_setting('transaction_isolation');
    END IF;
    SELECT h.last_position INTO v_last_position FROM event_store_head h FOR UPDATE;
    v_first_position := v_last_position;
    -- Taken after the lock, so recorded_at follows position order across processes (one clock).
    o_recorded_at := date_trunc('milliseconds', clock_timestamp());

    FOR i IN 1 .. coalesce(array_length(p_stream_ids, 1), 0) LOOP
      v_stream := p_stream_ids[i];
      v_count := p_counts[i];
      v_start := v_offset;
      v_offset := v_offset + v_count;
      v_ids := p_event_ids[v_start + 1 : v_start + v_count];
      o_event_id := NULL; o_existing_stream_id := NULL; o_existing_revision := NULL;

      SELECT e.revision, e.position INTO v_head_revision, v_head_position
        FROM events e WHERE e.stream_id = v_stream ORDER BY e.revision DESC LIMIT 1;
      IF NOT FOUND THEN v_head_revision := -1; v_head_position := 0; END IF;

      -- Idempotency wins over the expected revision: a retry after a lost reply carries the stale one.
      -- Only the first id is looked up here: if it is new, so is the append.
      IF v_count > 0 THEN
        SELECT e.stream_id, e.revision INTO v_found FROM events e WHERE e.event_id = v_ids[1];
        IF FOUND THEN
          IF v_found.stream_id <> v_stream THEN
            o_outcome := 'duplicate_id'; o_event_id := v_ids[1];
            o_existing_stream_id := v_found.stream_id; o_existing_revision := v_found.revision;
            RETURN NEXT; CONTINUE;
          END IF;
          SELECT array_agg(s.event_id ORDER BY s.revision), max(s.revision), max(s.position)
            INTO v_stored, o_revision, o_position
            FROM (SELECT e.event_id, e.revision, e.position FROM events e
                   WHERE e.stream_id = v_stream AND e.revision >= v_found.revision
                   ORDER BY e.revision LIMIT v_count) s;
          IF v_stored = v_ids THEN
            o_outcome := 'unchanged'; RETURN NEXT; CONTINUE;
          END IF;
          -- A retry must repeat the earlier append exactly; name the first id that breaks it.
          SELECT min(k) INTO v_mismatch FROM generate_series(1, v_count) k WHERE v_stored[k] IS DISTINCT FROM v_ids[k];
          o_outcome := 'duplicate_id'; o_revision := NULL; o_position := NULL;
          SELECT v_ids[v_mismatch] AS event_id, e.stream_id, e.revision INTO v_found FROM events e WHERE e.event_id = v_ids[v_mismatch];
          IF NOT FOUND THEN
            SELECT v_ids[1] AS event_id, e.stream_id, e.revision INTO v_found FROM events e WHERE e.event_id = v_ids[1];
          END IF;
          o_event_id := v_found.event_id; o_existing_stream_id := v_found.stream_id; o_existing_revision := v_found.revision;
          RETURN NEXT; CONTINUE;
        END IF;
      END IF;

      v_expected_ok := CASE p_expected_kinds[i]
          WHEN 'any' THEN TRUE
          WHEN 'no_stream' THEN v_head_revision = -1
          WHEN 'stream_exists' THEN v_head_revision <> -1
          ELSE v_head_revision = p_expected_revisions[i]
        END;
      IF NOT v_expected_ok THEN
        o_outcome := 'wrong_revision'; o_revision := v_head_revision; o_position := NULL;
        RETURN NEXT; CONTINUE;
      END IF;

      IF v_count = 0 THEN
        o_outcome := 'unchanged'; o_revision := v_head_revision; o_position := v_head_position;
        RETURN NEXT; CONTINUE;
      END IF;

      -- The first id is new; a later one may still be taken (elsewhere, or earlier in this batch).
      SELECT u.id AS event_id, e.stream_id, e.revision INTO v_found
        FROM unnest(v_ids) WITH ORDINALITY AS u(id, k) JOIN events e ON e.event_id = u.id
        ORDER BY u.k LIMIT 1;
      IF FOUND THEN
        o_outcome := 'duplicate_id'; o_revision := NULL; o_position := NULL;
        o_event_id := v_found.event_id; o_existing_stream_id := v_found.stream_id; o_existing_revision := v_found.revision;
        RETURN NEXT; CONTINUE;
      END IF;

      INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata, recorded_at)
        SELECT v_last_position + u.k, u.id, v_stream, v_head_revision + u.k, u.type, u.data::json, u.metadata::json, o_recorded_at
          FROM unnest(v_ids, p_types[v_start + 1 : v_start + v_count], p_data[v_start + 1 : v_start + v_count],
                      p_metadata[v_start + 1 : v_start + v_count]) WITH ORDINALITY AS u(id, type, data, metadata, k);
      v_last_position := v_last_position + v_count;
      o_outcome := 'written'; o_revision := v_head_revision + v_count; o_position := v_last_position;
      RETURN NEXT;
    END LOOP;

    IF v_last_position > v_first_position THEN
      UPDATE event_store_head SET last_position = v_last_position;
      -- Delivered at commit, in commit order, to every LISTENing session of this database.
      PERFORM pg_notify('${APPENDED_CHANNEL}', p_writer || ' ' || v_last_position);
    END IF;
  END
  $fn$;
`;

/** Replaces one exact piece of SQL, failing loudly if an edit of the base text made it disappear. */
function replaceOnce(sql: string, piece: string, replacement: string): string {
  const at = sql.indexOf(piece);
  if (at === -1 || sql.indexOf(piece, at + 1) !== -1) throw new Error(`Expected exactly one occurrence of: ${piece}`);
  return sql.slice(0, at) + replacement + sql.slice(at + piece.length);
}

/**
 * Version 3 of the append: p_max_counts (one per append, NULL for none) truncates a stream to its
 * latest events right after writing to it, in the same transaction (the port's `maxCount`). Deleted
 * positions leave holes in `$all`; positions handed out stay strictly increasing and gapless at
 * write time, so readers still see them become visible in order. An overload, not a replacement:
 * processes of the previous release keep calling the 9-argument function during a rolling upgrade.
 */
const CREATE_APPEND_WITH_MAX_COUNT_FUNCTION = replaceOnce(
  replaceOnce(
    CREATE_APPEND_FUNCTION,
    'p_event_ids TEXT[], p_types TEXT[], p_data TEXT[], p_metadata TEXT[], p_writer TEXT',
    'p_event_ids TEXT[], p_types TEXT[], p_data TEXT[], p_metadata TEXT[], p_max_counts INTEGER[], p_writer TEXT',
  ),
  "      o_outcome := 'written'; o_revision := v_head_revision + v_count; o_position := v_last_position;",
  `      IF p_max_counts[i] IS NOT NULL THEN
        DELETE FROM events e WHERE e.stream_id = v_stream AND e.revision <= v_head_revision + v_count - p_max_counts[i];
      END IF;
      o_outcome := 'written'; o_revision := v_head_revision + v_count; o_position := v_last_position;`,
);

export const EVENT_STORE_MIGRATIONS: readonly SchemaMigration[] = [
  { version: 1, name: 'events table and position counter', sql: CREATE_TABLES },
  { version: 2, name: 'event_store_append_batch function', sql: CREATE_APPEND_FUNCTION },
  { version: 3, name: 'event_store_append_batch with stream max counts', sql: CREATE_APPEND_WITH_MAX_COUNT_FUNCTION },
];
