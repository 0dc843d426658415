import type { FleetCounts } from '@app/domain';

/** Quarter hours over a day, hours over a week: about a hundred and a hundred and seventy points, what a chart's width shows. */
const PERIODS = {
  '24h': { periodMs: 24 * 3_600_000, bucketMs: 900_000 },
  '7d': { periodMs: 7 * 24 * 3_600_000, bucketMs: 3_600_000 },
} as const;

export type StatusHistoryPeriod = keyof typeof PERIODS;

export interface StatusPoint {
  readonly time: string;
  readonly online: number;
  readonly offline: number;
  readonly stale: number;
  readonly never_contacted: number;
}

/**
 * The answer: the counts at every bucket start within the period, oldest first, then at `now`
 * itself when it is not a bucket start, so the last point is the fleet as it is.
 */
export function statusSeries(period: StatusHistoryPeriod, now: number, countsAt: (time: number) => FleetCounts) {
  const { periodMs, bucketMs } = PERIODS[period];
  const point = (time: number): StatusPoint => {
    const [online, offline, stale, neverContacted] = countsAt(time);
    return { time: new Date(time).toISOString(), online, offline, stale, never_contacted: neverContacted };
  };
  const points: StatusPoint[] = [];
  const last = Math.floor(now / bucketMs) * bucketMs;
  for (let time = Math.ceil((now - periodMs) / bucketMs) * bucketMs; time <= last; time += bucketMs) points.push(point(time));
  if (last < now) points.push(point(now));
  return { period, bucket_seconds: bucketMs / 1000, points };
}
