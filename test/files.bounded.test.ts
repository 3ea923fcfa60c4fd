/**
 * Files a user names are read only if they are regular files, and within a stated size
 * (src/files.ts): a FIFO given as --protocol, a transcript or truth file that is a link to
 * /dev/zero, and a file larger than its bound each end the command at once with one line and
 * exit 2, in real `sepka` processes; so do a FIFO or an oversized file as a sweep's results.jsonl
 * or an attack's attack.jsonl (read by `report DIR` and `--resume`). A truth file is scored only against the transcript it
 * belongs to (src/net/truthPairing.ts): another session's sizes or parameters are refused.
 *
 * No timing assertion: a command that hung would be killed by the guard below and fail the test
 * (exit signal instead of code 2).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROFILE_MAX_BYTES } from '../src/protocol/profile.ts';
import { readLinesBounded } from '../src/files.ts';
import { RESULTS_MAX_BYTES } from '../src/measure/sweep/store.ts';
import { CAMPAIGN_MAX_BYTES } from '../src/attack/campaign.ts';
import { TRANSCRIPT_MAX_BYTES, TRUTH_MAX_BYTES } from '../src/net/transcript.ts';
import { replayTranscript } from '../src/demo/replay.ts';
import { tmpDirs } from './helpers/tmp.ts';
import { recordMeasure } from './helpers/recorded.ts';
import { sepkaProcess } from './helpers/cli.ts';

const tmp = tmpDirs('sepka-files-');

/** `sepka args` as a real process; killed after `guardMs` (a hang shows as signal SIGKILL). */
const sepka = (args: string[], guardMs = 60_000) => sepkaProcess(args, guardMs);

