/**
 * `demo --web` with each child stalled mid-session (SIGSTOP, seen by the
 * demo's supervisor): the page names the silent child from the demo's own verdict — no heartbeat for
 * 3 s — and the run ends with no key. The kill -9 case is in the default suite
 * (test/web.browser.test.ts). Needs chromium (skipped without it, failed when
 * SEPKA_REQUIRE_CHROMIUM=1).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { finished, faultMidSession, startWeb, stopWeb } from '../helpers/web.ts';
import { CHROMIUM, chromiumRequired, haveChromium } from '../../scripts/chromium.ts';
import { LIVENESS_MS } from '../../src/demo/supervise.ts';

afterEach(async () => {
  expect(await stopWeb(), 'processes left running after the demo').toEqual([]);
});

it.runIf(!haveChromium() && chromiumRequired())('chromium is installed (SEPKA_REQUIRE_CHROMIUM=1)', () => {
  expect.fail(`no chromium at ${CHROMIUM}`);
});

describe.skipIf(!haveChromium())('demo --web: a stalled child on the page', () => {
  for (const role of ['alice', 'eve', 'bob']) {
    it(`SIGSTOP of ${role} mid-session is named on the page as unresponsive`, async () => {
      const { run, page } = await startWeb(['--protocol', 'demo-256', '--seed', `web-stop-${role}`]);
      const { detectedMs, seenMs } = await faultMidSession(page, role, 'SIGSTOP', () => `${role} stopped responding (no heartbeat for`);
      console.log(`web: ${role} stopped; the demo named it after ${detectedMs} ms, the page after ${seenMs} ms`);
      // The supervisor's deadline is LIVENESS_MS (3 s) of silence from the last beat, so at
      // most that after the stop, plus its tick; 2 s of margin for a loaded machine.
      expect(detectedMs).toBeLessThan(LIVENESS_MS + 2000);
      expect(await page.getAttribute(`#party-${role}`, 'class')).toContain('dead');
      await finished(page, 1);
      expect(await page.textContent('#status')).toBe('FAILED: no key');
      run.proc.kill('SIGTERM');
      expect((await run.done).code).toBe(143);
    });
  }
});
