/**
 * Driving `sepka demo --web` in headless chromium for the browser tests (test/web.browser.test.ts,
 * test/slow/web.faults.slow.test.ts): start the command as a user runs it, open its URL, wait for
 * runs to finish, and fault a child mid-session while the page watches.
 */
import { expect } from 'vitest';
import type { Readable } from 'node:stream';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { Procs, taggedPids } from './procs.ts';
import { launchChromium } from '../../scripts/chromium.ts';

/** Everything a stream has written so far, and a wait for a pattern in it. */
export function watch(stream: Readable) {
  let text = '';
  const waiters: Array<() => void> = [];
  stream.setEncoding('utf8');
  stream.on('data', (d: string) => {
    text += d;
    for (const w of waiters.splice(0)) w();
  });
  return {
    text: () => text,
    async waitFor(re: RegExp, timeoutMs = 120_000): Promise<RegExpMatchArray> {
      const t0 = Date.now();
      for (;;) {
        const m = text.match(re);
        if (m) return m;
        if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${re} in:\n${text}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 500);
        });
      }
    },
  };
}

let procs: Procs | undefined;
let browser: Browser | undefined;
let demo: ReturnType<Procs['cli']> | undefined;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `pid command line`, or the pid alone once the process is gone. */
function described(pid: number): string {
  try {
    return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim()}`;
  } catch {
    return String(pid);
  }
}

/**
 * For afterEach: close the browser, stop `demo --web` as a user does (SIGTERM) if the test has
 * not, and return what the demo left running, each as `pid command line` (none expected).
 *
 * The demo serves until a signal, so a test that failed before its own SIGTERM leaves it up;
 * counting it would report the demo itself as a process "left behind" (how the mid-session
 * kill case, failing with ESRCH on demo-256, once appeared to leak one unnamed process).
 */
export async function stopWeb(): Promise<string[]> {
  await browser?.close();
  browser = undefined;
  const left: string[] = [];
  if (demo && demo.proc.exitCode === null && demo.proc.signalCode === null) {
    demo.proc.kill('SIGTERM');
    const exited = await Promise.race([demo.done.then(() => true), sleep(15_000).then(() => false)]);
    if (!exited) left.push(`${described(demo.proc.pid!)} (the demo: no exit within 15 s of SIGTERM)`);
  }
  demo = undefined;
  if (procs) {
    // What cleanup() will count and kill, named while it still runs (after the same 2 s for
    // helper processes that exit on their own).
    let pids = taggedPids(procs.tag);
    for (let t = 0; t < 40 && pids.length > 0; t++) {
      await sleep(50);
      pids = taggedPids(procs.tag);
    }
    const names = new Map(pids.map((p) => [p, described(p)]));
    for (const p of await procs.cleanup()) if (!left.some((l) => l.startsWith(`${p} `))) left.push(names.get(p) ?? String(p));
  }
  procs = undefined;
  return left;
}

/** `sepka demo --web --port 0 …args`, and a chromium page on the URL it printed. */
export async function startWeb(args: string[]) {
  procs = new Procs();
  const run = (demo = procs.cli(['demo', '--web', '--port', '0', ...args]));
  const out = watch(run.proc.stdout!);
  const err = watch(run.proc.stderr!);
  const url = (await (args.includes('--json') ? err : out).waitFor(/live view at (http:\/\/127\.0\.0\.1:\d+\/)/, 60_000))[1];
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  return { run, out, err, url, page, problems, requests };
}

/** Resolves when the page shows run `run` over (done or failed). */
export const finished = (page: Page, run: number) =>
  page.waitForFunction((n) => document.body.dataset.run === String(n) && document.body.dataset.status !== undefined && document.body.dataset.status !== 'running', run, {
    timeout: 180_000,
  });

/**
 * Once Bob has connected (his step moved past 'starting': the session is under way), send
 * `signal` to `role`'s process (its pid read from the page), and wait for the page to list a
 * failure matching `want(pid)`. Returns the pid, when the demo saw it (data-at, its clock) and
 * when the page showed it, both in ms after the signal.
 */
export async function faultMidSession(page: Page, role: string, signal: NodeJS.Signals, want: (pid: number) => string) {
  await page.waitForFunction(() => !['–', 'starting', ''].includes(document.querySelector('#party-bob .step')?.textContent ?? ''), null, { timeout: 120_000 });
  expect(await page.getAttribute('body', 'data-status')).toBe('running');
  const pid = Number(await page.textContent(`#party-${role} .pid`));
  expect(pid).toBeGreaterThan(1);
  const t0 = Date.now();
  try {
    process.kill(pid, signal);
  } catch (e) {
    throw new Error(`${role} (pid ${pid}) was gone before the ${signal} (${(e as NodeJS.ErrnoException).code}): the session ended before the fault could land`);
  }
  const li = await page.waitForSelector(`#failures li:has-text("${want(pid)}")`, { timeout: 60_000 });
  const seenMs = Date.now() - t0;
  const detectedMs = Number(await li.getAttribute('data-at')) - t0;
  return { pid, detectedMs, seenMs };
}
