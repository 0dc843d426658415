import type { RecordedEvent } from '@app/event-store';
import { auditChanges, snakeCase, stripSecrets, toAuditEntry, toStreamAuditEntry } from './audit-entry';

const DIGEST = 'a'.repeat(64);

describe('audit entries', () => {
  describe('snakeCase', () => {
    it.each([
      ['tagList', 'tag_list'],
      ['ipAddress', 'ip_address'],
      ['ownerProjectId', 'owner_project_id'],
      ['already_snake', 'already_snake'],
      ['id', 'id'],
      ['HTTPStatus', 'http_status'],
    ])('%s → %s', (input, output) => {
      expect(snakeCase(input)).toBe(output);
    });
  });

  describe('auditChanges', () => {
    it('drops the top-level runnerId and snake-cases the keys', () => {
      expect(auditChanges({ runnerId: 7, pausedAt: '2024-01-01T00:00:00.000Z' })).toEqual({ paused_at: '2024-01-01T00:00:00.000Z' });
    });

    it('drops every key ending in token or digest that could hold one, whatever the case', () => {
      const changes = auditChanges({ runnerId: 7, tokenDigest: DIGEST, resetAt: '2024-01-01T00:00:00.000Z', registrationTokenDigest: DIGEST, DIGEST: 'x', Token: 'y', tokens: [] });
      expect(changes).toEqual({ reset_at: '2024-01-01T00:00:00.000Z' });
      expect(JSON.stringify(changes)).not.toContain(DIGEST);
    });

    it('keeps what merely mentions a token: tokenExpiresAt, the registration-token switch, the expiration intervals', () => {
      expect(
        auditChanges({
          tokenDigest: DIGEST,
          tokenExpiresAt: '2024-02-01T00:00:00.000Z',
          changes: { allowRunnerRegistrationToken: false, runnerTokenExpirationInterval: 3600, groupRunnerTokenExpirationInterval: null },
        }),
      ).toEqual({
        token_expires_at: '2024-02-01T00:00:00.000Z',
        changes: { allow_runner_registration_token: false, runner_token_expiration_interval: 3600, group_runner_token_expiration_interval: null },
      });
    });

    it('strips at every depth, through arrays, and renames nested keys', () => {
      const data = {
        userId: 3,
        tokens: [{ tokenDigest: DIGEST, scopes: ['api'] }],
        profile: { displayName: 'Alice', nested: [{ secretDigest: DIGEST, keptValue: 1 }] },
        changes: { tagList: ['a'], maximumTimeout: 3600 },
      };
      const stripped = auditChanges(data);
      expect(stripped).toEqual({
        user_id: 3,
        profile: { display_name: 'Alice', nested: [{ kept_value: 1 }] },
        changes: { tag_list: ['a'], maximum_timeout: 3600 },
      });
      expect(JSON.stringify(stripped)).not.toContain(DIGEST);
    });

    it('keeps a nested runnerId (only the stream-naming top-level one goes)', () => {
      expect(auditChanges({ runnerId: 1, job: { runnerId: 1 } })).toEqual({ job: { runner_id: 1 } });
    });

    it('does not mutate its input', () => {
      const data = { runnerId: 1, tokenDigest: DIGEST, nested: { tokenDigest: DIGEST } };
      const copy = structuredClone(data);
      auditChanges(data);
      expect(data).toEqual(copy);
    });

    it('a payload that is not an object has no changes', () => {
      expect(auditChanges(null)).toEqual({});
      expect(auditChanges('x')).toEqual({});
      expect(auditChanges([1])).toEqual({});
    });

    it('stripSecrets leaves scalars alone', () => {
      expect(stripSecrets(3)).toBe(3);
      expect(stripSecrets(null)).toBeNull();
      expect(stripSecrets(['a', { aToken: 'x', b: 1 }])).toEqual(['a', { b: 1 }]);
    });
  });

  describe('toAuditEntry', () => {
    const event: RecordedEvent = {
      id: '6b0b1d6e-0000-4000-8000-000000000000',
      type: 'RunnerAuthenticationTokenReset',
      streamId: 'runner-7',
      revision: 3,
      position: 42,
      recordedAt: '2024-01-01T00:00:01.000Z',
      data: { runnerId: 7, tokenDigest: DIGEST, tokenExpiresAt: null, resetAt: '2024-01-01T00:00:00.000Z' },
      metadata: {
        occurredAt: '2024-01-01T00:00:00.000Z',
        actor: { type: 'user', id: 4 },
        correlationId: 'c-1',
        causationId: 'c-0',
        schemaVersion: 1,
      },
    };

    it('has the entry shape, keys in order', () => {
      const entry = toAuditEntry(event);
      expect(Object.keys(entry)).toEqual(['position', 'revision', 'event_type', 'occurred_at', 'actor', 'schema_version', 'correlation_id', 'changes']);
      expect(entry).toEqual({
        position: 42,
        revision: 3,
        event_type: 'RunnerAuthenticationTokenReset',
        occurred_at: '2024-01-01T00:00:00.000Z',
        actor: { type: 'user', id: 4 },
        schema_version: 1,
        correlation_id: 'c-1',
        changes: { token_expires_at: null, reset_at: '2024-01-01T00:00:00.000Z' },
      });
    });

    it('a system actor shows its name', () => {
      expect(toAuditEntry({ ...event, metadata: { ...event.metadata, actor: { type: 'system', name: 'status-monitor' } } }).actor).toEqual({
        type: 'system',
        name: 'status-monitor',
      });
    });

    it('missing metadata becomes nulls, not a crash', () => {
      expect(toAuditEntry({ ...event, metadata: {} })).toMatchObject({ occurred_at: null, actor: null, schema_version: null, correlation_id: null });
    });

    it('the stream entry adds stream_id after position', () => {
      const entry = toStreamAuditEntry(event);
      expect(Object.keys(entry).slice(0, 3)).toEqual(['position', 'stream_id', 'revision']);
      expect(entry.stream_id).toBe('runner-7');
    });
  });
});
