/**
 * The fleet console in a real browser (Debian's Chromium driven by playwright-core) against the
 * real service: the built bundle as `npm run build` leaves it, the public API, the live stream.
 * Screenshots of each page go to test-artifacts/ (ignored by git).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { groupRegistrationToken, INSTANCE_REGISTRATION_TOKEN, patOf, projectRegistrationToken } from '../support/fixture-directory';
import { eventually, launchChromium, seriousAxeViolations, type Browser } from './chromium';

const BUNDLE = resolve(__dirname, '../../dist/fleet-console/index.html');
const ARTIFACTS = resolve(__dirname, '../../test-artifacts');
const ROOT = patOf('root');
const AUDITOR = patOf('auditor');

/** The text as a reader hears it: whitespace between inline-flex items folded to one space. */
const textOf = async (locator: Locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();

interface Registered {
  id: number;
  token: string;
}

describe('the fleet console in Chromium', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  const runners: Registered[] = [];

  const api = async (method: string, path: string, body?: unknown, token?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers['private-token'] = token;
    return fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  };
  const register = async (registrationToken: string, description: string, tags: string[]) => {
    const response = await api('POST', '/api/v4/runners', { token: registrationToken, description, tag_list: tags.join(',') });
    expect(response.status).toBe(201);
    const runner = (await response.json()) as Registered;
    runners.push(runner);
    return runner;
  };
  const signIn = async (token: string) => {
    await page.goto(`${base}/admin/runners`);
    await page.getByLabel('Personal access token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };
  const shoot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `console-${name}.png`), fullPage: true });
  const row = (id: number) => page.locator(`tr[data-runner-id="${id}"]`);

  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: npm run build bundles the console first`);
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await startTestApp();
    await app.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}`;
    await register(INSTANCE_REGISTRATION_TOKEN, 'linux builder', ['linux', 'docker']);
    await register(INSTANCE_REGISTRATION_TOKEN, 'windows builder', ['windows']);
    await register(INSTANCE_REGISTRATION_TOKEN, 'arm builder', ['linux', 'arm64']);
    await register(projectRegistrationToken(1), 'gitlab-foss deployer', ['deploy']);
    await register(groupRegistrationToken(9), 'gitlab-org shared', ['linux', 'docker']);
    browser = await launchChromium();
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a bad token gets GitLab\'s 401 message and is not kept', async () => {
    await signIn('glpat-not-a-real-token-000');
    await eventually(async () => expect((await page.getByRole('alert').innerText()).trim()).toBe('401 Unauthorized'));
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
  });

  it('signs in with a personal access token held in session storage only: not in the URL, the HTML or local storage', async () => {
    await signIn(ROOT);
    await page.getByText('Signed in as').waitFor();
    expect(await textOf(page.locator('.who'))).toContain('Signed in as root (Administrator)');
    expect(await page.evaluate('Object.values(sessionStorage)')).toEqual([ROOT]);
    expect(await page.evaluate('localStorage.length')).toBe(0);
    expect(page.url()).not.toContain(ROOT);
    expect(await page.content()).not.toContain(ROOT);
  });

  it('the overview counts runners by status and by type', async () => {
    await page.getByRole('link', { name: 'Overview' }).click();
    await eventually(async () => expect((await page.getByTestId('count-all').innerText()).trim()).toBe('5'));
    await eventually(async () => expect((await page.getByTestId('count-never_contacted').innerText()).trim()).toBe('5'));
    await eventually(async () => expect((await page.getByTestId('count-online').innerText()).trim()).toBe('0'));
    await eventually(async () => expect((await page.getByTestId('count-instance_type').innerText()).trim()).toBe('3'));
    await eventually(async () => expect((await page.getByTestId('count-project_type').innerText()).trim()).toBe('1'));
    await eventually(async () => expect((await page.getByTestId('count-group_type').innerText()).trim()).toBe('1'));
    await page.locator('.chart canvas').first().waitFor();
    await shoot('overview');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('filters the list by type, tags and status, keeping the filters in the URL', async () => {
    await page.getByRole('link', { name: 'Runners', exact: true }).click();
    await eventually(async () => expect(await page.locator('tbody tr').count()).toBe(5));
    await page.getByLabel('Type').selectOption('project_type');
    await eventually(async () => expect(await page.locator('tbody tr').count()).toBe(1));
    await eventually(async () => expect(await row(runners[3].id).innerText()).toContain('gitlab-foss deployer'));
    expect(page.url()).toContain('type=project_type');

    await page.getByLabel('Type').selectOption('');
    await page.getByLabel('Tags (comma separated)').fill('linux');
    await page.getByRole('button', { name: 'Apply' }).click();
    await eventually(async () => expect(await page.locator('tbody tr').count()).toBe(3));
    await eventually(async () => expect(await row(runners[1].id).count()).toBe(0));

    await page.getByLabel('Description contains').fill('BUILDER');
    await page.getByRole('button', { name: 'Apply' }).click();
    await eventually(async () => expect(await page.locator('tbody tr').count()).toBe(2));
    expect(page.url()).toContain('search=BUILDER');
    await page.getByLabel('Description contains').fill('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await eventually(async () => expect(await page.locator('tbody tr').count()).toBe(3));

    await page.getByLabel('Status').selectOption('online');
    await page.getByText('No runners match these filters.').waitFor();
    await page.goto(`${base}/admin/runners`);
    await eventually(async () => expect(await page.locator('tbody tr').count()).toBe(5));
  });

  it('a heartbeat through the API turns the row online on screen within 2 s, without a reload', async () => {
    const target = runners[0];
    await eventually(async () => expect(await row(target.id).getAttribute('data-status')).toBe('never_contacted'));
    await eventually(async () => expect(await page.locator('[data-live]').getAttribute('data-live')).toBe('live'));
    await page.evaluate('window.__sameDocument = true');
    const sent = Date.now();
    const response = await api('POST', '/api/v4/jobs/request', { token: target.token, info: { name: 'gitlab-runner', version: '18.0.0' } });
    expect(response.status).toBe(204);
    await eventually(async () => expect(await row(target.id).getAttribute('data-status')).toBe('online'), 2_000);
    expect(Date.now() - sent).toBeLessThan(2_000);
    await eventually(async () => expect((await row(target.id).locator('.badge').first().innerText()).trim()).toBe('Online'));
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
  });

  it('the overview counts and chart follow the live stream', async () => {
    await page.getByRole('link', { name: 'Overview' }).click();
    await eventually(async () => expect((await page.getByTestId('count-online').innerText()).trim()).toBe('1'));
    await eventually(async () => expect(await page.locator('[data-live]').getAttribute('data-live')).toBe('live'));
    await page.evaluate('window.__sameDocument = true');
    const response = await api('POST', '/api/v4/jobs/request', { token: runners[2].token });
    expect(response.status).toBe(204);
    await eventually(async () => expect((await page.getByTestId('count-online').innerText()).trim()).toBe('2'), 2_000);
    await eventually(async () => expect((await page.getByTestId('count-never_contacted').innerText()).trim()).toBe('3'));
    // The chart's last point is the fleet as it is now: its legend shows it when the cursor is there.
    const chart = page.locator('.chart .u-over');
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
    await eventually(async () => expect(await textOf(page.locator('.chart .u-legend'))).toMatch(/Online\W*2(?!\d).*Never contacted\W*3(?!\d)/), 4_000);
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    await page.getByRole('link', { name: 'Runners', exact: true }).click();
  });

  it('pauses a runner from its row', async () => {
    const target = runners[1];
    await page.getByRole('button', { name: `Pause runner #${target.id}` }).click();
    await eventually(async () => expect((await row(target.id).locator('.badge.paused').innerText()).trim()).toBe('Paused'));
    const stored = (await (await api('GET', `/api/v4/runners/${target.id}`, undefined, ROOT)).json()) as { paused: boolean };
    expect(stored.paused).toBe(true);
    await shoot('list');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it("the runner's audit timeline shows that pause: who, and paused before and after", async () => {
    const target = runners[1];
    await page.getByRole('link', { name: `#${target.id}`, exact: true }).click();
    await eventually(async () => expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain(`Runner #${target.id}`));
    const pause = page.locator('li[data-event-type="RunnerPaused"]');
    await eventually(async () => expect(await pause.count()).toBe(1));
    await eventually(async () => expect(await pause.innerText()).toContain('by root (user #1)'));
    await eventually(async () => expect((await pause.locator('tr', { hasText: 'paused' }).locator('td.before').innerText()).trim()).toBe('false'));
    await eventually(async () => expect((await pause.locator('tr', { hasText: 'paused' }).locator('td.after').innerText()).trim()).toBe('true'));
    await page.getByRole('button', { name: 'Delete runner' }).waitFor();
    await shoot('runner');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('resetting the token shows the new one once, with a copy button, and keeps it nowhere', async () => {
    const target = runners[1];
    await page.getByRole('button', { name: 'Reset authentication token' }).click();
    await page.getByRole('button', { name: 'Reset token' }).click();
    const shown = await page.getByLabel('New token').inputValue();
    expect(shown).toMatch(/^t1_/);
    await page.getByRole('button', { name: 'Copy token' }).waitFor();
    // The old token is dead, the shown one works.
    expect((await api('POST', '/api/v4/runners/verify', { token: target.token })).status).toBe(403);
    expect((await api('POST', '/api/v4/runners/verify', { token: shown })).status).toBe(200);
    expect(await page.evaluate('JSON.stringify(sessionStorage) + JSON.stringify(localStorage)')).not.toContain(shown);
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.content()).not.toContain(shown);
  });

  it('edits the details with the fields PUT /runners/:id takes, and the timeline shows the change', async () => {
    const target = runners[1];
    await page.getByRole('button', { name: 'Edit details' }).click();
    await page.getByLabel('Description').fill('windows builder 2');
    await page.getByLabel('Maximum job timeout (seconds)').fill('3600');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await eventually(async () => expect(await textOf(page.locator('section[aria-labelledby="details"] dl'))).toContain('Maximum job timeout 3600 s'));
    const changed = page.locator('li[data-event-type="RunnerDetailsChanged"]');
    await eventually(async () => expect(await changed.count()).toBe(1));
    expect(await textOf(changed.locator('tr', { hasText: 'description' }))).toBe('description "windows builder" "windows builder 2"');
    expect(await textOf(changed.locator('tr', { hasText: 'maximum_timeout' }))).toBe('maximum_timeout null 3600');
    const stored = (await (await api('GET', `/api/v4/runners/${target.id}`, undefined, ROOT)).json()) as { description: string; maximum_timeout: number };
    expect(stored).toMatchObject({ description: 'windows builder 2', maximum_timeout: 3600 });
  });

  it('assigns a project runner to another project and unassigns it', async () => {
    const target = runners[3];
    await page.goto(`${base}/admin/runners/${target.id}`);
    await page.getByLabel('Project ID or path').fill('gitlab-org/ci/gitlab-runner');
    await page.getByRole('button', { name: 'Assign' }).click();
    const unassign = page.getByRole('button', { name: 'Unassign gitlab-org/ci/gitlab-runner' });
    await unassign.waitFor();
    let projects = (await (await api('GET', `/api/v4/runners/${target.id}`, undefined, ROOT)).json()) as { projects: Array<{ id: number }> };
    expect(projects.projects.map((p) => p.id)).toEqual([1, 2]);
    await unassign.click();
    await eventually(async () => expect(await unassign.count()).toBe(0));
    projects = (await (await api('GET', `/api/v4/runners/${target.id}`, undefined, ROOT)).json()) as { projects: Array<{ id: number }> };
    expect(projects.projects.map((p) => p.id)).toEqual([1]);
  });

  it('an auditor reads everything but is offered no delete, pause or edit', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(AUDITOR);
    await eventually(async () => expect(await textOf(page.locator('.who'))).toContain('Signed in as auditor (Auditor)'));
    await eventually(async () => expect(await page.locator('tbody tr').count()).toBe(5));
    await eventually(async () => expect(await page.getByRole('button', { name: 'Delete selected' }).count()).toBe(0));
    await eventually(async () => expect(await page.getByRole('button', { name: /^Pause/ }).count()).toBe(0));
    await eventually(async () => expect(await page.getByRole('checkbox').count()).toBe(0));
    await page.getByRole('link', { name: `#${runners[0].id}`, exact: true }).click();
    await page.getByRole('heading', { name: 'Details' }).waitFor();
    await eventually(async () => expect(await page.getByRole('button', { name: 'Delete runner' }).count()).toBe(0));
    await eventually(async () => expect(await page.getByRole('button', { name: 'Edit details' }).count()).toBe(0));
    await eventually(async () => expect(await page.getByRole('button', { name: 'Reset authentication token' }).count()).toBe(0));
  });
});
