import { connect } from 'node:net';

const RESET_GRACE_MS = 200;

export interface RawHttpResponse {
  /** 0 when no status line arrived. */
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** A socket error (ECONNRESET, EPIPE…) the client saw, else null. */
  readonly socketError: string | null;
}

export interface RawHttpRequest {
  /** Request line and headers, without the blank line that ends them. */
  readonly head: string;
  /** Bytes of body written after the head, all of them before the response is read. */
  readonly body?: Buffer | string;
}

/**
 * One request on a fresh TCP connection, bytes exactly as given (broken framing included), then
 * the response as a naive client sees it: it writes everything before it is done reading, so a
 * server that closes with part of the body unread makes it fail (EPIPE, ECONNRESET).
 */
export function rawHttp(port: number, request: RawHttpRequest, timeoutMs = 10_000): Promise<RawHttpResponse> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let socketError: string | null = null;
    let settled = false;
    let written = false;
    let responded = false;
    // A reset can trail the answer (the server closed with bytes of ours unread): wait for it.
    const finishAfterGrace = () => setTimeout(finish, RESET_GRACE_MS);
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parseResponse(Buffer.concat(chunks).toString('latin1')), socketError });
    };
    const timer = setTimeout(() => {
      socketError ??= 'timeout';
      finish();
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      responded = isComplete(Buffer.concat(chunks).toString('latin1'));
      if (responded && written) finishAfterGrace();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      socketError = error.code ?? error.message;
      finish();
    });
    socket.on('close', finish);
    socket.write(`${request.head}\r\n\r\n`);
    // Done only once every byte is written and the answer is in: a reset meanwhile is a failure.
    socket.write(request.body ?? '', () => {
      written = true;
      if (responded) finishAfterGrace();
    });
  });
}

function isComplete(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
  return length !== null && Buffer.byteLength(text.slice(end + 4), 'latin1') >= Number(length[1]);
}

function parseResponse(text: string): Omit<RawHttpResponse, 'socketError'> {
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return { status: 0, headers: {}, body: text };
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body: text.slice(end + 4) };
}
