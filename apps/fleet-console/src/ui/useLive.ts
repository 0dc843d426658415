import { useEffect, useRef } from 'preact/hooks';
import { subscribe, type LiveEvent } from '../live';

/** Calls `listener` with each live event while the component is mounted (always its latest closure). */
export function useLive(listener: (event: LiveEvent) => void): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => subscribe((event) => latest.current(event)), []);
}

/** A function that runs `action` once, `ms` after the last of a burst of calls. */
export function useDebounced(action: () => void, ms: number): () => void {
  const latest = useRef(action);
  latest.current = action;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);
  return () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(), ms);
  };
}
