import { describe, expect, it } from '@jest/globals';
import { INSTANCE_SETTINGS_STREAM, groupStreamId, jobStreamId, projectStreamId, runnerStreamId, userStreamId } from '@app/domain';
import { SERVICE_STREAMS, StreamNames, selectionRegex } from './stream-selection';

describe('stream selection', () => {
  it("covers every stream the domain names, and is derived from the domain's helpers", () => {
    const names = new StreamNames('', SERVICE_STREAMS);
    for (const streamId of [runnerStreamId(12), jobStreamId(99), userStreamId(1), groupStreamId(2), projectStreamId(3), INSTANCE_SETTINGS_STREAM]) {
      expect(names.portStreamId(streamId)).toBe(streamId);
    }
  });

  it('leaves out system streams, other applications and the event-id reservations', () => {
    const names = new StreamNames('', SERVICE_STREAMS);
    for (const esdbName of ['$stats-127.0.0.1:2113', '$$runner-1', '$ce-runner', 'orders-1', 'instance-settings-2', 'reserved-event-id-6f1c3c1e', 'xrunner-1']) {
      expect(names.portStreamId(esdbName)).toBeUndefined();
    }
  });

  it('is one regex for the server-side filter: the namespace, no reservation, then a prefix or a whole name', () => {
    expect(selectionRegex('', SERVICE_STREAMS)).toBe(
      '^(?!reserved-event-id-)(?:runner-|job-|user-|group-|project-|instance-settings$)',
    );
  });

  it('escapes regex characters of the namespace and the selection', () => {
    const regex = selectionRegex('t.1+', { prefixes: ['a(b'], names: ['c$'] });
    expect(regex).toBe('^t\\.1\\+(?!reserved-event-id-)(?:a\\(b|c\\$$)');
    expect(new RegExp(regex).test('t.1+a(b-1')).toBe(true);
    expect(new RegExp(regex).test('tx1+a(b-1')).toBe(false);
    expect(new RegExp(regex).test('t.1+c$')).toBe(true);
  });

  describe('within a namespace', () => {
    const names = new StreamNames('contract-1.', { prefixes: [''] });

    it("maps port stream ids to the namespace's EventStoreDB streams and back", () => {
      expect(names.esdbName('stream-a')).toBe('contract-1.stream-a');
      expect(names.portStreamId('contract-1.stream-a')).toBe('stream-a');
    });

    it("sees neither other namespaces nor its own reservations, even when every name is selected", () => {
      expect(names.portStreamId('contract-2.stream-a')).toBeUndefined();
      expect(names.portStreamId('stream-a')).toBeUndefined();
      expect(names.reservationStream('6f1c3c1e')).toBe('contract-1.reserved-event-id-6f1c3c1e');
      expect(names.portStreamId(names.reservationStream('6f1c3c1e'))).toBeUndefined();
    });
  });

  it('refuses a namespace that would create system streams', () => {
    expect(() => new StreamNames('$rr-', SERVICE_STREAMS)).toThrow(/system streams/);
  });
});
