/**
 * The web console in a real browser against the real server and PostgreSQL: sign-in through the
 * development chooser, the 挂图作战 wall's counts and their live moves, the drill-down to the
 * ledger, a letter's page and its generated forms, a department's narrower view, the calendar
 * editor; a long history paged as the timeline scrolls, the countdowns on the server's clock,
 * webhooks and repairs from the administration pages, and none of those pages for a department.
 * Every request the pages make stays on the test server; no page error, no console error.
 * Timings are printed (and written to tests/console/.out), never asserted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { mintToken } from '../../src/auth/authenticator';
import { DEVELOPMENT_JWT_SECRET } from '../../src/config';
import { devActors } from '../../src/http/console-routes';
import { gql, startTestApp, type TestApp } from '../helpers/app';
import { until } from '../helpers/receiver';
import { TestClock } from '../helpers/clock';
import { letterInput, SEND, START } from '../helpers/letters';
import { letterV2 } from '../admin/letter-v2';
import { registerDefinition } from '../../machines';
import { launchBrowser, openPage, type WatchedPage } from './browser';

const ROOT = path.resolve(__dirname, '../..');
/** The README's screenshots are rewritten only when asked (UPDATE_SCREENSHOTS=1): a test run leaves the tree as it was. */
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs/screenshots') : path.join(os.tmpdir(), 'duban-console-screenshots');
mkdirSync(SHOTS, { recursive: true });
const OUT = path.join(__dirname, '.out');
const clock = new TestClock('2026-11-02T01:00:00Z'); // Monday 09:00 in Zhaoyuan
let t: TestApp;
let browser: Browser;
/** where the webhook registered in the browser delivers: answers 204, so deliveries succeed */
let receiver: Server;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const measured: Record<string, number> = {};
const pages: WatchedPage[] = [];

const who = (id: string) => devActors().find((a) => a.actor.id === id)!.actor;

async function letter(token: string, input: Record<string, unknown>, issue = true): Promise<string> {
  const started = await gql(t.url, token, START, { input: { machineId: 'supervisionLetter', input: letterInput(input) } });
  if (started.errors) throw new Error(JSON.stringify(started.errors));
  const id = started.data.startWorkflow.id;
  if (issue) await send(token, id, 'ISSUE');
  return id;
}

