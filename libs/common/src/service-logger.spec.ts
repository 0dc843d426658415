import { Writable } from 'node:stream';
import { PinoNestLogger } from './pino-nest-logger';
import { createServiceLogger, logLevelFrom, redactSecrets, REDACTED, requestLineWriter } from './service-logger';

function capture(level: Parameters<typeof logLevelFrom>[0] = 'info') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createServiceLogger({ level: logLevelFrom(level), pretty: false, destination }) };
}

describe('the service logger', () => {
  it('redacts, at any depth, what the secret rule names and the credential headers, and keeps what cannot hold a secret', () => {
    expect(
      redactSecrets({
        headers: { 'private-token': 'glpat-x', authorization: 'Bearer glpat-y', 'PRIVATE-TOKEN': 'glpat-z', accept: '*/*' },
        query: { private_token: 'glpat-q', page: '2' },
        body: { token: 't1_abc', tokens: ['a'], tokenDigest: 'f00', tokenExpiresAt: null, allowRunnerRegistrationToken: true, description: 'x' },
      }),
    ).toEqual({
      headers: { 'private-token': REDACTED, authorization: REDACTED, 'PRIVATE-TOKEN': REDACTED, accept: '*/*' },
      query: { private_token: REDACTED, page: '2' },
      body: { token: REDACTED, tokens: REDACTED, tokenDigest: REDACTED, tokenExpiresAt: null, allowRunnerRegistrationToken: true, description: 'x' },
    });
  });

  it('writes JSON lines with the level by name, and redacts the fields of every line', () => {
    const { lines, logger } = capture();
    logger.info({ request: { headers: { authorization: 'Bearer s3cret' } } }, 'hello');
    logger.debug('not at info');
    expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: 'hello', request: { headers: { authorization: REDACTED } } })]);
    expect(JSON.stringify(lines)).not.toContain('s3cret');
  });

  it("carries Nest's logger: context, error stacks, start-up chatter at debug", () => {
    const { lines, logger } = capture('debug');
    const nest = new PinoNestLogger(logger);
    nest.log('up', 'KafkaRelay');
    nest.error('failed', 'Error: boom\n    at x', 'Projections');
    nest.error(new Error('kaput'), 'Core');
    nest.log('Mapped {/x, GET} route', 'RouterExplorer');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', context: 'KafkaRelay', msg: 'up' }),
      expect.objectContaining({ level: 'error', context: 'Projections', msg: 'failed', stack: 'Error: boom\n    at x' }),
      expect.objectContaining({ level: 'error', context: 'Core', msg: 'kaput', err: expect.objectContaining({ message: 'kaput' }) }),
      expect.objectContaining({ level: 'debug', context: 'RouterExplorer' }),
    ]);
  });

  it('refuses an unknown LOG_LEVEL', () => {
    expect(logLevelFrom(undefined)).toBe('info');
    expect(logLevelFrom('WARN')).toBe('warn');
    expect(() => logLevelFrom('loud')).toThrow('LOG_LEVEL must be one of');
  });

  it("writes request lines in the logger's format, gathered per turn of the event loop, and none above info", async () => {
    const { lines, logger } = capture();
    const write = requestLineWriter(logger)!;
    write({ requestId: 'r-1', method: 'GET', route: '/api/v4/runners/:id', status: 200, durationMs: 1.5 });
    write({ requestId: 'r-"2', method: 'POST', route: null, status: 404, durationMs: 0.25 });
    expect(lines).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', msg: 'request', request_id: 'r-1', method: 'GET', route: '/api/v4/runners/:id', status: 200, duration_ms: 1.5 }),
      expect.objectContaining({ request_id: 'r-"2', route: null, status: 404, duration_ms: 0.25 }),
    ]);
    expect(typeof lines[0].time).toBe('string');
    expect(requestLineWriter(capture('warn').logger)).toBeUndefined();
  });

  it('escapes what JSON must escape, whatever the cached parts (time, routes) hold', async () => {
    const { lines, logger } = capture();
    const write = requestLineWriter(logger)!;
    const before = Date.now();
    for (const requestId of ['a\\b', 'line\nbreak', '550e8400-e29b-41d4-a716-446655440000', 'x'.repeat(128)]) {
      write({ requestId, method: 'GET', route: '/api/v4/runners/:id', status: 200, durationMs: 1 });
    }
    write({ requestId: 'r', method: 'M"', route: '/a/"quoted"', status: 500, durationMs: 2 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((line) => [line.request_id, line.method, line.route])).toEqual([
      ['a\\b', 'GET', '/api/v4/runners/:id'],
      ['line\nbreak', 'GET', '/api/v4/runners/:id'],
      ['550e8400-e29b-41d4-a716-446655440000', 'GET', '/api/v4/runners/:id'],
      ['x'.repeat(128), 'GET', '/api/v4/runners/:id'],
      ['r', 'M"', '/a/"quoted"'],
    ]);
    for (const line of lines) expect(Date.parse(line.time as string)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(lines[4].time as string)).toBeLessThanOrEqual(Date.now());
  });
});
