import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { RequestLine } from '@app/common/service-logger';
import { requestIdOf } from './request-id';

/** What a hot read sees of its request: enough to authenticate and collect params, as a Fastify request would give them. */
export type ReadRequest = Pick<FastifyRequest, 'method' | 'headers' | 'params' | 'query' | 'body'>;

/** Answers a read with its response body (sent as JSON with 200), or throws a GitLab error. */
export type ReadAnswer = (request: ReadRequest) => unknown;

/** A request the lane took, with the route its path matched and the match (its params). */
export interface Taken {
  readonly route: LaneRoute;
  readonly found: RegExpExecArray;
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly arrived: number;
  /** Fastify's handler, for a request the lane cannot answer after all. */
  readonly fallback: RequestListener;
}

export interface LaneRoute {
  readonly pattern: string;
  readonly match: RegExp;
  readonly paramNames: readonly string[];
  readonly answer: ReadAnswer;
}

/**
 * A path param in the lane: digits only, the ids of GitLab's paths. Nothing to decode or normalise,
 * and no static route shares such a segment (`/runners/all` is never taken for `/runners/:id`).
 */
const ID_SEGMENT = '([0-9]+)';

/**
 * The hottest reads (a runner's details, which dashboards and scripts poll), answered from Node's
 * request event before Fastify builds its request and reply and runs every hook (Nest's four
 * onRequest hooks and its onResponse hook, the router's version constraint, our own hook): that
 * pipeline cost ~9 µs of a 55 µs `GET /api/v4/runners/:id`, nearly what the read itself costs
 * (~11 µs; alternating builds by hand, see the README's figures).
 *
 * The lane answers only what it can answer exactly as the pipeline would: a GET without query
 * string or body, whose path params are ids (digits), and whose answer succeeds. Everything else,
 * every error included, goes to Fastify untouched, and the same answer runs there again (reads
 * have no side effects), so errors, params and headers have one implementation. A lane answer
 * carries the pipeline's headers (Content-Type `application/json`, X-Request-Id) and is told to the
 * request log and the metrics as any request is (see installRequestLog).
 *
 * The requests the lane takes in one turn of the event loop are answered together, once that turn's
 * reads are done (see take), rather than each inside its socket's read callback. The code is the
 * same, and both ways a turn handles 35–46 requests over 50 connections, yet a detail read went
 * from 54–70 % of bare Fastify's CPU a request to 70–102 % (medians 57 and 91 %, six runs each
 * alternating the builds, 10,000 runners), every part of it cheaper (the answer 11 → 7.3 µs, the
 * socket write 30 → 20 µs; see the README). Most likely the order is what counts: reading every
 * socket, then answering every request, keeps each path's code and data in cache, where a read,
 * the parser, the answer and the socket write alternated for every request.
 */
export class ReadLane {
  private readonly routes: LaneRoute[] = [];
  private served: ((line: RequestLine) => void) | undefined;
  private open = true;
  /** Taken requests not answered yet, in arrival order. */
  private taken: Taken[] = [];

  add(pattern: string, answer: ReadAnswer): void {
    const paramNames: string[] = [];
    const source = pattern
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        paramNames.push(segment.slice(1));
        return ID_SEGMENT;
      })
      .join('/');
    this.routes.push({ pattern, match: new RegExp(`^${source}$`), paramNames, answer });
  }

  /** Where each lane answer is told, once sent: the request log and the metrics. */
  onServed(report: (line: RequestLine) => void): void {
    this.served = report;
  }

  /** From now on every request goes to Fastify: when the server closes (its 503s are Fastify's), or when reads must first pass a barrier. */
  close(): void {
    this.open = false;
  }

  /**
   * True when the lane takes the request: it is answered with the others of this turn (the lane's
   * answer, or Fastify's when the lane cannot answer it after all). False leaves it, untouched, to
   * Fastify now. A pipelined request behind a taken one is answered after it all the same: Node
   * queues a connection's responses in request order.
   */
  take(request: IncomingMessage, response: ServerResponse, fallback: RequestListener): boolean {
    if (!this.open || request.method !== 'GET' || hasBody(request)) return false;
    const url = request.url ?? '';
    if (url.includes('?')) return false;
    for (const route of this.routes) {
      const found = route.match.exec(url);
      if (!found) continue;
      if (this.taken.length === 0) setImmediate(() => this.answerTaken());
      this.taken.push({ route, found, request, response, arrived: performance.now(), fallback });
      return true;
    }
    return false;
  }

  /** Answers a taken request now: true when the lane answered; false leaves it, untouched, to Fastify (the lane closed meanwhile, or the answer failed). */
  answer(taken: Taken): boolean {
    return this.open && this.answerWith(taken);
  }

  /**
   * This turn's taken requests. One that throws (Fastify's handler should not) does not keep the
   * others from their answers: the first error is raised once all are answered, as it would have
   * been raised from Node's request event.
   */
  private answerTaken(): void {
    const taken = this.taken;
    this.taken = [];
    let failure: { error: unknown } | undefined;
    for (const request of taken) {
      try {
        if (!this.answer(request)) request.fallback(request.request, request.response);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }

  private answerWith({ route, found, request, response, arrived }: Taken): boolean {
    const params: Record<string, string> = {};
    route.paramNames.forEach((name, i) => (params[name] = found[i + 1]));
    let payload: string | undefined;
    try {
      payload = JSON.stringify(route.answer({ method: 'GET', headers: request.headers, params, query: undefined, body: undefined }));
    } catch {
      return false;
    }
    // No body to send (an answer of undefined): whatever Fastify makes of that, it makes it.
    if (payload === undefined) return false;
    const requestId = requestIdOf(request);
    response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': requestId, 'content-length': Buffer.byteLength(payload) });
    response.end(payload);
    this.served?.({ requestId, method: 'GET', route: route.pattern, status: 200, durationMs: Math.round((performance.now() - arrived) * 100) / 100 });
    return true;
  }
}

const hasBody = (request: IncomingMessage) =>
  request.headers['transfer-encoding'] !== undefined || (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0');

const lanes = new WeakMap<object, ReadLane>();

/** The lane of a Fastify instance made by createFastifyAdapter; undefined for any other instance (tests' own), whose reads all go through Fastify. */
export function readLaneOf(fastify: FastifyInstance): ReadLane | undefined {
  return lanes.get(fastify.server);
}

/**
 * Fastify's serverFactory: the HTTP server Fastify would create, with the lane in front of
 * Fastify's handler. Fastify leaves a factory's server as it is made, so the timeouts it would have
 * set are set here.
 */
export function serverWithReadLane(lane: ReadLane): NonNullable<FastifyServerOptions['serverFactory']> {
  return (handler: RequestListener, options: FastifyServerOptions): Server => {
    const server = createServer((request, response) => {
      if (!lane.take(request, response, handler)) handler(request, response);
    });
    if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
    if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout);
    if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    lanes.set(server, lane);
    return server;
  };
}