async function send(token: string, workflowId: string, type: string, payload: Record<string, unknown> = {}) {
  const res = await gql(t.url, token, SEND, { input: { workflowId, type, payload } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.sendEvent;
}

beforeAll(async () => {
  // the development secret, as `npm start` runs without AUTH_JWT_SECRET: the chooser is offered
  t = await startTestApp({ clock, config: { AUTH_JWT_SECRET: '', DIRECTORY_SEED: 'true' } });
  for (const id of ['office-wang', 'housing-zhang', 'transport-liu', 'admin-1']) tokens[id] = await mintToken(DEVELOPMENT_JWT_SECRET, who(id));
  // 市住建局: one letter RED and 挂牌 (its feedback deadline passed), one BLUE; 市交通局: one BLUE
  ids.red = await letter(tokens['office-wang'], { title: '老旧小区改造督办', flagged: true });
  clock.set('2026-11-04T16:00:01Z');
  await t.app.timers.runDue();
  clock.set('2026-11-05T16:00:01Z');
  await t.app.timers.runDue();
  ids.blue = await letter(tokens['office-wang'], { title: '背街小巷整治督办', flagged: false });
  ids.transport = await letter(tokens['office-wang'], { title: '公交线路优化督办', leadUnit: '市交通局', flagged: false });
  receiver = createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, 'timings.json'), JSON.stringify(measured, null, 2) + '\n');
  console.log(`console timings (ms): ${JSON.stringify(measured)}`);
  await browser?.close();
  await t?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

afterEach(() => {
  for (const p of pages) {
    const origin = new URL(t.url);
    const foreign = p.requests.filter((u) => {
      // a download made in the page (blob:http://host/…) belongs to the page's origin
      const url = new URL(u.startsWith('blob:') ? u.slice(5) : u);
      return url.host !== origin.host || !['http:', 'ws:'].includes(url.protocol);
    });
    expect(foreign).toEqual([]);
    expect(p.problems).toEqual([]);
  }
});

/** Opens /console, picks an identity in the development chooser, waits for the wall. */
async function signInAs(identity: string): Promise<WatchedPage> {
  const watched = await openPage(browser);
  pages.push(watched);
  const { page } = watched;
  const started = Date.now();
  await page.goto(`${t.url}/console`);
  await page.locator(`[data-identity="${identity}"]`).click();
  await page.locator('[data-wall-ready]').waitFor();
  if (identity === 'office-wang') measured.wallFirstCountsFromGoto = Date.now() - started;
  return watched;
}

const cell = (page: Page, key: string) => page.locator(`[data-cell="${key}"]`);
async function counts(page: Page, key: string) {
  const c = cell(page, key);
  if ((await c.locator('[data-level]').count()) === 0) return { RED: 0, YELLOW: 0, BLUE: 0 };
  const n = async (l: string) => Number(await c.locator(`[data-level="${l}"]`).innerText());
  return { RED: await n('RED'), YELLOW: await n('YELLOW'), BLUE: await n('BLUE') };
}

test('the office signs in through the chooser and the wall counts the seeded letters by lead unit and process', async () => {
  const { page } = await signInAs('office-wang');
  await expect(page.getByTestId('me').innerText()).resolves.toContain('王督查');
  expect(await counts(page, '市住建局|supervisionLetter')).toEqual({ RED: 1, YELLOW: 0, BLUE: 1 });
  expect(await counts(page, '市交通局|supervisionLetter')).toEqual({ RED: 0, YELLOW: 0, BLUE: 1 });
  expect(await counts(page, 'total|total')).toEqual({ RED: 1, YELLOW: 0, BLUE: 2 });
  expect(await cell(page, '市住建局|supervisionLetter').locator('[data-flagged]').getAttribute('data-flagged')).toBe('1');
  expect(await cell(page, '市交通局|supervisionLetter').locator('[data-flagged]').count()).toBe(0);
  const paint = await page.evaluate(() => {
    const g = globalThis as any;
    const fcp = g.performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
    return { fcp, counts: g.__wallFirstCounts ?? null };
  });
  measured.wallFirstContentfulPaint = Math.round(paint.fcp ?? -1);
  measured.wallCountsRendered = Math.round(paint.counts ?? -1);
  await page.screenshot({ path: path.join(SHOTS, 'wall.png') });
});

test('an event sent by another client moves a count on the open wall, without a reload, and the cell flashes', async () => {
  const { page } = pages[0];
  await page.evaluate(() => ((globalThis as any).__wallLastChange = undefined));
  const sent = Date.now();
  ids.newTransport = await letter(tokens['office-wang'], { title: '停车难问题督办', leadUnit: '市交通局', flagged: true });
  const transport = cell(page, '市交通局|supervisionLetter');
  await transport.locator('[data-level="BLUE"]', { hasText: '2' }).waitFor();
  measured.eventToWallChange = Date.now() - sent;
  expect(await transport.getAttribute('class')).toContain('changed');
  expect(await counts(page, '市交通局|supervisionLetter')).toEqual({ RED: 0, YELLOW: 0, BLUE: 2 });
  expect(await transport.locator('[data-flagged]').getAttribute('data-flagged')).toBe('1');

  // 撤销 moves the item off the wall
  await send(tokens['office-wang'], ids.blue, 'CANCEL', { reason: '已并入其他督办事项' });
  await cell(page, '市住建局|supervisionLetter').locator('[data-level="BLUE"]', { hasText: '0' }).waitFor();
  expect(await counts(page, 'total|total')).toEqual({ RED: 1, YELLOW: 0, BLUE: 2 });
});

test('a wall cell opens the ledger filtered to it, and a letter opens from there', async () => {
  const { page } = pages[0];
  await cell(page, '市住建局|supervisionLetter').locator('[data-level="RED"]').click();
  await page.waitForURL(/\/console\/ledger\?/);
  const query = new URL(page.url()).searchParams;
  expect(Object.fromEntries(query)).toEqual({ status: 'ACTIVE', leadUnit: '市住建局', machineId: 'supervisionLetter', alertLevel: 'RED' });
  const rows = page.locator('.ledger-table tbody tr[data-workflow]');
  await rows.first().waitFor();
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-workflow')))).toEqual([ids.red]);
  await expect(rows.first().innerText()).resolves.toContain('老旧小区改造督办');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const csv = await new Promise<string>((resolve, reject) => {
    download.createReadStream().then((stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8'))).on('error', reject);
    }, reject);
  });
  expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2); // the header and the one red letter
  expect(csv).toContain('老旧小区改造督办');
  await rows.first().locator('a').click();
  await page.locator(`[data-workflow-page="${ids.red}"]`).waitFor();
});

test("the office sends an event through the letter's generated form and the timeline grows by it", async () => {
  const { page } = pages[0];
  const timeline = page.getByTestId('timeline').locator('li');
  await timeline.first().waitFor();
  const before = await timeline.count();
  expect(before).toBe(4); // START, ISSUE, DEADLINE_WARNING, DEADLINE_PASSED
  expect(await page.getByTestId('diagram').locator('[data-state="awaitingFeedback"]').getAttribute('data-mark')).toBe('current');
  expect(await page.getByTestId('diagram').locator('[data-state="draft"]').getAttribute('data-mark')).toBe('visited');
  expect(await page.locator('[data-field="leadUnit"] dt').innerText()).toBe('承办单位');
  const urge = page.locator('form[data-event="URGE"]');
  await urge.locator('[name="message"]').fill('请于本周内反馈');
  await urge.locator('button[type="submit"]').click();
  await expect(page.getByTestId('outcome').innerText()).resolves.toContain('已提交：催办');
  await page.locator('[data-testid="timeline"] li[data-event-type="URGE"]').waitFor();
  expect(await timeline.count()).toBe(before + 1);
  await expect(page.locator('li[data-event-type="URGE"]').innerText()).resolves.toContain('请于本周内反馈');
  const stored = await gql(t.url, tokens['office-wang'], `query($id: ID!) { workflow(id: $id) { version history { eventType payload } } }`, { id: ids.red });
  expect(stored.data.workflow.history.at(-1)).toEqual({ eventType: 'URGE', payload: { message: '请于本周内反馈' } });

  await page.getByRole('button', { name: '校验' }).click();
  await expect(page.getByTestId('chain').innerText()).resolves.toContain('完整：5 条记录');
  await page.screenshot({ path: path.join(SHOTS, 'workflow.png'), fullPage: true });
});

test('a form sent on a stale version is refused in plain Chinese, and the page shows the newer version', async () => {
  const { page } = pages[0];
  await send(tokens['office-wang'], ids.red, 'URGE', { message: '另一位同事的催办' });
  const urge = page.locator('form[data-event="URGE"]');
  await urge.locator('button[type="submit"]').click();
  await page.getByTestId('outcome').waitFor();
  expect(await page.getByTestId('outcome').innerText()).toContain('刚刚被他人更新');
  await page.locator('[data-testid="timeline"] li[data-seq="6"]').waitFor();
});

test('a department sees only the items of its unit, and no form it may not use', async () => {
  const watched = await signInAs('housing-zhang');
  const { page } = watched;
  expect(await counts(page, '市住建局|supervisionLetter')).toEqual({ RED: 1, YELLOW: 0, BLUE: 0 });
  expect(await cell(page, '市交通局|supervisionLetter').count()).toBe(0);
  expect(await counts(page, 'total|total')).toEqual({ RED: 1, YELLOW: 0, BLUE: 0 });
  await page.goto(`${t.url}/console/workflows/${ids.red}`);
  await page.locator(`[data-workflow-page="${ids.red}"]`).waitFor();
  const forms = await page.locator('form[data-event]').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-event')));
  expect(forms).toEqual(['SUBMIT_FEEDBACK']);
  // another unit's letter: exactly what an unknown id gets
  await page.goto(`${t.url}/console/workflows/${ids.transport}`);
  await page.getByTestId('not-found').waitFor();
  await page.goto(`${t.url}/console/workflows/00000000-0000-4000-8000-000000000000`);
  await page.getByTestId('not-found').waitFor();
});

test('a department finds its letter among its tasks, nearest deadline first', async () => {
  const { page } = pages[pages.length - 1];
  await page.getByRole('link', { name: '我的待办' }).click();
  await page.locator(`[data-task="${ids.red}"]`).waitFor();
  const tasks = await page.locator('[data-task]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task')));
  expect(tasks).toEqual([ids.red]);
  // 通报 and 管理 are the office's and administrators' only
  expect(await page.getByRole('link', { name: '通报' }).count()).toBe(0);
});

