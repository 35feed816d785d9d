import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); Playwright's own download fails on this network. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a closed network: no background calls to Google's hosts, no sandbox as root. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Why browser tests cannot run here, or `undefined` when they can. Under `CI` a missing
 * Chromium is an error, never a silent skip.
 */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  const reason = `${CHROMIUM_PATH} is missing (install it with: apt-get install -y chromium)`;
  if (process.env.CI) throw new Error(`browser tests must run in CI, but ${reason}`);
  console.warn(`skipping the browser tests: ${reason}`);
  return reason;
}

/** Launches headless Debian Chromium through playwright-core. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
