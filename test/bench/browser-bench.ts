/**
 * Page code goes in as expressions through the DevTools protocol (never functions Playwright would
 * eval in the page), so the console's Content-Security-Policy, which forbids eval, stays as served.
 *
 * The bench section "browser" (issue #15): the fleet console in Chromium over 100,000 runners,
 * timed inside the browser with the Performance API (the marks the console sets, apps/fleet-console/src/perf.ts):
 * - first list paint: the first `console:list-painted` mark's startTime, i.e. ms after the navigation began
 *   (sign-in check, first keyset page, render, paint);
 * - a filter change: from the `change` event on a filter to the next `console:list-painted`;
 * - a status change: from the moment the heartbeat is sent (POST /jobs/request with the runner's
 *   token) to the `console:row-updated` mark of its row, both on the machine's clock.
 * The fleet is written straight to the store, as the fleet section does (fleet-bench.ts).
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../browser/chromium';
import { fleetToken, prepareFleet } from './fleet-bench';
import { captureTemplates } from './replay-bench';
import { startService } from './processes';

const DIST_ROOT = resolve(__dirname, '../..');
const FIXTURE = resolve(DIST_ROOT, '../config/directory.example.json');
const ROOT_TOKEN = 'glpat-root-0000000000000001';
const RUNNERS = Number(process.env.BENCH_BROWSER_RUNNERS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_BROWSER_ROUNDS ?? 7);
const TARGETS = { paint: 1000, filter: 300, status: 2000 };

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const line = (name: string, values: number[], target: number) => {
  const med = median(values);
  const max = Math.max(...values);
  return `  ${name.padEnd(44)} median ${fmt(med).padStart(5)} ms, worst ${fmt(max).padStart(5)} ms of ${values.length} (target ≤ ${fmt(target)} ms) ${max <= target ? 'ok' : med <= target ? 'ok at the median' : 'ABOVE TARGET'}`;
};

/** Changes a filter as a user does (a `change` event) and waits for the list it brings to be painted. */
const FILTER_CHANGE = `async ([id, value]) => {
  const marks = () => performance.getEntriesByName('console:list-painted');
  const before = marks().length;
  const select = document.getElementById(id);
  const started = performance.now();
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  while (marks().length === before) await new Promise((r) => setTimeout(r, 2));
  return marks()[marks().length - 1].startTime - started;
}`;

const FIRST_PAINT = `async () => {
  while (performance.getEntriesByName('console:list-painted').length === 0) await new Promise((r) => setTimeout(r, 5));
  return performance.getEntriesByName('console:list-painted')[0].startTime;
}`;

/** Waits for the row-updated mark of one runner; answers its time on the machine's clock (ms since the epoch). */
const ROW_UPDATED = `async (id) => {
  for (;;) {
    const mark = performance.getEntriesByName('console:row-updated').find((m) => m.detail && m.detail.id === id && m.detail.status === 'online');
    if (mark) return performance.timeOrigin + mark.startTime;
    await new Promise((r) => setTimeout(r, 5));
  }
}`;

async function firstPaint(page: Page, url: string): Promise<number> {
  await page.goto(url);
  return page.evaluate<number>(`(${FIRST_PAINT})()`);
}

export async function benchBrowser(): Promise<string[]> {
  const templates = await captureTemplates();
  const dataDir = await prepareFleet(templates, RUNNERS);
  const port = String(6900 + Math.floor(Math.random() * 90));
  const service = await startService(DIST_ROOT, { DATA_DIR: dataDir, PORT: port, DIRECTORY_SEED_FILE: FIXTURE, STATUS_MONITOR_INTERVAL_MS: '0' }, 600_000);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${service.url}/admin/runners`);
    await page.evaluate(`sessionStorage.setItem('fleet-console.token', ${JSON.stringify(ROOT_TOKEN)})`);

    const paints: number[] = [];
    await firstPaint(page, `${service.url}/admin/runners`); // warms the service's and the browser's caches
    for (let i = 0; i < ROUNDS; i++) paints.push(await firstPaint(page, `${service.url}/admin/runners`));

    const filters: Array<[string, string]> = [
      ['f-status', 'online'], ['f-type', 'group_type'], ['f-paused', 'true'], ['f-status', 'stale'], ['f-type', ''],
      ['f-paused', ''], ['f-status', 'offline'], ['f-sort', 'asc'], ['f-sort', 'desc'], ['f-status', ''],
    ];
    const filterTimes: number[] = [];
    for (const filter of filters) filterTimes.push(await page.evaluate<number>(`(${FILTER_CHANGE})(${JSON.stringify(filter)})`));

    // Runners that never polled, newest first: the heartbeat turns each online.
    await page.evaluate<number>(`(${FILTER_CHANGE})(${JSON.stringify(['f-status', 'never_contacted'])})`);
    const ids = (await page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-runner-id'))))).slice(0, ROUNDS);
    const statusTimes: number[] = [];
    for (const id of ids) {
      const shown = page.evaluate<number>(`(${ROW_UPDATED})(${id})`);
      const sent = Date.now();
      const response = await fetch(`${service.url}/api/v4/jobs/request`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: fleetToken(id) }) });
      if (response.status !== 204) throw new Error(`heartbeat of runner ${id}: ${response.status}`);
      statusTimes.push((await shown) - sent);
    }
    return [
      `The fleet console in Chromium over ${fmt(RUNNERS)} runners (50 a page, as administrator), measured in the browser:`,
      line('first list paint after navigation', paints, TARGETS.paint),
      line('a filter change shown', filterTimes, TARGETS.filter),
      line('a heartbeat shown as online in its row', statusTimes, TARGETS.status),
    ];
  } finally {
    await browser.close();
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
