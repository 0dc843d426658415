import autocannon from 'autocannon';

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly total: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly connections?: number;
  readonly durationSeconds?: number;
  readonly amount?: number;
  /** Requests in flight per connection; lightens the load generator, which shares the machine. */
  readonly pipelining?: number;
  /** A body per request (e.g. a different runner token each time); overrides `body`. */
  readonly nextBody?: () => string;
  /** Sees every response body (e.g. to collect the tokens registrations return). */
  readonly onBody?: (status: number, body: string) => void;
}

/**
 * With `amount`, requestsPerSecond counts to the last response: autocannon notices that the last
 * one has come only at its next one-second tick, and its own average counts the wait (10,000
 * registrations in 3.1 s measured as 3.0 or 4.0 s, so 3,300 or 2,490 /s with nothing between).
 */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const started = process.hrtime.bigint();
  let lastResponse = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(optionsOf(options), (error, result: autocannon.Result) => (error ? reject(error) : resolve(result)));
    if (options.amount) instance.on('response', () => (lastResponse = process.hrtime.bigint()));
  });
  return {
    requestsPerSecond: options.amount ? result.requests.total / (Number(lastResponse - started) / 1e9) : result.requests.average,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

function optionsOf(options: LoadOptions): autocannon.Options {
  return <autocannon.Options>{
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    connections: options.connections ?? 50,
    pipelining: options.pipelining ?? 1,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds ?? 10 }),
    ...(options.nextBody || options.onBody
      ? {
          requests: [
            {
              method: options.method ?? 'GET',
              ...(options.nextBody ? { setupRequest: (request: Record<string, unknown>) => ({ ...request, body: options.nextBody!() }) } : {}),
              ...(options.onBody ? { onResponse: (status: number, body: string) => options.onBody!(status, body) } : {}),
            },
          ],
        }
      : {}),
  };
}
