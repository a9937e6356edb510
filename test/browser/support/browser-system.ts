/**
 * What every console browser test starts with: its own test system (staff sign in with STAFF_PASSWORD) and the
 * Debian Chromium, started before the file's tests and stopped after them, and a sign-in that opens a console page,
 * is sent to the login form, signs in and lands back on that page. Call inside describe().
 */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { startTestSystem, type TestSystem } from '../../support/system';
import { launchChromium } from './chromium';

export const STAFF_PASSWORD = 'test-password-123';

export interface SignInOptions {
  /** The console page to open (sign-in returns to it); /console/ledger by default. */
  at?: string;
  viewport?: BrowserContextOptions['viewport'];
  acceptDownloads?: boolean;
}

export interface BrowserSystem {
  readonly system: TestSystem;
  readonly browser: Browser;
  signIn(staffId: string, options?: SignInOptions): Promise<Page>;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function useBrowserSystem(overrides: Record<string, string> = {}): BrowserSystem {
  let system: TestSystem | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [system, browser] = await Promise.all([startTestSystem({ CONSOLE_DEFAULT_PASSWORD: STAFF_PASSWORD, ...overrides }), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  }, 60_000);
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started yet (use it inside a test)`);
    return value;
  };
  return {
    get system() {
      return started(system, 'the test system');
    },
    get browser() {
      return started(browser, 'Chromium');
    },
    async signIn(staffId, options = {}) {
      const at = options.at ?? '/console/ledger';
      const context = await started(browser, 'Chromium').newContext({
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        ...(options.viewport ? { viewport: options.viewport } : {}),
        ...(options.acceptDownloads ? { acceptDownloads: true } : {}),
      });
      const page = await context.newPage();
      await page.goto(`${started(system, 'the test system').apiUrl}${at}`);
      await page.waitForURL(/\/console\/login/);
      await page.fill('input[name=staffId]', staffId);
      await page.fill('input[name=password]', STAFF_PASSWORD);
      await Promise.all([page.waitForURL(new RegExp(escapeRegExp(at.split('?')[0]))), page.click('button[type=submit]')]);
      return page;
    },
  };
}
