/**
 * Human output fits a terminal: every line the commands print for a person —
 * `sepka --help` and every command's help, estimate (shipped profiles and a point of one's
 * own), learn, measure (blocks and pairs + LDPC, so the amplification block too; the LWE
 * profiles, whose theory formula is the long one) and sweep
 * (estimate only, and with its learn part, amplification lines and controls) —
 * stays within 100 columns, and carries no colour codes when stdout is not a terminal.
 * Eve's report lines have their own test (eve.reportLines.test.ts); demo's summary is printed
 * by src/demo/ and checked there.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.ts';
import { visibleWidth, WIDTH } from '../src/term.ts';
import { progressSummary } from '../src/demo/report.ts';
import { LiveStatus } from '../src/demo/liveStatus.ts';

async function stdout(args: string[]): Promise<string> {
  const r = await runCli(args);
  expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
  return r.out;
}

function fits(text: string, what: string): void {
  expect(text.length, what).toBeGreaterThan(0);
  for (const l of text.split('\n')) expect(visibleWidth(l), `${what}: ${l}`).toBeLessThanOrEqual(WIDTH);
  expect(text, `${what}: no escape codes on a pipe`).not.toMatch(/\x1b/);
}

describe('human output within 100 columns', () => {
  it('sepka --help and every command --help', async () => {
    const top = await stdout(['--help']);
    fits(top, '--help');
    const commands = [...top.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]);
    expect(commands.length).toBeGreaterThanOrEqual(10);
    for (const c of commands) fits(await stdout([c, '--help']), `${c} --help`);
  }, 60_000);
  it('estimate: the shipped profiles and points of one\'s own', async () => {
    for (const p of ['toy-insecure', 'demo-256', 'demo-256-pairs', 'paper-1024', 'paper-128']) fits(await stdout(['estimate', '--protocol', p]), p);
    fits(await stdout(['estimate', '--n', '2048']), 'estimate --n 2048');
    fits(await stdout(['estimate', '--n', '1024', '--theta', '0.02', '--w', '20', '--L', '64']), 'estimate point');
  }, 120_000);
  it('learn, with its notes', async () => {
    fits(await stdout(['learn', '--n', '24', '--eve-budget-trials', '2000', '--seed', '1']), 'learn');
  }, 60_000);
  it('measure: blocks + Cascade and pairs + LDPC', async () => {
    fits(await stdout(['measure', '--protocol', 'toy-insecure', '--sessions', '2', '--eve-budget-trials', '50', '--seed', '1']), 'measure toy');
    fits(await stdout(['measure', '--protocol', 'demo-256', '--sessions', '1', '--eve-budget-ms', '0', '--seed', '1']), 'measure ldpc');
  }, 180_000);
  it('measure on LWE: its longer theory formula (lwe-toy, lwe-demo-256, lwe-128)', async () => {
    for (const p of ['lwe-toy', 'lwe-demo-256', 'lwe-128']) {
      fits(await stdout(['measure', '--protocol', p, '--sessions', '1', '--eve-budget-ms', '50', '--seed', '1']), `measure ${p}`);
    }
  }, 120_000);
  it("demo's live progress line, at its widest (every step, raw bits up to 10^7, wide counts)", () => {
    for (const step of ['hello', 'task', 'challenges', 'distill', 'reconcile', 'amplify', 'confirm', 'done']) {
      const eve = { step, secrets: '128/128', challengesBroken: 99_999, advantage: -0.123 };
      const { line } = progressSummary({ bob: { step, rawBits: 9_999_999 }, eve });
      expect(visibleWidth(line), line).toBeLessThanOrEqual(WIDTH);
    }
  });
  it('a status line of the roles (alice, bob, eve) in a log: never past 100 columns, cut with …', () => {
    let written = '';
    const out = { isTTY: false, write: (x: string) => ((written += x), true) } as unknown as NodeJS.WriteStream;
    const st = new LiveStatus(out);
    const long = `eve: step reconcile, frames 26, raw 1000064, secrets 128/128, x* broken 1067, belief 0.095, ${'x'.repeat(60)}`;
    st.update('eve: step hello', 'hello');
    st.update(long, 'reconcile');
    const lines = written.trimEnd().split('\n');
    expect(lines[0]).toBe('eve: step hello');
    expect(visibleWidth(lines[1])).toBe(WIDTH);
    expect(lines[1]).toBe(long.slice(0, WIDTH - 1) + '…');
  });
  it('eve --replay and attack on a recorded transcript', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sepka-width-'));
    try {
      const [t, truth] = [join(dir, 't.jsonl'), join(dir, 'truth.json')];
      await stdout(['measure', '--protocol', 'toy-insecure', '--sessions', '1', '--seed', '1', '--eve-budget-ms', '0', '--save-transcript', t, '--save-truth', truth]);
      fits(await stdout(['eve', '--replay', t, '--truth', truth, '--seed', '1', '--eve-budget-ms', '100']), 'eve --replay');
      fits(await stdout(['attack', t, '--out', join(dir, 'attack'), '--max-jobs', '40', '--workers', '0']), 'attack');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
  it('sweep with its learn part, the amplification lines and the controls (the wrapped crossover and control lines)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sepka-width-'));
    try {
      const out = await stdout(['sweep', '--n', '24,32,48', '--sessions', '2', '--reps', '2', '--eve-budget-ms', '500', '--seed', '1', '--workers', '0', '--out', dir]);
      // The parts this covers are there: the crossover sentence, the amplification lines (no β
      // interval on 2 sessions, said so) and both controls.
      expect(out).toMatch(/Eve recover/);
      expect(out).toMatch(/too few sessions for an interval/);
      expect(out).toMatch(/control insecure profile/);
      expect(out).toMatch(/control oracle Eve/);
      fits(out, 'sweep learn + controls');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
  it('sweep', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sepka-width-'));
    try {
      fits(await stdout(['sweep', '--protocol', 'toy-insecure', '--n', '16,20', '--parts', 'estimate', '--no-controls', '--workers', '0', '--seed', '1', '--out', dir]), 'sweep');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
