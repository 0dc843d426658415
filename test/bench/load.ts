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

export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon(<autocannon.Options>{
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
  });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}