test('the office reads the statistics per unit', async () => {
  const { page } = pages[0];
  expect(await page.getByRole('link', { name: '通报' }).count()).toBe(1);
  // the seeded letters started in November 2026, on the server's clock
  await page.goto(`${t.url}/console/statistics?from=2026-11-01&to=2026-11-30`);
  const table = page.getByTestId('statistics');
  await table.locator('tbody tr').first().waitFor();
  const units = await table.locator('tbody tr td:first-child').allInnerTexts();
  expect(units.sort()).toEqual(['市交通局', '市住建局']);
  const row = table.locator('tbody tr', { hasText: '市住建局' });
  // received: the red, the cancelled blue; overdue now: the red one
  expect((await row.locator('td').allInnerTexts()).slice(0, 2)).toEqual(['市住建局', '2']);
  await page.getByTestId('overdue').waitFor();
});

test('an administrator changes a day in the calendar editor, and the calendar answers with it', async () => {
  const { page } = await signInAs('admin-1');
  await page.getByRole('link', { name: '管理' }).click();
  await page.getByLabel('月份').fill('2027-01');
  await page.getByTestId('provisional').waitFor();
  const editor = page.getByTestId('day-editor');
  await editor.locator('[name="date"]').fill('2027-01-04');
  await editor.locator('[name="working"]').selectOption('false');
  await editor.locator('[name="name"]').fill('元旦调休');
  await editor.locator('button[type="submit"]').click();
  await page.getByTestId('day-saved').waitFor();
  await page.locator('[data-date="2027-01-04"][data-source="OVERRIDE"][data-working="false"]').waitFor();
  const res = await gql(t.url, tokens['admin-1'], `{ calendarDays(from: "2027-01-04", to: "2027-01-04") { working source name } }`);
  expect(res.data.calendarDays).toEqual([{ working: false, source: 'OVERRIDE', name: '元旦调休' }]);
});

