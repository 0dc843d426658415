/**
 * docs/asyncapi.yaml is the contract of every topic; this spec keeps it true.
 *
 * - The document parses as valid AsyncAPI 3.0 with @asyncapi/parser (maintained by AsyncAPI).
 * - Every event type of the domain (EVENT_SCHEMA_VERSIONS, itself checked against the unions) has
 *   a message on runner-registry.runner-events with its current schema version, and nothing else
 *   does; no outbound payload schema has a field the secret rule would drop (a name ending in
 *   token or digest that admits anything but a boolean, a number or null).
 * - The inbound data schemas are the very objects the consumer validates with.
 * - Real messages validate (Ajv): a running service (directory and job events arriving on Kafka,
 *   runners driven through the HTTP API, the status monitor on a controlled clock) and KafkaRelay
 *   from libs/kafka relaying its store to a topic; the consumer's dead letters; the document's own
 *   inbound examples, which the consumer must also apply without dead-lettering any.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Parser, type AsyncAPIDocumentInterface } from '@asyncapi/parser';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { EVENT_SCHEMA_VERSIONS } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { KafkaRelay, messageKey } from '@app/kafka';
import { StatusMonitor } from '../../apps/runner-registry/src/runners/record-status-transitions/status-monitor.timer';
import { Clock } from '@app/common/clock';
import { EVENT_STORE } from '../../apps/runner-registry/src/kernel/tokens';
import { INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../support/fixture-directory';
import { jobEvent } from '../support/job-events';
import { INBOUND_ENVELOPE_SCHEMA } from '@app/kafka/inbound/cloud-event-envelope';
import { DIRECTORY_DATA_SCHEMAS } from '../../apps/runner-registry/src/directory/sync-directory/directory-message.schemas';
import { JOB_CHANGED_DATA_SCHEMA } from '../../apps/runner-registry/src/jobs/record-job-events/job-messages';
import {
  brokers,
  cloudEvent,
  createInboundTopics,
  deleteInboundTopics,
  disconnectProducer,
  kafka,
  publish,
  startConsumingApp,
  TopicCollector,
  type CollectedMessage,
  type ConsumingApp,
  type InboundTopics,
} from './consumer-test-kit';

const DOCUMENT = resolve(__dirname, '../../docs/asyncapi.yaml');
const ROOT = patOf('root');

/** The parser annotates every schema (x-parser-schema-id…); Ajv's strict mode must not see those. */
function withoutParserKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutParserKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith('x-parser-')).map(([key, inner]) => [key, withoutParserKeys(inner)]));
}
/** For comparing with the consumer's schemas: descriptions (the keyword, not a property named so) are documentation only. */
function withoutDocs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDocs);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(withoutParserKeys(value) as object).filter(([key, inner]) => !(key === 'description' && typeof inner === 'string'));
  return Object.fromEntries(entries.map(([key, inner]) => [key, withoutDocs(inner)]));
}

const ajv = addFormats(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }));
const compiled = new Map<string, ValidateFunction>();
function validator(key: string, schema: () => unknown): ValidateFunction {
  if (!compiled.has(key)) compiled.set(key, ajv.compile(withoutParserKeys(schema()) as object));
  return compiled.get(key)!;
}
function expectValid(validate: ValidateFunction, value: unknown, what: string): void {
  const valid = validate(value);
  // The failure names the message and Ajv's reasons, so drift is obvious.
  expect({ what, errors: valid ? [] : validate.errors }).toEqual({ what, errors: [] });
}

