import type { RunnerStatus } from '../types';
import { STATUS_LABELS } from './format';

export function StatusBadge({ status, paused }: { status: RunnerStatus; paused?: boolean }) {
  return (
    <span class="badges">
      <span class={`badge status-${status}`} data-status={status}>
        {STATUS_LABELS[status]}
      </span>
      {paused ? <span class="badge paused">Paused</span> : null}
    </span>
  );
}
