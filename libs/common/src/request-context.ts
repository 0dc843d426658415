import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request a piece of work was started by, across the awaits between an HTTP route and the
 * command handler it ends in: its id becomes the correlation id of the events the request causes,
 * so a log line, an audit entry and a Kafka message can be joined by one id. Set around route
 * handlers only (libs/http request-log), never on timers or consumers, which have their own.
 */
const requests = new AsyncLocalStorage<string>();

export function runInRequest<T>(requestId: string, work: () => T): T {
  return requests.run(requestId, work);
}

/** The id of the HTTP request this code runs for; undefined outside one. */
export function currentRequestId(): string | undefined {
  return requests.getStore();
}
