import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, type DealbotConfig } from '../../../src/infrastructure/config/config.schema.js';
import { freshDatabase, startApiBot, TEST_TOKEN, type ApiBot } from '../../support/api-bot.js';
import { inCi } from '../../support/services.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM && !inCi()) console.warn(`skipping the dashboard browser test: no ${CHROMIUM} (apt-get install chromium)`);
const SHOTS = join(process.cwd(), 'test-artifacts', 'dashboard');
const TOKEN = TEST_TOKEN;

/**
 * A paper bot on the seeded simulated market, a candle every 60 ms, with short indicator
 * periods so it buys within seconds; a 50 % profit markup and no exit rules keep its deals
 * open for the test to close one.
 */
function dashboardConfig(database: string): DealbotConfig {
  const market = (startPrice: number, amountStep: string) => ({ startPrice, priceStep: '0.01', amountStep, minAmount: amountStep, minCost: '5' });
  return configSchema.parse({
    database,
    windowSize: 60,
    strategy: { rsiPeriod: 3, macdFast: 2, macdSlow: 4, macdSignal: 2, rsiBuyBelow: 60, rsiSellAbove: 100 },
    paper: { balances: { USDT: '100000' } },
    market: { source: 'simulated', seed: 11, candles: 100_000, paceMs: 60, startTime: '2024-01-01T00:00:00Z' },
    pairs: [
      { symbol: 'BTC/USDT', dealQuota: '500', profitMarkup: '0.5', dealCount: 4, orderLifeTime: 900, paperMarket: market(60_000, '0.00001') },
      { symbol: 'ETH/USDT', dealQuota: '300', profitMarkup: '0.5', dealCount: 4, orderLifeTime: 900, paperMarket: market(3_000, '0.0001') },
    ],
  });
}

interface DealView {
  readonly id: string;
  readonly pair: string;
  readonly status: string;
  readonly bought: string;
}

let database: Awaited<ReturnType<typeof freshDatabase>>;
let bot: ApiBot;
let url: string;
let browser: Browser;

