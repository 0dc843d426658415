import { PassThrough } from 'node:stream';
import type { RunnerView, UserView } from '@app/projections';
import type { RunnerChange, RunnerChangeSubscriber } from './runner-change-feed';

/** Who is watching, looked up again for every batch: a revoked or expired token ends the stream, a changed role applies at once. */
export interface LiveViewer {
  current(): UserView | null;
}

/** What a stream needs of the API: GET /runners/:id's permission and rendering. */
export interface LiveRunnerAccess {
  readable(user: UserView, runner: RunnerView): boolean;
  render(runner: RunnerView, user: UserView): Record<string, unknown>;
}

/** A client that reads slower than this much is buffered for is dropped: it reconnects with Last-Event-ID and resumes. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** One server-sent event; data is a single line of JSON (JSON.stringify escapes line breaks). */
export const sseFrame = (event: string, id: number | null, data: string): string => `event: ${event}\n${id === null ? '' : `id: ${id}\n`}data: ${data}\n\n`;

/**
 * One open `GET /runners/live`: the response body, written as server-sent events. It only ever
 * carries runners its user may read (GET /runners/:id's permission, checked on the view of the
 * change), rendered as GET /runners/:id renders them for that user, which holds no token or digest.
 */
export class LiveStream implements RunnerChangeSubscriber {
  readonly body = new PassThrough();
  private closed = false;

  constructor(
    private readonly viewer: LiveViewer,
    private readonly access: LiveRunnerAccess,
    private readonly onClose: (stream: LiveStream) => void,
  ) {
    this.body.on('close', () => this.close());
  }

  deliver(changes: readonly RunnerChange[], batch: Map<string, string>): void {
    if (this.closed) return;
    const user = this.viewer.current();
    if (!user) return this.close();
    // What a batch shows depends on the user only (administrators all see it alike): streams of one
    // audience share the text, so fifty open consoles cost one rendering and fifty socket writes.
    const audience = user.admin ? 'admin' : `user-${user.userId}`;
    let out = batch.get(audience);
    if (out === undefined) batch.set(audience, (out = this.render(changes, user)));
    if (out !== '') this.write(out);
  }

  private render(changes: readonly RunnerChange[], user: UserView): string {
    let out = '';
    for (const change of changes) {
      if (change.after && this.access.readable(user, change.after)) {
        out += sseFrame('runner', change.position, JSON.stringify(this.access.render(change.after, user)));
      } else if (change.before && this.access.readable(user, change.before)) {
        // Deleted, or out of this user's sight now (unassigned, moved): gone from what they may read.
        out += sseFrame('runner_deleted', change.position, `{"id":${change.runnerId}}`);
      }
    }
    return out;
  }

  reset(): void {
    this.write(sseFrame('reset', null, '{}'));
  }

  keepAlive(): void {
    if (!this.viewer.current()) return this.close();
    this.write(': keep-alive\n\n');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
    this.body.end();
  }

  private write(text: string): void {
    if (this.closed) return;
    if (this.body.readableLength + this.body.writableLength > MAX_BUFFERED_BYTES) return this.close();
    this.body.write(text);
  }
}
