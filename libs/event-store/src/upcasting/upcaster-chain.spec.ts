import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '../event-store.port';
import { dataUpcaster, type Upcaster } from './upcaster';
import { UpcasterChain } from './upcaster-chain';
import { InvalidUpcasterChainError, UnknownSchemaVersionError } from './upcasting.errors';

/** A toy history: Renamed v1 {name} → v2 {title} → v3 {title, subtitle: null}; Kept stays at v1. */
const renamed1to2 = dataUpcaster<{ name: string }, { title: string }>('Renamed', 1, ({ name }) => ({ title: name }));
const renamed2to3 = dataUpcaster<{ title: string }, { title: string; subtitle: null }>('Renamed', 2, (data) => ({ ...data, subtitle: null }));
const chain = new UpcasterChain({ currentVersions: { Renamed: 3, Kept: 1 }, upcasters: [renamed2to3, renamed1to2] });

const stored = (type: string, data: unknown, metadata: Record<string, unknown>): RecordedEvent => ({
  id: '7f1c1a8e-0000-4000-8000-000000000001',
  type,
  data,
  metadata,
  streamId: 'thing-1',
  revision: 4,
  position: 42,
  recordedAt: '2026-11-02T08:00:00.000Z',
});

describe('UpcasterChain', () => {
  it('applies every step from the stored version to the current one, in order', () => {
    const event = stored('Renamed', { name: 'a' }, { schemaVersion: 1, correlationId: 'c' });
    expect(chain.upcast(event)).toEqual({ ...event, data: { title: 'a', subtitle: null }, metadata: { schemaVersion: 3, correlationId: 'c' } });
  });

  it('starts from the stored version, not from 1', () => {
    expect(chain.upcast(stored('Renamed', { title: 'b' }, { schemaVersion: 2 })).data).toEqual({ title: 'b', subtitle: null });
  });

  it('reads an event without a schema version as version 1', () => {
    const upcast = chain.upcast(stored('Renamed', { name: 'c' }, {}));
    expect([upcast.data, upcast.metadata.schemaVersion]).toEqual([{ title: 'c', subtitle: null }, 3]);
  });

  it('hands current events and unknown types back untouched (the very same object)', () => {
    const current = stored('Renamed', { title: 'd', subtitle: 'x' }, { schemaVersion: 3 });
    const foreign = stored('SomethingElse', { name: 'e' }, { schemaVersion: 9 });
    expect(chain.upcast(current)).toBe(current);
    expect(chain.upcast(foreign)).toBe(foreign);
  });

  it('never mutates the stored event', () => {
    const event = stored('Renamed', { name: 'f' }, { schemaVersion: 1 });
    const copy = structuredClone(event);
    chain.upcast(event);
    expect(event).toEqual(copy);
  });

  it('fails loudly on a version newer than the code knows, naming the event', () => {
    const future = stored('Renamed', { title: 'g' }, { schemaVersion: 4 });
    expect(() => chain.upcast(future)).toThrow(UnknownSchemaVersionError);
    expect(() => chain.upcast(future)).toThrow('Renamed at position 42 (stream thing-1) has schema version 4, but this code knows versions 1 to 3');
  });

  it.each([[0], [1.5], ['2'], [null], [-1]])('fails loudly on a schema version that is not one (%p)', (schemaVersion) => {
    expect(() => chain.upcast(stored('Kept', {}, { schemaVersion }))).toThrow(UnknownSchemaVersionError);
  });

  describe('is checked when built', () => {
    const build = (currentVersions: Record<string, number>, upcasters: Upcaster[]) => () => new UpcasterChain({ currentVersions, upcasters });

    it('refuses a gap in the chain', () => {
      expect(build({ Renamed: 3 }, [renamed2to3])).toThrow(new InvalidUpcasterChainError(['Renamed: no upcaster from v1']));
    });

    it('refuses two upcasters for one step, one at or past the current version, and one for an unknown type', () => {
      expect(build({ Renamed: 2, Kept: 1 }, [renamed1to2, renamed1to2, renamed2to3, dataUpcaster('Other', 1, (d) => d)])).toThrow(
        new InvalidUpcasterChainError(['Renamed v1: two upcasters', 'Renamed v2: current version is 2', 'Other v1: unknown event type']),
      );
    });

    it('refuses a current version that is not a positive integer', () => {
      expect(build({ Kept: 0 }, [])).toThrow(new InvalidUpcasterChainError(['Kept: current version 0 is not a positive integer']));
    });
  });
});
