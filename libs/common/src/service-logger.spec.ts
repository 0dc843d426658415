import { Writable } from 'node:stream';
import { PinoNestLogger } from './pino-nest-logger';
import { createServiceLogger, logLevelFrom, redactSecrets, REDACTED } from './service-logger';

function capture(level: Parameters<typeof logLevelFrom>[0] = 'info') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
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
});