/** The seqs the timeline shows, top to bottom. */
const shownSeqs = (page: Page) => page.getByTestId('timeline').locator('li').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-seq'))));
const descending = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => from - i);

test('a long history shows its latest page first and loads older pages as the timeline scrolls; a sent event tops it at once', async () => {
  // 65 催办 after START and ISSUE: 67 transitions, more than three pages of 20
  ids.long = await letter(tokens['office-wang'], { title: '全年进展跟踪督办', leadUnit: '市交通局', flagged: false });
  for (let i = 1; i <= 65; i++) await send(tokens['office-wang'], ids.long, 'URGE', { message: `第 ${i} 次催办` });
  const { page } = pages[0];
  const timelineReads: string[] = [];
  page.on('request', (r) => {
    if ((r.postData() ?? '').includes('"operationName":"Timeline"')) timelineReads.push(r.postData()!);
  });
  await page.goto(`${t.url}/console/workflows/${ids.long}`);
  await page.getByTestId('timeline').locator('li[data-seq="67"]').waitFor();
  expect(await shownSeqs(page)).toEqual(descending(67, 48));
  expect(await page.getByTestId('timeline-count').innerText()).toBe('共 67 条，已显示 20 条');
  await expect(page.locator('li[data-seq="67"]').innerText()).resolves.toContain('第 65 次催办');
  // the path taken covers the whole history, not only the page shown: 草稿 is 67 steps back
  await page.getByTestId('diagram').locator('[data-state="draft"][data-mark="visited"]').waitFor();

  // the button, for whoever does not scroll (clicked where it is, out of view): the next older page
  await page.getByTestId('timeline-more').getByRole('button').dispatchEvent('click');
  await page.getByTestId('timeline').locator('li[data-seq="28"]').waitFor();
  expect(await shownSeqs(page)).toEqual(descending(67, 28));
  // scrolling to the end of the list loads the older pages, without a click, each once, to the first
  await page.waitForFunction(() => {
    const end = (globalThis as any).document.querySelector('[data-testid="timeline-more"]');
    end?.scrollIntoView();
    return !end;
  }, undefined, { polling: 100 });
  expect(await shownSeqs(page)).toEqual(descending(67, 1));
  expect(await page.getByTestId('timeline-count').innerText()).toBe('67');

  // the mutation's answer carries the latest page as the timeline asks for it: no second read
  const readsBefore = timelineReads.length;
  expect(readsBefore).toBeGreaterThan(0); // the pages above were read, and seen here
  const urge = page.locator('form[data-event="URGE"]');
  await urge.locator('[name="message"]').fill('第 66 次催办');
  await urge.locator('button[type="submit"]').click();
  await expect(page.getByTestId('outcome').innerText()).resolves.toContain('已提交：催办');
  await page.getByTestId('timeline').locator('li[data-seq="68"]').waitFor();
  expect(await shownSeqs(page)).toEqual(descending(68, 1));
  expect(timelineReads.length).toBe(readsBefore);
});

