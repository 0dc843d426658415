import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { DIRECTORY_EVENT_SCHEMA_VERSIONS } from './directory/directory.events';
import { JOB_EVENT_SCHEMA_VERSIONS } from './job/job.events';
import { RUNNER_EVENT_SCHEMA_VERSIONS } from './runner/runner.events';
import { EVENT_SCHEMA_VERSIONS, EVENT_UPCASTERS, type DomainEventType } from './event-schemas';

/** Compile-time half: the registry's keys are exactly the union's types (checked by `npm run typecheck`). */
type Equals<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const registryCoversTheUnions: Equals<keyof typeof EVENT_SCHEMA_VERSIONS, DomainEventType> = true;

/** Runtime half: the `type` of every member of each event union, read from the source by the TypeScript checker. */
const EVENT_FILES = ['./runner/runner.events.ts', './directory/directory.events.ts', './job/job.events.ts'];
let program: ts.Program | undefined;

function eventTypesOfUnion(file: string, unionName: string): string[] {
  const path = resolve(__dirname, file);
  program ??= ts.createProgram(EVENT_FILES.map((f) => resolve(__dirname, f)), { strict: true, noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path)!;
  const alias = source.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === unionName);
  if (!alias) throw new Error(`${unionName} not found in ${file}`);
  const union = checker.getTypeAtLocation(alias.name);
  const members = union.isUnion() ? union.types : [union];
  return members.map((member) => {
    const type = checker.getTypeOfSymbolAtLocation(member.getProperty('type')!, alias);
    if (!type.isStringLiteral()) throw new Error(`${unionName} has a member whose type is not a string literal`);
    return type.value;
  });
}

describe('event schema registry', () => {
  it.each([
    ['./runner/runner.events.ts', 'RunnerEvent', RUNNER_EVENT_SCHEMA_VERSIONS],
    ['./directory/directory.events.ts', 'DirectoryEvent', DIRECTORY_EVENT_SCHEMA_VERSIONS],
    ['./job/job.events.ts', 'JobEvent', JOB_EVENT_SCHEMA_VERSIONS],
  ])('every member of the union in %s has a current version, and nothing else has one', (file, union, familyVersions) => {
    expect(registryCoversTheUnions).toBe(true);
    const types = eventTypesOfUnion(file, union);
    expect(types.length).toBeGreaterThan(0);
    expect([...types].sort()).toEqual(Object.keys(familyVersions).sort());
    for (const type of types) expect({ type, version: EVENT_SCHEMA_VERSIONS[type as DomainEventType] }).toEqual({ type, version: familyVersions[type as never] });
  });

  it('no two families claim the same event type (merging them would silently drop one)', () => {
    const families = [RUNNER_EVENT_SCHEMA_VERSIONS, DIRECTORY_EVENT_SCHEMA_VERSIONS, JOB_EVENT_SCHEMA_VERSIONS];
    expect(Object.keys(EVENT_SCHEMA_VERSIONS)).toHaveLength(families.reduce((sum, family) => sum + Object.keys(family).length, 0));
  });

  it('has exactly one upcaster for every step from version 1 to each current version', () => {
    const steps = EVENT_UPCASTERS.map((u) => `${u.eventType} v${u.fromVersion}`);
    const expected = Object.entries(EVENT_SCHEMA_VERSIONS).flatMap(([type, current]) =>
      Array.from({ length: current - 1 }, (_, index) => `${type} v${index + 1}`),
    );
    expect([...steps].sort()).toEqual([...expected].sort());
    for (const version of Object.values(EVENT_SCHEMA_VERSIONS)) expect(Number.isSafeInteger(version) && version >= 1).toBe(true);
  });

  it('knows every event type of the committed v1 log', () => {
    const log = readFileSync(resolve(__dirname, '../../../test/fixtures/event-log-v1.jsonl'), 'utf8').trim().split('\n');
    const types = new Set(log.map((line) => (JSON.parse(line) as { type: string }).type));
    expect([...types].filter((type) => !(type in EVENT_SCHEMA_VERSIONS))).toEqual([]);
  });
});
