/** One server-sent event as a client parses it (https://html.spec.whatwg.org/multipage/server-sent-events.html). */
export interface ServerSentEvent {
  readonly event: string;
  readonly id: string | null;
  readonly data: string;
}

export interface SseConnection {
  readonly status: number;
  readonly headers: Headers;
  /** Every event so far, in order. */
  readonly events: ServerSentEvent[];
  /** Comment lines so far (": keep-alive" without the colon and space). */
  readonly comments: string[];
  /** The raw body so far. */
  text(): string;
  /** The first event (from `from` on) that matches, waiting for it up to `timeoutMs`. */
  next(match: (event: ServerSentEvent) => boolean, timeoutMs?: number, from?: number): Promise<ServerSentEvent>;
  /** Resolves when the server ends the body. */
  readonly ended: Promise<void>;
  close(): void;
}

/**
 * A streaming client as the console's is: fetch() with headers (EventSource cannot send them) and a
 * parser of the event-stream format over the body.
 */
export async function openSse(url: string, headers: Record<string, string>): Promise<SseConnection> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const events: ServerSentEvent[] = [];
  const comments: string[] = [];
  let raw = '';
  let buffer = '';
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  const parse = () => {
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      let id: string | null = null;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) comments.push(line.slice(1).trim());
        else if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length > 0) events.push({ event, id, data: data.join('\n') });
    }
    notify();
  };
  let done = false;
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        const text = decoder.decode(chunk, { stream: true });
        raw += text;
        buffer += text;
        parse();
      }
    } catch {
      // aborted by close()
    }
    done = true;
    notify();
  })();
  return {
    status: response.status,
    headers: response.headers,
    events,
    comments,
    text: () => raw,
    ended,
    close: () => abort.abort(),
    next(match, timeoutMs = 5000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.slice(from).find(match);
          if (found) {
            finish();
            resolve(found);
          } else if (done) {
            finish();
            reject(new Error(`stream ended without a matching event; got ${JSON.stringify(events)}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}
