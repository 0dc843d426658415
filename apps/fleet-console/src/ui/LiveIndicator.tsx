import { useEffect, useState } from 'preact/hooks';
import { watchState, type LiveState } from '../live';

const LABELS: Record<LiveState, string> = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', off: 'Not live: reload to retry' };

export function LiveIndicator() {
  const [state, setState] = useState<LiveState>('off');
  useEffect(() => watchState(setState), []);
  return (
    <span class={`live live-${state}`} role="status" data-live={state}>
      <span aria-hidden="true">●</span> {LABELS[state]}
    </span>
  );
}
