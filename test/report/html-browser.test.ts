/**
 * The HTML report in a real headless Chromium (Debian's `chromium`, driven by playwright-core,
 * whose own browser download is never used): it renders without console errors, a metric named
 * like an XSS payload does not execute, and a screenshot is written.
 *
 * A missing browser is installed with scripts/install-chromium.sh (root or sudo). In CI (CI=true)
 * a browser that cannot be had fails the tests; elsewhere, without root, they are skipped.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from 'canary-judge';
import { hostileCase, judgeExample } from './fixtures.js';
import { inCi } from '../helpers/ci.js';

const run = promisify(execFile);
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const root = new URL('../../', import.meta.url).pathname;
const canInstall = process.getuid?.() === 0 || existsSync('/usr/bin/sudo');
const runBrowserTests = existsSync(CHROMIUM) || canInstall || inCi;

/** Where the screenshots go: CANARY_JUDGE_SCREENSHOTS, else a folder in the temporary directory. */
const screenshotDirectory = process.env['CANARY_JUDGE_SCREENSHOTS'] ?? join(tmpdir(), 'canary-judge-screenshots');

let browser: Browser | undefined;
let pages = '';

/** Installs the browser when it is missing (asynchronously, so the test worker stays responsive). */
async function ensureChromium(): Promise<void> {
  if (existsSync(CHROMIUM)) return;
  try {
    await run('bash', [join(root, 'scripts', 'install-chromium.sh')], { timeout: 900_000, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const output = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`scripts/install-chromium.sh failed: ${(error as Error).message}\n${output.slice(-2000)}`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`scripts/install-chromium.sh ran but ${CHROMIUM} is still missing`);
}

interface PageRun {
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly dialogs: string[];
  readonly failedRequests: string[];
  readonly screenshot: string;
  readonly textOfFirstHeading: string;
  readonly imageCount: number;
}

async function openReport(name: string, html: string): Promise<PageRun> {
  if (browser === undefined) throw new Error('the browser did not start');
  const file = join(pages, `${name}.html`);
  writeFileSync(file, html);
  const context = await browser.newContext({ viewport: { width: 900, height: 1200 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  const failedRequests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('requestfailed', (request) => failedRequests.push(request.url()));
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  await page.waitForTimeout(200); // let late errors (image loads, handlers) surface
  mkdirSync(screenshotDirectory, { recursive: true });
  const screenshot = join(screenshotDirectory, `${name}.png`);
  await page.screenshot({ path: screenshot, fullPage: true });
  const textOfFirstHeading = (await page.textContent('h1')) ?? '';
  const imageCount = await page.locator('img').count();
  await context.close();
  return { consoleErrors, pageErrors, dialogs, failedRequests, screenshot, textOfFirstHeading, imageCount };
}

describe.skipIf(!runBrowserTests)('HTML report in headless Chromium', () => {
  beforeAll(async () => {
    await ensureChromium();
    pages = mkdtempSync(join(tmpdir(), 'canary-judge-pages-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // No --user-data-dir: playwright gives each launch a fresh temporary profile of its own.
      ],
    });
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    if (pages !== '') rmSync(pages, { recursive: true, force: true });
  });

  it.each(['healthy-canary', 'latency-regression', 'error-spike', 'low-traffic'])(
    'the %s report renders with no console error and gives a screenshot',
    async (name) => {
      const { judgement, data } = judgeExample(name);
      const run = await openReport(name, renderHtml(judgement, { data, subtitle: `examples/${name}` }));
      expect(run.pageErrors).toEqual([]);
      expect(run.consoleErrors).toEqual([]);
      expect(run.failedRequests).toEqual([]);
      expect(run.textOfFirstHeading).toBe(judgement.verdict.toUpperCase());
      const png = readFileSync(run.screenshot);
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(statSync(run.screenshot).size).toBeGreaterThan(20_000);
      // Full-page height from the PNG header: the page is long enough to hold every metric's charts.
      expect(png.readUInt32BE(20)).toBeGreaterThan(1_500);
    },
    60_000,
  );

  it('a metric named <img src=x onerror=alert(1)> does not execute', async () => {
    const { judgement, data } = hostileCase();
    const run = await openReport('hostile-names', renderHtml(judgement, { data }));
    expect(run.dialogs).toEqual([]);
    expect(run.pageErrors).toEqual([]);
    expect(run.consoleErrors).toEqual([]);
    expect(run.imageCount).toBe(0);
  }, 60_000);

  it('the same page with the escaping removed would execute (the check can fail)', async () => {
    const { judgement, data } = hostileCase();
    const unsafe = renderHtml(judgement, { data })
      .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
      .replace('&lt;img src=x onerror=alert(1)&gt;', '<img src=x onerror=alert(1)>');
    const run = await openReport('hostile-names-unescaped', unsafe);
    expect(run.dialogs).toEqual(['1']);
  }, 60_000);
});
