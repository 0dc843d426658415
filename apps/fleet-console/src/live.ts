import { fetchEventSource, EventStreamContentType } from '@microsoft/fetch-event-source';
import { readToken } from './session';
import type { Runner } from './types';

export type LiveEvent = { kind: 'runner'; runner: Runner } | { kind: 'runner_deleted'; id: number } | { kind: 'reset' };
type Listener = (event: LiveEvent) => void;
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'off';

const listeners = new Set<Listener>();
const stateListeners = new Set<(state: LiveState) => void>();
let state: LiveState = 'off';

function setState(next: LiveState): void {
  state = next;
  for (const listener of stateListeners) listener(next);
}

/** Whether the page is following the stream (shown in the header, so a stale screen is never mistaken for a live one). */
export function watchState(listener: (state: LiveState) => void): () => void {
  stateListeners.add(listener);
  listener(state);
  return () => stateListeners.delete(listener);
}
let controller: AbortController | null = null;
let lastId = '';

/**
 * One stream per tab, shared by every page. EventSource cannot send the PRIVATE-TOKEN header (and a
 * token in the URL would leak into logs), so this is fetch with a streaming body; the library
 * sends Last-Event-ID when it reconnects, and the server resumes from there without a gap.
 */
function connect(): void {
  const token = readToken();
  if (!token || controller) return;
  controller = new AbortController();
  let opened = false;
  setState('connecting');
  void fetchEventSource('/api/v4/runners/live', {
    headers: { 'PRIVATE-TOKEN': token },
    signal: controller.signal,
    openWhenHidden: true,
    async onopen(response) {
      const type = response.headers.get('content-type') ?? '';
      // A refusal (401/403) or a server without the stream: stop rather than retry forever.
      if (!response.ok || !type.startsWith(EventStreamContentType)) throw new Error(`live stream: ${response.status}`);
      // Reconnected before any event arrived: the server cannot resume without an id (docs/console-api.md).
      if (opened && !lastId) emit({ kind: 'reset' });
      opened = true;
      setState('live');
    },
    onmessage(message) {
      if (message.id) lastId = message.id;
      if (message.event === 'runner') emit({ kind: 'runner', runner: JSON.parse(message.data) as Runner });
      else if (message.event === 'runner_deleted') emit({ kind: 'runner_deleted', id: (JSON.parse(message.data) as { id: number }).id });
      else if (message.event === 'reset') emit({ kind: 'reset' });
    },
    onerror(error) {
      if (error instanceof Error && error.message.startsWith('live stream:')) throw error;
      setState('reconnecting');
      return 1000; // reconnect after a second, from the last event id
    },
  }).then(
    () => setState('off'),
    () => {
      controller = null;
      setState('off');
    },
  );
}

function emit(event: LiveEvent): void {
  for (const listener of listeners) listener(event);
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  connect();
  return () => listeners.delete(listener);
}

export function disconnect(): void {
  controller?.abort();
  controller = null;
  lastId = '';
  setState('off');
}
