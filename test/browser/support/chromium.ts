/**
 * The one way the browser tests start Chromium: the Debian package's binary (never a downloaded one) with the
 * flags that keep it headless and off the network.
 */
import { chromium, type Browser } from 'playwright-core';

export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
}