test("the ledger counts time left on the server's clock, not the browser's", async () => {
  // the server's clock stands in November 2026; the browser's is the machine's real one, later:
  // counted from it, every seeded deadline would be past
  const server = await gql(t.url, tokens['office-wang'], `query($id: ID!) { serverTime workflow(id: $id) { deadline } }`, { id: ids.transport });
  expect(Date.parse(server.data.workflow.deadline)).toBeLessThan(Date.now());
  expect(Date.parse(server.data.workflow.deadline)).toBeGreaterThan(Date.parse(server.data.serverTime));
  const { page } = pages[0];
  await page.goto(`${t.url}/console/ledger?leadUnit=${encodeURIComponent('市交通局')}`);
  const row = page.locator(`tr[data-workflow="${ids.transport}"]`);
  // until the working-day calendar has loaded the cell counts plain days ("剩 6 天"); then
  // working days, from the server's clock (from the browser's it would read 逾期)
  await row.getByTestId('time-left').filter({ hasText: /^剩 \d+ 个工作日$/ }).waitFor();
  expect(await row.getByTestId('time-left').innerText()).toMatch(/^剩 \d+ 个工作日$/);
});

test('an administrator registers a webhook, sees its secret once, rotates it and pauses it', async () => {
  const { page } = pages[pages.length - 1]; // the administrator, from the calendar test
  await page.getByRole('link', { name: '推送接口' }).click();
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/console-hook`;
  const form = page.getByTestId('register-webhook');
  await form.locator('[name="url"]').fill(url);
  await form.locator('[name="format"]').selectOption('CLOUDEVENTS');
  await form.locator('[name="machineId"]').selectOption('supervisionLetter');
  await form.locator('button[type="submit"]').click();
  const row = page.locator(`tr[data-webhook="${url}"]`);
  await row.waitFor();
  await expect(row.innerText()).resolves.toContain('流程：督办函');
  const first = await page.getByTestId('secret-value').innerText();
  expect(first).toMatch(/^whsec_/);
  const stored = async () => (await gql(t.url, tokens['admin-1'], '{ webhooks { url secret active format filter } }')).data.webhooks.find((w: any) => w.url === url);
  expect(await stored()).toEqual({ url, secret: first, active: true, format: 'CLOUDEVENTS', filter: { machineId: 'supervisionLetter' } });
  // closed, it is gone from the page: the list never asks for secrets
  await page.getByTestId('new-secret').getByRole('button').click();
  expect(await page.content()).not.toContain(first);

  await row.getByTestId('rotate-secret').click();
  await row.getByTestId('rotate-secret-confirm').getByRole('button', { name: '确定' }).click();
  await page.getByTestId('new-secret').waitFor();
  const rotated = await page.getByTestId('secret-value').innerText();
  expect(rotated).toMatch(/^whsec_/);
  expect(rotated).not.toBe(first);
  expect((await stored()).secret).toBe(rotated);
  await expect(page.getByTestId('new-secret').innerText()).resolves.toContain('旧密钥在');
  await page.getByTestId('new-secret').getByRole('button').click();
  expect(await page.content()).not.toContain(rotated);

  await row.getByTestId('toggle-active').click();
  await page.locator(`tr[data-webhook="${url}"][data-active="false"]`).waitFor();
  expect(await row.getByTestId('webhook-state').innerText()).toBe('已暂停');
  expect((await stored()).active).toBe(false);
  await page.screenshot({ path: path.join(SHOTS, 'webhooks.png') });
});

test("an administrator reschedules a deadline from the repair page, with a reason, and the item's timeline shows it", async () => {
  const { page } = pages[pages.length - 1];
  await page.getByRole('link', { name: '数据修复' }).click();
  const form = page.getByTestId('repair-form');
  await form.locator('[name="id"]').fill(ids.transport);
  await page.getByTestId('repair-item').filter({ hasText: '公交线路优化督办' }).waitFor();
  await form.locator('[name="op"]').selectOption('reschedule');
  await form.locator('[name="kind"] option[value="feedback"]').waitFor({ state: 'attached' });
  await form.locator('[name="kind"]').selectOption('feedback');
  await form.locator('[name="due"]').fill('2026-11-30T17:30');
  await form.locator('[name="reason"]').fill('市领导批示：延至月底反馈');
  await form.locator('button[type="submit"]').click();
  // nothing happens before the second click
  await page.getByTestId('repair-confirm').waitFor();
  const before = await gql(t.url, tokens['admin-1'], `query($id: ID!) { workflow(id: $id) { version } }`, { id: ids.transport });
  await page.getByTestId('repair-confirm').getByRole('button', { name: '确定执行' }).click();
  await expect(page.getByTestId('repair-result').innerText()).resolves.toContain('已完成调整期限');
  await expect(page.getByTestId('repair-result').innerText()).resolves.toContain('反馈期限改为 2026/11/30 17:30:00');
  const after = await gql(t.url, tokens['admin-1'], `query($id: ID!) { workflow(id: $id) { version deadlines { kind due } } }`, { id: ids.transport });
  expect(after.data.workflow.version).toBe(before.data.workflow.version + 1);
  expect(after.data.workflow.deadlines).toContainEqual({ kind: 'feedback', due: '2026-11-30T09:30:00.000Z' });

  await page.getByTestId('repair-result').getByRole('link', { name: '查看事项' }).click();
  const top = page.getByTestId('timeline').locator('li').first();
  await page.getByTestId('timeline').locator(`li[data-seq="${after.data.workflow.version}"]`).waitFor();
  expect(await top.getAttribute('data-event-type')).toBe('ADMIN_RESCHEDULE');
  await expect(top.innerText()).resolves.toContain('市领导批示：延至月底反馈');
});

test('a department sees no administration page or form, even at their addresses', async () => {
  const { page } = pages[1]; // 市住建局
  expect(await page.getByRole('link', { name: '管理' }).count()).toBe(0);
  for (const tab of ['', '/calendar', '/webhooks', '/repair', '/machines']) {
    await page.goto(`${t.url}/console/admin${tab}`);
    await page.getByTestId('no-access').waitFor();
    expect(await page.locator('form, [data-testid="webhooks"], [data-testid="migrate"]').count()).toBe(0);
  }
  await page.goto(`${t.url}/console/statistics`);
  await page.getByTestId('no-access').waitFor();
});

test('a move to another state tells in Chinese which steps it skipped', async () => {
  const { page } = pages[pages.length - 1];
  await page.goto(`${t.url}/console/admin/repair`);
  const form = page.getByTestId('repair-form');
  await form.locator('[name="id"]').fill(ids.newTransport);
  await page.getByTestId('repair-item').filter({ hasText: '停车难问题督办' }).waitFor();
  await form.locator('[name="op"]').selectOption('move');
  await form.locator('[name="state"] option[value="closureReview"]').waitFor({ state: 'attached' });
  await form.locator('[name="state"]').selectOption('closureReview');
  await form.locator('[name="reason"]').fill('承办单位已线下办结，补录审核环节');
  await form.locator('button[type="submit"]').click();
  await page.getByTestId('repair-confirm').getByRole('button', { name: '确定执行' }).click();
  await expect(page.getByTestId('repair-result').innerText()).resolves.toContain('当前环节「办结审核」');
  expect(await page.getByTestId('repair-warnings').innerText()).toBe('从「待反馈」移至「办结审核」，跳过了：反馈整改落实情况 → 申请办结。');
});

test("an administrator migrates an item to the machine's new version: a dry run first, then with a reason", async () => {
  registerDefinition(letterV2()); // 督办函 v2: 办理中 renamed 落实中; new letters start on it from here on
  const { page } = pages[pages.length - 1];
  await page.goto(`${t.url}/console/admin/repair`);
  const migrate = page.getByTestId('migrate');
  await migrate.locator('[name="machineId"]').selectOption('supervisionLetter');
  await migrate.locator('[name="fromVersion"] option[value="2"]').waitFor({ state: 'attached' });
  await migrate.locator('[name="fromVersion"]').selectOption('1');
  await migrate.locator('[name="toVersion"]').selectOption('2');
  const mapped = await migrate.locator('select[data-from]').evaluateAll((ss) => ss.map((s) => s.getAttribute('data-from')));
  expect(mapped.sort()).toEqual(['awaitingFeedback', 'closureReview']);
  for (const state of mapped) await migrate.locator(`select[data-from="${state}"]`).selectOption(state!);
  await migrate.locator('[name="ids"]').fill(ids.long);
  const version = async (id: string) => (await gql(t.url, tokens['admin-1'], `query($id: ID!) { workflow(id: $id) { machineVersion } }`, { id })).data.workflow.machineVersion;

  await migrate.getByRole('button', { name: '试运行' }).click();
  await expect(page.getByTestId('migration-report').innerText()).resolves.toContain('试运行：1 个事项可以迁移，未作任何改动。');
  expect(await version(ids.long)).toBe(1);

  await expect(migrate.getByRole('button', { name: '迁移', exact: true }).isDisabled()).resolves.toBe(true); // no reason yet
  await migrate.locator('[name="reason"]').fill('统一使用第 2 版');
  await migrate.getByRole('button', { name: '迁移', exact: true }).click();
  await migrate.getByRole('button', { name: '确定迁移' }).click();
  await page.getByTestId('migration-report').filter({ hasText: '已迁移 1 个事项。' }).waitFor();
  expect(await version(ids.long)).toBe(2);
  expect(await version(ids.red)).toBe(1);
});

test("a reassignment takes the item off the old unit's wall at the wall's next reading, though no message reaches that unit", async () => {
  const id = await letter(tokens['office-wang'], { title: '河道清淤督办', flagged: false });
  const { page } = await signInAs('housing-zhang');
  const key = '市住建局|supervisionLetter';
  const before = await counts(page, key);
  expect(before.BLUE).toBeGreaterThan(0);
  const moved = await gql(t.url, tokens['admin-1'], `mutation($id: ID!) { adminReassign(workflowId: $id, input: { fromUnit: "市住建局", toUnit: "市交通局" }, reason: "职能划转") { workflow { units } } }`, { id });
  expect(moved.errors).toBeUndefined();
  // the unit may no longer see the letter, so the stream tells it nothing: the count stays
  await new Promise((r) => setTimeout(r, 1000));
  expect(await counts(page, key)).toEqual(before);
  // the wall is shown again (its tab comes back to the front): it reads its counts afresh
  await page.evaluate(() => {
    const g = globalThis as any; // the page's window
    g.document.dispatchEvent(new g.Event('visibilitychange'));
  });
  await until(async () => (await counts(page, key)).BLUE === before.BLUE - 1, 'the fresh reading without the reassigned letter');
  expect(await counts(page, key)).toEqual({ ...before, BLUE: before.BLUE - 1 });
  expect(await cell(page, key).getAttribute('class')).toContain('changed');
});
