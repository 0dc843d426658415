import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { HistoryPoint } from '../types';
import { STATUSES } from '../types';
import { STATUS_LABELS } from './format';

// The badges' colours, dark enough for 3:1 against white (WCAG non-text contrast).
const COLOURS = { online: '#108548', offline: '#737278', stale: '#c17d10', never_contacted: '#1f75cb' } as const;

/** Runner counts by status over time, one line per status (uPlot: canvas, ~50 kB, made for time series). */
export function StatusChart({ points, label }: { points: HistoryPoint[]; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const data: uPlot.AlignedData = [points.map((p) => Date.parse(p.time) / 1000), ...STATUSES.map((s) => points.map((p) => p[s]))];
    if (plot.current) {
      plot.current.setData(data);
      return;
    }
    const width = Math.max(320, (host.current!.clientWidth || 800) - 8);
    plot.current = new uPlot(
      {
        width,
        height: 260,
        series: [{}, ...STATUSES.map((s) => ({ label: STATUS_LABELS[s], stroke: COLOURS[s], width: 2 }))],
        axes: [{}, { label: 'runners', size: 60 }],
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      },
      data,
      host.current!,
    );
  }, [points]);

  useEffect(() => () => plot.current?.destroy(), []);
  return <div ref={host} class="chart" role="img" aria-label={label} />;
}