async function api<T>(path: string): Promise<T> {
  const answer = await fetch(`${url}/api/v1${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (!answer.ok) throw new Error(`${path}: ${answer.status} ${await answer.text()}`);
  return (await answer.json()) as T;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Waits until the expression, run in the page, is true. Polled from here: waitForFunction would
 * evaluate it with the page's eval, which the page's CSP forbids (and the test's tsconfig has no DOM types).
 */
const inPage = (page: Page, expression: string, timeoutMs = 20_000): Promise<true> =>
  until(expression, async () => ((await page.evaluate(expression)) ? true : undefined), timeoutMs);

const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

describe.skipIf(!HAVE_CHROMIUM && !inCi())('the dashboard in Chromium, over a paper bot trading on SQLite', () => {
  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI needs ${CHROMIUM} for the dashboard browser test`);
    mkdirSync(SHOTS, { recursive: true });
    database = await freshDatabase('sqlite');
    bot = await startApiBot(dashboardConfig(database.url), { token: TOKEN });
    url = bot.url;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // the bot has bought: a deal with a fill the chart can mark
    await until('a deal that bought', async () => (await api<{ deals: DealView[] }>('/deals?limit=500')).deals.find((d) => d.bought !== '0'));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    await database?.cleanup();
  });

  it('refuses without the token, signs in, draws the deals on the chart, follows the events, closes a deal, pauses and resumes a pair with the buttons', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // the page loads nothing from elsewhere: every request goes to the bot
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(url) && !request.url().startsWith('data:')) foreign.push(request.url());
    });

    // without a session: 401 and the sign-in page, no dashboard
    const refused = await page.goto(`${url}/`);
    expect(refused?.status()).toBe(401);
    await expect(page.locator('#sign-in input[name="token"]').count()).resolves.toBe(1);
    expect(await page.locator('#open-deals').count()).toBe(0);
    await shot(page, 'sign-in');

    // a wrong token: the API's reason on the sign-in page, still signed out
    await page.fill('#token', 'not-the-token');
    await page.click('#sign-in button[type="submit"]');
    await page.waitForSelector('#sign-in-error:not([hidden])');
    expect(await page.textContent('#sign-in-error')).toBe('Not signed in: wrong token.');
    expect(await context.cookies()).toEqual([]);

    // signing in with the token sets the cookie and lands on the dashboard
    await page.fill('#token', TOKEN);
    const [landed] = await Promise.all([page.waitForNavigation(), page.click('#sign-in button[type="submit"]')]);
    expect(landed?.status()).toBe(200);
    expect((await context.cookies()).find((c) => c.name === 'dealbot_session')?.httpOnly).toBe(true);

    // the chart of the pair the bot bought on carries a marker of that deal's buy fill
    const bought = (await api<{ deals: DealView[] }>('/deals?limit=500')).deals.find((d) => d.bought !== '0')!;
    const chart = page.locator(`.pair[data-pair="${bought.pair}"] .chart`);
    await inPage(page, `Number(document.querySelector('.pair[data-pair="${bought.pair}"] .chart')?.getAttribute('data-markers')) > 0`);
    expect(Number(await chart.getAttribute('data-candles'))).toBeGreaterThan(10);
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    await inPage(page, `document.body.getAttribute('data-live') === 'live'`);
    await shot(page, 'dashboard');

    // a live event arrives and the page updates without a reload
    await page.evaluate('window.notReloaded = true');
    const seen = Number((await page.getAttribute('body', 'data-events')) ?? '0');
    await inPage(page, `Number(document.body.getAttribute('data-events')) > ${seen}`);
    expect(await page.locator('#events li').count()).toBeGreaterThan(0);
    expect(await page.evaluate('window.notReloaded')).toBe(true);

    // an action the API refuses shows its reason
    await page.fill('#open-deal-price', '-5');
    await page.click('#open-deal button[type="submit"]');
    await page.click('#confirm-ok');
    await page.waitForSelector('#notice[data-kind="error"]:not([hidden])');
    expect(await page.textContent('#notice')).toContain('price');

    // close an open deal with its button, confirmed in the dialog
    const row = page.locator('#open-deals tr[data-status="open"]').first();
    await row.waitFor({ timeout: 20_000 });
    const id = (await row.getAttribute('data-deal'))!;
    await row.locator('button.close-deal').click();
    await page.waitForSelector('#confirm[open]');
    expect(await page.textContent('#confirm-text')).toContain(id);
    await shot(page, 'confirm-close');
    await page.click('#confirm-ok');
    await page.waitForSelector('#notice[data-kind="ok"]:not([hidden])');
    expect(await page.textContent('#notice')).toMatch(/is (closing|closed)/);
    const closed = await api<DealView>(`/deals/${encodeURIComponent(id)}`);
    expect(['closing', 'closed']).toContain(closed.status);
    // the page shows it too, once the refresh the action scheduled has run
    await inPage(page, `Array.from(document.querySelectorAll('tr[data-deal="${id}"]')).some((r) => r.getAttribute('data-status') !== 'open')`);
    expect(await page.locator(`#open-deals tr[data-deal="${id}"][data-status="open"]`).count()).toBe(0);
    await shot(page, 'after-close');

    // pause one pair and resume it with its card's button
    const card = page.locator(`.pair[data-pair="${bought.pair}"]`);
    await card.locator('button.pause').click();
    await page.click('#confirm-ok');
    await inPage(page, `document.querySelector('.pair[data-pair="${bought.pair}"] button.pause')?.textContent === 'Resume'`);
    expect(await card.locator('.paused').textContent()).toMatch(/^paused/);
    expect((await api<{ pairs: { symbol: string; paused: unknown }[] }>('/pairs')).pairs.find((p) => p.symbol === bought.pair)?.paused).not.toBeNull();
    await card.locator('button.pause').click();
    await page.click('#confirm-ok');
    await inPage(page, `document.querySelector('.pair[data-pair="${bought.pair}"] button.pause')?.textContent === 'Pause'`);
    expect((await api<{ pairs: { symbol: string; paused: unknown }[] }>('/pairs')).pairs.find((p) => p.symbol === bought.pair)?.paused).toBeNull();

    // readable on a phone: one column, no sideways scrolling of the page
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(page, 'phone');

    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await context.close();
  }, 120_000);
});
