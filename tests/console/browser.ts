/**
 * A real Chromium for the console's tests: the one shipped inside @sparticuz/chromium (no
 * download), driven by playwright-core. If it cannot start, the tests fail; they never skip.
 * Every page records the requests it makes, its page errors and console errors.
 */
import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** switches meant for a lambda's single process, or that would loosen what the page is allowed */
const DROPPED = ['--single-process', '--disable-web-security', '--allow-running-insecure-content', "--headless='shell'"];

export async function launchBrowser(): Promise<Browser> {
  const executablePath = await sparticuz.executablePath();
  return chromium.launch({ executablePath, args: sparticuz.args.filter((a) => !DROPPED.includes(a)), headless: true });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** every URL the page asked for, WebSockets included */
  requests: string[];
  /** uncaught exceptions and console.error lines */
  problems: string[];
}

export async function openPage(browser: Browser, viewport = { width: 1366, height: 768 }): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const watched: WatchedPage = { page, context, requests: [], problems: [] };
  page.on('request', (r) => watched.requests.push(r.url()));
  page.on('websocket', (ws) => watched.requests.push(ws.url()));
  page.on('pageerror', (e) => watched.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') watched.problems.push(`console.error: ${m.text()}`);
  });
  return watched;
}
