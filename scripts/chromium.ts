/**
 * The browser that drives `demo --web`'s page in tests and screenshots: Debian's
 * chromium (or SEPKA_CHROMIUM), launched by playwright-core, which never downloads a browser.
 * `.ci/run` installs chromium, exports SEPKA_CHROMIUM and sets SEPKA_REQUIRE_CHROMIUM=1 so that
 * the browser test fails there instead of skipping.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.SEPKA_CHROMIUM || '/usr/bin/chromium';
export const haveChromium = (): boolean => existsSync(CHROMIUM);
export const chromiumRequired = (): boolean => process.env.SEPKA_REQUIRE_CHROMIUM === '1';

export function launchChromium(): Promise<Browser> {
  // Without the tests' process tag (test/helpers/procs.ts): the browser is not the demo's.
  const { SEPKA_TEST_TAG: _tag, ...env } = process.env;
  return chromium.launch({
    executablePath: CHROMIUM,
    // CI runs as root, where chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
    env: env as Record<string, string>,
  });
}