describe('docs/asyncapi.yaml', () => {
  let document: AsyncAPIDocumentInterface;

  /** The message of a channel whose `name` is the CloudEvent type (or dead-letter). */
  const messageNamed = (channel: string, name: string) => document.channels().get(channel)?.messages().all().find((m) => m.name() === name);
  const payloadValidator = (channel: string, name: string) => {
    const message = messageNamed(channel, name);
    if (!message) throw new Error(`docs/asyncapi.yaml: channel ${channel} has no message named ${name}`);
    return validator(`${channel}/${name}/payload`, () => message.payload()!.json());
  };
  const headersValidator = (channel: string, name: string) => validator(`${channel}/${name}/headers`, () => messageNamed(channel, name)!.headers()!.json());
  /** The Kafka key's schema, from the message's kafka binding. */
  const keyValidator = (channel: string, name: string) =>
    validator(`${channel}/${name}/key`, () => (messageNamed(channel, name)!.bindings().get('kafka')!.value() as { key: unknown }).key);

  beforeAll(async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(readFileSync(DOCUMENT, 'utf8'));
    const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.message} at ${d.path.join('.')}`);
    expect(errors).toEqual([]);
    document = parsed!;
  });

  it('is AsyncAPI 3.0 describing the four topics', () => {
    expect(document.version()).toBe('3.0.0');
    expect(document.channels().all().map((c) => c.address())).toEqual([
      'runner-registry.runner-events',
      'runner-registry.directory-events',
      'runner-registry.job-events',
      'runner-registry.dead-letter',
    ]);
  });

  it('has a runner-events message for every event type of the domain, at its current schema version, and for nothing else', () => {
    const documented = document.channels().get('runnerEvents')!.messages().all();
    expect(documented.map((m) => m.name()).sort()).toEqual(Object.keys(EVENT_SCHEMA_VERSIONS).map((type) => `runner-registry.${type}`).sort());
    for (const message of documented) {
      const type = message.name()!.replace('runner-registry.', '') as keyof typeof EVENT_SCHEMA_VERSIONS;
      const branch = (message.payload()!.json() as { allOf: { properties?: Record<string, { const?: unknown }> }[] }).allOf[1];
      expect({ type, const: branch.properties?.type?.const, version: branch.properties?.schemaversion?.const }).toEqual({
        type,
        const: `runner-registry.${type}`,
        version: EVENT_SCHEMA_VERSIONS[type],
      });
    }
  });

  it('documents no outbound field that could hold a token or a digest (secrets are stripped)', () => {
    // The secret rule restated: a name ending in token/digest (optionally plural) is published only
    // when its value cannot be a secret, so its schema must admit nothing but booleans, numbers, null.
    const harmlessTypes = new Set(['boolean', 'integer', 'number', 'null']);
    const cannotHoldSecret = (schema: { type?: string | string[] }) => schema.type !== undefined && [schema.type].flat().every((t) => harmlessTypes.has(t));
    const offending: string[] = [];
    const published: string[] = [];
    const walk = (schema: unknown, path: string): void => {
      if (Array.isArray(schema)) return schema.forEach((s, i) => walk(s, `${path}[${i}]`));
      if (typeof schema !== 'object' || schema === null) return;
      for (const [key, inner] of Object.entries(schema)) {
        if (key === 'properties') {
          for (const [name, property] of Object.entries(inner as Record<string, { type?: string | string[] }>)) {
            if (!/(token|digest)s?$/i.test(name)) continue;
            (cannotHoldSecret(property) ? published : offending).push(`${path}.${name}`);
          }
        }
        walk(inner, `${path}.${key}`);
      }
    };
    for (const message of document.channels().get('runnerEvents')!.messages().all()) {
      walk((withoutParserKeys(message.payload()!.json()) as { allOf: unknown[] }).allOf[1], message.name()!);
    }
    expect(offending).toEqual([]);
    // The check sees the fields that merely mention a token (it would prove nothing otherwise).
    expect(published).toEqual(expect.arrayContaining([
      'runner-registry.InstanceSettingsProvisioned.properties.data.allowRunnerRegistrationToken',
      'runner-registry.GroupProvisioned.properties.data.registrationTokenDigest',
    ]));
  });

  it("the inbound schemas are the very ones the consumer validates with", () => {
    const schema = (name: string) => withoutDocs(document.components().schemas().get(name)!.json());
    expect(schema('InboundCloudEvent')).toEqual(INBOUND_ENVELOPE_SCHEMA);
    for (const [name, consumerSchema] of Object.entries(DIRECTORY_DATA_SCHEMAS)) expect({ name, schema: schema(name) }).toEqual({ name, schema: consumerSchema });
    expect(schema('JobChangedData')).toEqual(JOB_CHANGED_DATA_SCHEMA);
  });

  describe('real messages', () => {
    let topics: InboundTopics;
    let app: ConsumingApp;
    let store: EventStore;
    let relayed: CollectedMessage[];
    let deadLetters: CollectedMessage[];
    let examples: { channel: string; name: string; payload: Record<string, unknown> }[];
    let relayTopic: string;

    /** Every example of the document's inbound messages, with the Kafka key the contract asks for. */
    function inboundExamples() {
      return ['directoryEvents', 'jobEvents'].flatMap((channel) =>
        document.channels().get(channel)!.messages().all().flatMap((message) =>
          message.examples().all().map((example) => ({ channel, name: message.name()!, payload: example.payload() as Record<string, unknown> })),
        ),
      );
    }
    function keyOf(name: string, data: Record<string, any>): string {
      if (name === 'job.changed') return String(data.id);
      if (name.startsWith('directory.membership')) return `${data.source}-${data.source_id}`;
      if (name.startsWith('directory.personal-access-token')) return `user-${data.user_id}`;
      if (name === 'directory.registration-token.reset') return data.scope === 'instance' ? 'instance-settings' : `${data.scope}-${data.scope_id}`;
      if (name.startsWith('directory.instance-settings')) return 'instance-settings';
      return `${name.split('.')[1]}-${data.id}`;
    }

    beforeAll(async () => {
      topics = await createInboundTopics(1);
      app = await startConsumingApp(topics, { RUNNER_ONLINE_TIMEOUT_SECONDS: '2', RUNNER_STALE_TIMEOUT_SECONDS: '6', RUNNER_CONTACT_THROTTLE_SECONDS: '1' });
      store = app.app.get(EVENT_STORE);
      let now = Date.now();
      jest.spyOn(app.app.get(Clock), 'now').mockImplementation(() => new Date(now));
      const ok = async (method: string, url: string, options: Parameters<ConsumingApp['request']>[2], status: number) => {
        const response = await app.request(method, url, options);
        if (response.status !== status) throw new Error(`${method} ${url}: ${response.status} ${response.body}`);
        return response.status === 204 ? undefined : response.json();
      };

      // Runners through the HTTP API: every runner event type.
      const registered = await ok('POST', '/api/v4/runners', { payload: { token: INSTANCE_REGISTRATION_TOKEN, description: 'builder', tag_list: 'linux,docker' } }, 201);
      await ok('PUT', `/api/v4/runners/${registered.id}`, { token: ROOT, payload: { description: 'renamed', maximum_timeout: 3600 } }, 200);
      await ok('PUT', `/api/v4/runners/${registered.id}`, { token: ROOT, payload: { paused: true } }, 200);
      await ok('PUT', `/api/v4/runners/${registered.id}`, { token: ROOT, payload: { paused: false } }, 200);
      // An update that changes nothing still ticks the runner's queue (RunnerQueueTicked).
      await ok('PUT', `/api/v4/runners/${registered.id}`, { token: ROOT, payload: { paused: false } }, 200);
      await ok('POST', `/api/v4/runners/${registered.id}/reset_authentication_token`, { token: ROOT }, 201);
      const created = await ok('POST', '/api/v4/user/runners', { token: ROOT, payload: { runner_type: 'instance_type', description: 'created' } }, 201);
      const poll = (info: Record<string, string>) => ok('POST', '/api/v4/jobs/request', { payload: { token: created.token, system_id: 's_000000000001', info } }, 204);
      await poll({ version: '17.0.0', revision: 'abc', platform: 'linux', architecture: 'amd64', executor: 'docker' });
      now += 1500;
      await poll({ version: '17.1.0', revision: 'def', platform: 'linux', architecture: 'amd64', executor: 'docker' });
      await ok('POST', '/api/v4/runners/verify', { payload: { token: created.token, system_id: 's_000000000002' } }, 200);
      await ok('DELETE', '/api/v4/runners/managers', { payload: { token: created.token, system_id: 's_000000000002' } }, 204);
      const projectRunner = await ok('POST', '/api/v4/runners', { payload: { token: projectRegistrationToken(1) } }, 201);
      await ok('POST', '/api/v4/projects/2/runners', { token: ROOT, payload: { runner_id: projectRunner.id } }, 201);
      await ok('DELETE', `/api/v4/projects/2/runners/${projectRunner.id}`, { token: ROOT }, 204);
      await ok('POST', '/api/v4/runners/verify', { payload: { token: projectRunner.token } }, 200);
      now += 3_000;
      await app.app.get(StatusMonitor).sweep(); // offline
      now += 10_000;
      await app.app.get(StatusMonitor).sweep(); // stale
      await ok('POST', '/api/v4/runners/reset_registration_token', { token: ROOT }, 201);
      await ok('DELETE', `/api/v4/runners/${projectRunner.id}`, { token: ROOT }, 204);

      // Directory and job events through Kafka: the document's own examples, then one more job and one poison message.
      // Switching registration tokens off goes last: the instance token reset example would be refused after it.
      examples = inboundExamples().sort((a, b) => Number(a.name === 'directory.instance-settings.changed') - Number(b.name === 'directory.instance-settings.changed'));
      await publish(topics.directory, ...examples.filter((e) => e.channel === 'directoryEvents').map((e) => ({ key: keyOf(e.name, e.payload.data as object), value: e.payload })));
      await publish(
        topics.jobs,
        ...examples.filter((e) => e.channel === 'jobEvents').map((e) => ({ key: keyOf(e.name, e.payload.data as object), value: { ...e.payload, data: { ...(e.payload.data as object), runner_id: registered.id } } })),
        { key: '77', value: cloudEvent('job.changed', jobEvent(77, registered.id)) },
        { key: '78', value: cloudEvent('job.changed', { id: 78 }) },
      );
      await app.processedCount(topics.directory, examples.filter((e) => e.channel === 'directoryEvents').length);
      await app.processedCount(topics.jobs, examples.filter((e) => e.channel === 'jobEvents').length + 2);

      // The relay of libs/kafka, on the service's store, to a topic of its own (the service's relay, if wired, uses topics.runnerEvents).
      relayTopic = `${topics.runnerEvents}.under-test`;
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: relayTopic, numPartitions: 3, replicationFactor: 1 }] }).finally(() => admin.disconnect());
      const collector = await TopicCollector.start(relayTopic);
      let checkpoint = 0;
      const relay = new KafkaRelay(store, brokers, {
        topic: relayTopic,
        checkpoint: { load: async () => checkpoint, save: async (position) => void (checkpoint = position) },
      });
      await relay.start();
      const head = await store.headPosition();
      try {
        relayed = await collector.waitForCount(head);
      } finally {
        await relay.stop();
        await collector.stop();
      }
      const deadLetterCollector = await TopicCollector.start(topics.deadLetter);
      deadLetters = await deadLetterCollector.waitForCount(1).finally(() => deadLetterCollector.stop());
    }, 120_000);
    afterAll(async () => {
      jest.restoreAllMocks();
      await app?.close();
      await disconnectProducer();
      await deleteInboundTopics(topics, relayTopic);
    }, 60_000);

    it('the inbound examples are valid and the consumer applies every one of them', () => {
      expect(examples.length).toBeGreaterThanOrEqual(10);
      for (const example of examples) {
        expectValid(payloadValidator(example.channel, example.name), example.payload, `${example.name} example`);
        expectValid(keyValidator(example.channel, example.name), keyOf(example.name, example.payload.data as object), `${example.name} key`);
      }
      const outcomes = app.processed.filter((p) => p.outcome === 'dead-lettered');
      expect(outcomes.map((p) => `${p.topic}@${p.offset}`)).toEqual([`${topics.jobs}@${examples.filter((e) => e.channel === 'jobEvents').length + 1}`]);
    });

    it('every relayed message validates: payload, headers and key, for every event type the service produced', async () => {
      expect(relayed.length).toBe(await store.headPosition());
      const types = new Set<string>();
      for (const message of relayed) {
        const event = JSON.parse(message.value!);
        types.add(event.type.replace('runner-registry.', ''));
        expectValid(payloadValidator('runnerEvents', event.type), event, `${event.type} ${event.subject}`);
        expectValid(headersValidator('runnerEvents', event.type), message.headers, `${event.type} headers`);
        expect(message.key).toBe(messageKey(event.subject));
        expectValid(keyValidator('runnerEvents', event.type), message.key, `${event.type} key`);
        expect(message.headers['schema-version']).toBe(String(event.schemaversion));
      }
      expect([...types].sort()).toEqual(Object.keys(EVENT_SCHEMA_VERSIONS).sort());
    });

    it('a relayed message that drifted from its schema would fail', () => {
      const registered = JSON.parse(relayed.find((m) => JSON.parse(m.value!).type === 'runner-registry.RunnerRegistered')!.value!);
      const validate = payloadValidator('runnerEvents', 'runner-registry.RunnerRegistered');
      expect(validate({ ...registered, data: { ...registered.data, tokenDigest: 'f'.repeat(64) } })).toBe(false);
      expect(validate({ ...registered, schemaversion: 1 })).toBe(false);
      const settings = JSON.parse(relayed.find((m) => JSON.parse(m.value!).type === 'runner-registry.InstanceSettingsProvisioned')!.value!);
      const validateSettings = payloadValidator('runnerEvents', 'runner-registry.InstanceSettingsProvisioned');
      expect(settings.data).toMatchObject({ allowRunnerRegistrationToken: true });
      expect(validateSettings({ ...settings, data: { ...settings.data, registrationTokenDigest: 'f'.repeat(64) } })).toBe(false);
      expect(validateSettings({ ...settings, data: { ...settings.data, registrationTokenDigest: null } })).toBe(true);
      const { createdAt: _createdAt, ...withoutTime } = registered.data;
      expect(validate({ ...registered, data: { ...withoutTime, registeredAt: registered.data.createdAt } })).toBe(false);
    });

    it("the consumer's dead letters validate against the dead-letter message", () => {
      expect(deadLetters).toHaveLength(1);
      expectValid(headersValidator('deadLetter', 'dead-letter'), deadLetters[0].headers, 'dead letter headers');
      expect(deadLetters[0].headers['dead-letter-reason']).toBe('schema-violation');
    });

    it('the documented inbound schemas refuse what the consumer refuses', () => {
      const user = examples.find((e) => e.name === 'directory.user.provisioned')!.payload;
      const plaintext = { ...user, id: randomUUID(), data: { ...(user.data as object), personal_access_tokens: [{ token: 'glpat-plain', scopes: ['api'] }] } };
      expect(payloadValidator('directoryEvents', 'directory.user.provisioned')(plaintext)).toBe(false);
      const issued = examples.find((e) => e.name === 'directory.personal-access-token.issued')!.payload;
      expect(payloadValidator('directoryEvents', 'directory.personal-access-token.issued')({ ...issued, data: { user_id: 101, token: 'glpat-plain', scopes: ['api'] } })).toBe(false);
      const changed = examples.find((e) => e.name === 'directory.user.changed')!.payload;
      expect(payloadValidator('directoryEvents', 'directory.user.changed')({ ...changed, data: { id: 101 } })).toBe(false);
      const grant = examples.find((e) => e.name === 'directory.membership.granted')!.payload;
      expect(payloadValidator('directoryEvents', 'directory.membership.granted')({ ...grant, data: { ...(grant.data as object), access_level: 45 } })).toBe(false);
      expect(payloadValidator('jobEvents', 'job.changed')({ ...cloudEvent('job.changed', { id: 1, status: 'done', project_id: 1 }) })).toBe(false);
    });
  });
});