const mkfifo = (path: string) => {
  const r = spawnSync('mkfifo', [path]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
};

/** Exit 2 and exactly one line on stderr, matching `re`. */
function expectOneLine(r: { code: number | null; signal: string | null; err: string }, re: RegExp, what: string) {
  expect(r.signal, `${what}: hung and was killed`).toBe(null);
  expect(r.code, `${what}: ${r.err}`).toBe(2);
  const lines = r.err.trim().split('\n').filter((l) => !/seeded run/.test(l));
  expect(lines, what).toEqual([expect.stringMatching(re)]);
}

/** A seeded measure run recorded to files. */
function record(protocol: string, seed: string) {
  const d = tmp();
  return { d, ...recordMeasure(d, protocol, seed) };
}

describe('a FIFO given as --protocol', () => {
  it('ends every command that reads a profile with one line and exit 2 (no command waits for a writer)', async () => {
    const d = tmp();
    const fifo = join(d, 'profile.json');
    mkfifo(fifo);
    const runs: [string, string[]][] = [
      ['estimate', ['estimate', '--protocol', fifo]],
      ['alice', ['alice', '--listen', '127.0.0.1:0', '--protocol', fifo]],
      ['bob', ['bob', '--connect', 'ws://127.0.0.1:1', '--protocol', fifo]],
      ['measure', ['measure', '--protocol', fifo, '--sessions', '1']],
      ['demo', ['demo', '--protocol', fifo, '--no-eve']],
      ['sweep', ['sweep', '--protocol', fifo, '--parts', 'estimate', '--no-controls', '--out', join(d, 'sweep')]],
    ];
    const res = await Promise.all(runs.map(([, a]) => sepka(a)));
    res.forEach((r, i) => expectOneLine(r, /a FIFO, not a regular file/, runs[i][0]));
  });
});

describe('transcript and truth files are bounded', () => {
  it('a link to /dev/zero as transcript (eve --replay, attack) or truth file: one line, exit 2', async () => {
    const { d, transcript } = record('toy-insecure', 'files-1');
    const zero = join(d, 'zero.jsonl');
    symlinkSync('/dev/zero', zero);
    const [replay, attack, truth] = await Promise.all([
      sepka(['eve', '--replay', zero]),
      sepka(['attack', zero, '--out', join(d, 'camp')]),
      sepka(['eve', '--replay', transcript, '--truth', zero, '--eve-budget-ms', '0']),
    ]);
    expectOneLine(replay, /transcript .*zero\.jsonl: a character device, not a regular file/, 'eve --replay');
    expectOneLine(attack, /transcript .*zero\.jsonl: a character device, not a regular file/, 'attack');
    expectOneLine(truth, /truth .*zero\.jsonl: a character device, not a regular file/, 'eve --truth');
  });

  it('a file over its stated size (sparse, so nothing is written) is refused before it is read', async () => {
    const d = tmp();
    const big = join(d, 'big.jsonl');
    writeFileSync(big, '');
    truncateSync(big, TRANSCRIPT_MAX_BYTES + 1);
    const bigTruth = join(d, 'bigtruth.jsonl');
    writeFileSync(bigTruth, '');
    truncateSync(bigTruth, TRUTH_MAX_BYTES + 1);
    const bigProfile = join(d, 'big.json');
    writeFileSync(bigProfile, '');
    truncateSync(bigProfile, PROFILE_MAX_BYTES + 1);
    const { transcript } = record('toy-insecure', 'files-2');
    const [replay, attack, truth, est] = await Promise.all([
      sepka(['eve', '--replay', big]),
      sepka(['attack', big, '--out', join(d, 'camp')]),
      sepka(['eve', '--replay', transcript, '--truth', bigTruth, '--eve-budget-ms', '0']),
      sepka(['estimate', '--protocol', bigProfile]),
    ]);
    expectOneLine(replay, /transcript .*big\.jsonl: larger than 1 GiB /, 'eve --replay');
    expectOneLine(attack, /transcript .*big\.jsonl: larger than 1 GiB /, 'attack');
    expectOneLine(truth, /truth .*bigtruth\.jsonl: larger than 256 MiB /, 'eve --truth');
    expectOneLine(est, /big\.json: larger than 65536 bytes/, 'estimate');
  });

  it('streams a file line by line, within its per-line bound', () => {
    const d = tmp();
    const f = join(d, 'lines.jsonl');
    writeFileSync(f, 'a\n\nbcd\n' + 'x'.repeat(100) + '\nlast');
    const got: [string, number, boolean][] = [];
    // Chunks of 7 bytes: lines cross chunk boundaries; only the last line lacks its '\n'.
    readLinesBounded(f, { code: 'SEPKA_ERR_USAGE', what: 'test', maxBytes: 1000, maxLine: 100 }, (t, l, end) => got.push([t, l, end]), 7);
    expect(got).toEqual([['a', 1, true], ['', 2, true], ['bcd', 3, true], ['x'.repeat(100), 4, true], ['last', 5, false]]);
    expect(() => readLinesBounded(f, { code: 'SEPKA_ERR_USAGE', what: 'test', maxBytes: 1000, maxLine: 99 }, () => {}, 7)).toThrow(/line 4 is longer than 99 bytes/);
    expect(() => readLinesBounded(f, { code: 'SEPKA_ERR_USAGE', what: 'test', maxBytes: 50, maxLine: 100 }, () => {}, 7)).toThrow(/larger than 50 bytes/);
  });
});

describe('results and campaign files are bounded', () => {
  it('report DIR, sweep --resume and attack --resume refuse a FIFO or an oversized file with one line, exit 2', async () => {
    const { d, transcript } = record('toy-insecure', 'files-3');
    const fifoDir = join(d, 'fifo');
    const bigDir = join(d, 'big');
    const campFifo = join(d, 'camp-fifo');
    const campBig = join(d, 'camp-big');
    for (const dir of [fifoDir, bigDir, campFifo, campBig]) mkdirSync(dir);
    mkfifo(join(fifoDir, 'results.jsonl'));
    mkfifo(join(campFifo, 'attack.jsonl'));
    writeFileSync(join(bigDir, 'results.jsonl'), '');
    truncateSync(join(bigDir, 'results.jsonl'), RESULTS_MAX_BYTES + 1);
    writeFileSync(join(campBig, 'attack.jsonl'), '');
    truncateSync(join(campBig, 'attack.jsonl'), CAMPAIGN_MAX_BYTES + 1);
    const sweep = (out: string) => ['sweep', '--protocol', 'toy-insecure', '--parts', 'estimate', '--no-controls', '--resume', '--out', out];
    const runs: [string, string[], RegExp][] = [
      ['report (FIFO)', ['report', fifoDir], /results file .*results\.jsonl: a FIFO, not a regular file/],
      ['report (big)', ['report', bigDir], /results file .*results\.jsonl: larger than 256 MiB/],
      ['sweep --resume (FIFO)', sweep(fifoDir), /results file .*results\.jsonl: a FIFO, not a regular file/],
      ['sweep --resume (big)', sweep(bigDir), /results file .*results\.jsonl: larger than 256 MiB/],
      ['attack --resume (FIFO)', ['attack', transcript, '--out', campFifo, '--resume'], /campaign file .*attack\.jsonl: a FIFO, not a regular file/],
      ['attack --resume (big)', ['attack', transcript, '--out', campBig, '--resume'], /campaign file .*attack\.jsonl: larger than 256 MiB/],
    ];
    const res = await Promise.all(runs.map(([, a]) => sepka(a)));
    res.forEach((r, i) => expectOneLine(r, runs[i][2], runs[i][0]));
  });

  it('sweep --force and attack --force do not wait on a FIFO or write into a directory; a file of notes is not overwritten', async () => {
    const { d, transcript } = record('toy-insecure', 'files-4');
    const [sw, camp, dirCamp, notes] = ['sw', 'camp', 'dircamp', 'notes'].map((x) => join(d, x));
    for (const dir of [sw, camp, dirCamp, notes]) mkdirSync(dir);
    mkfifo(join(sw, 'results.jsonl'));
    mkfifo(join(camp, 'attack.jsonl'));
    mkdirSync(join(dirCamp, 'attack.jsonl'));
    // Unterminated text that is not a campaign: without --resume or --force it is refused, untouched.
    writeFileSync(join(notes, 'attack.jsonl'), 'my notes, no newline');
    const runs: [string, string[], RegExp][] = [
      ['sweep --force (FIFO)', ['sweep', '--protocol', 'toy-insecure', '--parts', 'estimate', '--no-controls', '--force', '--out', sw], /results file .*results\.jsonl: a FIFO, not a regular file/],
      ['attack --force (FIFO)', ['attack', transcript, '--out', camp, '--force'], /campaign file .*attack\.jsonl: a FIFO, not a regular file/],
      ['attack --force (directory)', ['attack', transcript, '--out', dirCamp, '--force'], /campaign file .*attack\.jsonl: a directory, not a regular file/],
      ['attack (notes)', ['attack', transcript, '--out', notes], /attack\.jsonl exists: pass --resume .* or --force/],
    ];
    const res = await Promise.all(runs.map(([, a]) => sepka(a, 20_000)));
    res.forEach((r, i) => expectOneLine(r, runs[i][2], runs[i][0]));
    expect(readFileSync(join(notes, 'attack.jsonl'), 'utf8')).toBe('my notes, no newline');
  });
});

describe('a truth file is scored only against its own transcript', () => {
  /** The truth file's lines, edited. */
  const edit = (path: string, out: string, f: (o: Record<string, unknown>) => void) =>
    writeFileSync(out, readFileSync(path, 'utf8').trim().split('\n').map((l) => {
      const o = JSON.parse(l);
      f(o);
      return JSON.stringify(o);
    }).join('\n') + '\n');

  it('scores the truth recorded with the transcript (an LPN profile, and an instance of another kind)', () => {
    for (const protocol of ['toy-insecure', 'gaussian-regression']) {
      const { transcript, truth } = record(protocol, 'pair-0');
      const [r] = replayTranscript({ file: transcript, truth: [truth], seed: 'pair-0', budgetMs: 0 });
      expect(r.scored, protocol).toBe(true);
      expect(r.report.stages.rawVsAlice!.total, protocol).toBeGreaterThan(8);
    }
  });

  it('refuses 8 raw bits against a longer transcript, another profile\'s truth, and a truth session the transcript lacks (exit 2)', async () => {
    const { d, transcript, truth } = record('toy-insecure', 'pair-1');
    const short = join(d, 'short.jsonl');
    // Alice's part alone, with 8 raw bits: consistent by itself, not with the transcript.
    writeFileSync(
      short,
      readFileSync(truth, 'utf8').split('\n').filter((l) => /"role":"alice"/.test(l)).map((l) => {
        const o = JSON.parse(l);
        o.aliceRaw = { n: 8, b64: Buffer.from([0x5a]).toString('base64') };
        return JSON.stringify(o);
      }).join('\n'),
    );
    const other = record('demo-256', 'pair-2');
    const moved = join(d, 'moved.jsonl');
    edit(truth, moved, (o) => (o.session = 7));
    const [a, b, c] = await Promise.all([
      sepka(['eve', '--replay', transcript, '--truth', short, '--eve-budget-ms', '0', '--seed', 'pair-1']),
      sepka(['eve', '--replay', transcript, '--truth', other.truth, '--eve-budget-ms', '0']),
      sepka(['eve', '--replay', transcript, '--truth', moved, '--eve-budget-ms', '0']),
    ]);
    expectOneLine(a, /short\.jsonl:1: truth does not belong to transcript session 0: 8 raw bits, the transcript carries \d+/, '8 raw bits');
    expect(a.out).toBe(''); // no rate printed
    expectOneLine(b, /truth does not belong to transcript session 0: paramsHash [0-9a-f]{12}…, the transcript's is [0-9a-f]{12}…/, 'other profile');
    expectOneLine(c, /moved\.jsonl:1: truth for session 7, which .* does not hold \(sessions: 0\)/, 'session 7');
  });
});
