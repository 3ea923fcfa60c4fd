/**
 * `sepka demo --web` in a real browser: the command runs as a user runs it, and
 * Debian's chromium (headless, driven by playwright-core; scripts/chromium.ts) opens the URL it
 * prints. Nothing is mocked: the three processes, the page server, the WebSocket, vega and
 * vega-lite in the page.
 *
 * - The page's fingerprints are the ones Alice's and Bob's processes printed, and Eve's final
 *   figures on the page are the ones in the --json summary, to the last digit; every chart
 *   rendered; the page loaded nothing from anywhere but the demo; "run again" runs a second
 *   session, which with the same seed reproduces the key.
 * - The page lists the start-up phases, in time order, first the processes starting.
 * - Killing Alice mid-session (SIGKILL) shows on the page as her death, named, and the demo saw
 *   it within 5 s of the kill (on its own clock; the detection is the exit event itself, so the
 *   margin is wide), then the session ends with no key.
 *
 * Without chromium the tests skip, unless SEPKA_REQUIRE_CHROMIUM=1 (.ci/run), where they fail.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { finished, faultMidSession, startWeb, stopWeb } from './helpers/web.ts';
import { expectValid } from './helpers/schema.ts';
import { CHROMIUM, chromiumRequired, haveChromium } from '../scripts/chromium.ts';
import { derive, loadProfile } from '../src/protocol/profile.ts';

const signed4 = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(4);

afterEach(async () => {
  expect(await stopWeb(), 'processes left running after the demo').toEqual([]);
});

it.runIf(!haveChromium() && chromiumRequired())('chromium is installed (SEPKA_REQUIRE_CHROMIUM=1)', () => {
  expect.fail(`no chromium at ${CHROMIUM}: install Debian's chromium or set SEPKA_CHROMIUM`);
});

describe.skipIf(!haveChromium())('sepka demo --web in headless chromium', () => {
  it('shows the fingerprints the processes printed and the --json summary’s Eve figures, and runs again', async () => {
    const { run, out, err, url, page, problems, requests } = await startWeb(['--json', '--protocol', 'toy-insecure', '--seed', 'web-e2e']);
    await finished(page, 1);
    const json1 = JSON.parse((await out.waitFor(/^(\{.*\})$/m))[1]);
    expectValid('demo', json1);
    const fp = async () => ({
      alice: (await err.waitFor(/^alice: key agreed and confirmed: .*fingerprint ([0-9a-f]+)$/m))[1],
      bob: (await err.waitFor(/^bob: key agreed and confirmed: .*fingerprint ([0-9a-f]+)$/m))[1],
    });
    const printed = await fp();
    expect(json1.keyAgreed).toBe(true);
    expect(printed.alice).toBe(printed.bob);
    expect(await page.textContent('#status')).toBe('shared key established');
    expect(await page.textContent('#fp-alice')).toBe(printed.alice);
    expect(await page.textContent('#fp-bob')).toBe(printed.bob);
    expect(await page.textContent('#key-bits')).toBe(String(json1.keyBits));

    // Eve's final figures: exactly the summary's values, and shown as the terminal shows them.
    const eve = json1.eve as { rawAdvantage: number; keyBitAgreement: number };
    expect(await page.getAttribute('#eve-raw-adv', 'data-value')).toBe(String(eve.rawAdvantage));
    expect(await page.textContent('#eve-raw-adv')).toBe(signed4(eve.rawAdvantage));
    expect(await page.getAttribute('#eve-key-agree', 'data-value')).toBe(String(eve.keyBitAgreement));
    expect(await page.textContent('#eve-key-agree')).toBe(eve.keyBitAgreement.toFixed(4));
    // The page shows the §6 summary; stdout adds what reproduces the run and its provenance.
    const { protocol: _p, seed: _s, rawAgreement: _r, rawAgreementTheory: _t, meta: _m, ...summary } = json1;
    expect(JSON.parse((await page.textContent('#summary'))!)).toEqual(summary);

    // Every chart is drawn by vega; the timeline has one bar per row of its table.
    await page.waitForFunction(() => [...document.querySelectorAll('.chart')].every((c) => c.querySelector('svg')), null, { timeout: 30_000 });
    const rows = await page.$$eval('#timeline-table tbody tr', (r) => r.length);
    expect(rows).toBeGreaterThanOrEqual(10); // hello ×2, task, challenges, estimate, distill, kept, recon, verify, amplify, confirm
    expect(await page.$$eval('#chart-timeline .pt_timeline_marks > *', (m) => m.length)).toBe(rows);
    // Bytes per stage under the timeline: its total row is the demo's own count (Bob's, protocol/wire.ts).
    const total = await page.$$eval('#wire-table tbody tr', (r) => r[r.length - 1].children[3].textContent);
    expect(total).toBe(json1.wire.total.bytes.toLocaleString('en-US'));
    const theory = derive(loadProfile('toy-insecure')).pTheory.toFixed(4);
    expect(await page.textContent('#agreement-text')).toContain(`theory (1 + (1 − 2θ)^w)/2 = ${theory}`);
    expect(await page.textContent('#beta')).toMatch(/^β = 0\.\d{3} on the session key/);

    // "run again": a second session; the same seed reproduces the same key.
    await page.click('#run-again');
    await finished(page, 2);
    const json2 = JSON.parse((await out.waitFor(/^\{.*\}\n(\{.*\})$/m))[1]);
    expectValid('demo', json2);
    expect(json2.keyAgreed).toBe(true);
    expect(await page.textContent('#fp-alice')).toBe(printed.alice);
    expect(err.text().match(/^alice: key agreed.*$/gm)).toHaveLength(2);
    expect(await page.getAttribute('#eve-raw-adv', 'data-value')).toBe(String(json2.eve.rawAdvantage));

    // Self-contained: the page fetched nothing but the demo's own files.
    expect(requests.length).toBeGreaterThanOrEqual(5);
    for (const r of requests) expect(r.startsWith(url), r).toBe(true);
    expect(problems).toEqual([]);

    run.proc.kill('SIGTERM');
    const done = await run.done;
    expect(done.code).toBe(143);
  });

  it('killing a child mid-session shows its death on the page, seen by the demo within 5 s', async () => {
    // paper-128, not default: on a quiet machine a default session ends within a second of Bob's
    // hello, so Alice could finish (ESRCH) or report before the kill landed (seen 3 times in 5).
    // A paper-128 session runs ≈ 1.7 s over WebSocket after hello (bench --only stages), so the
    // kill is sent as soon as the page shows Bob's hello.
    const { run, out, page } = await startWeb(['--protocol', 'paper-128', '--seed', 'web-kill']);
    const { pid, detectedMs, seenMs } = await faultMidSession(page, 'alice', 'SIGKILL', (pid) => `alice process (pid ${pid}) died mid-session: killed by SIGKILL`);
    console.log(`web: alice (pid ${pid}) killed; the demo saw it after ${detectedMs} ms, the page showed it after ${seenMs} ms`);
    expect(detectedMs).toBeGreaterThanOrEqual(-50); // not before the kill (same clock, ms rounding)
    expect(detectedMs).toBeLessThan(5000);
    expect(await page.isVisible('#failures-box')).toBe(true);
    expect(await page.getAttribute('#party-alice', 'class')).toContain('dead');
    // The page lists the start-up phases from the demo's own events (web/view.ts): the processes
    // starting, each child started with its pid. Read after the kill, which must land while the
    // session runs (the later phases need Alice); the list stays when the panel folds away
    // (when the panel is shown is web.view.test's).
    await page.waitForSelector('#phases li:has-text("bob started (pid")', { state: 'attached', timeout: 30_000 });
    const phases = await page.$$eval('#phases li', (li) => li.map((x) => x.textContent ?? ''));
    expect(phases[0]).toMatch(/^0\.\d s {2}starting the processes at once: alice, eve \(the tap\) and bob$/);
    expect(phases.find((p) => p.includes('alice started (pid'))).toContain(`alice started (pid ${pid})`);
    const at = phases.map((p) => Number(/^(\d+\.\d) s/.exec(p)![1]));
    expect(at).toEqual([...at].sort((a, b) => a - b));

    await finished(page, 1);
    expect(await page.textContent('#status')).toBe('FAILED: no key');
    expect(await page.textContent('#fp-alice')).toBe('–');
    await out.waitFor(/FAILED: no key/);
    run.proc.kill('SIGTERM');
    expect((await run.done).code).toBe(143);
  });
});
