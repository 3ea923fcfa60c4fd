/**
 * Recorded transcripts: `--save-transcript` writes every frame in order with its
 * direction, `--save-truth` the ground truth (never written otherwise); `sepka eve --replay`
 * gives the same stage figures as the live Eve of that session with the same seed; malformed
 * files are one line and exit 2; `sepka attack` recovers a toy-insecure key confirmed by the
 * recorded tag (and equal to the true key), resumes without losing or redoing a job, and
 * projects the whole key on `demo-256`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../src/protocol/profile.ts';
import { readTranscript, readTruth } from '../src/net/transcript.ts';
import { replayTranscript } from '../src/demo/replay.ts';
import { runAttack } from '../src/attack/run.ts';
import type { EveReport } from '../src/eve/report.ts';
import { expectValid } from './helpers/schema.ts';
import { isSafeText, safeText } from '../src/text.ts';
import { tmpDirs } from './helpers/tmp.ts';
import { recordMeasure } from './helpers/recorded.ts';
import { sepkaProcess } from './helpers/cli.ts';

const tmp = tmpDirs('sepka-tr-');

const cli = (args: string[]) => sepkaProcess(args);

/** A seeded measure run recorded to files; the live Eve reports of its sessions. */
function record(protocol: string, sessions: number, seed: string, eveBudgetMs: number) {
  const d = tmp();
  const { transcript, truth, live } = recordMeasure(d, protocol, seed, sessions, eveBudgetMs);
  return { d, transcript, truth, live };
}

/** The figures that must agree between live and replayed Eve (timings excluded). */
const figures = (r: EveReport) => ({
  step: r.step,
  frames: r.frames,
  completed: r.completed,
  stages: r.stages,
  rawAdvantage: r.rawAdvantage,
  keyBitAgreement: r.keyBitAgreement,
  keyRecovered: r.keyRecovered,
  keyConfirmedByTag: r.keyConfirmedByTag,
  secrets: r.secrets,
});

describe('recorded transcripts', () => {
  it('eve --replay gives the same stage figures as the live Eve with the same seed', () => {
    const { transcript, truth, live } = record('toy-insecure', 2, 'replay-1', 0);
    const sessions = readTranscript(transcript);
    expect(sessions.map((s) => s.session)).toEqual([0, 1]);
    expect(sessions[0].frames[0].dir).toBe('bob->alice'); // Bob opens with hello
    expect(new Set(sessions[0].frames.map((f) => f.dir))).toEqual(new Set(['bob->alice', 'alice->bob']));
    const rep = replayTranscript({ file: transcript, truth: [truth], seed: 'replay-1', budgetMs: 0 });
    expect(rep.length).toBe(2);
    for (let i = 0; i < 2; i++) {
      expect(rep[i].scored).toBe(true);
      expect(figures(rep[i].report)).toEqual(figures(live[i]));
      expect(rep[i].report.stages.rawVsAlice).not.toBe(null);
    }
    // Another seed gives other coins: the figures are not trivially equal.
    const other = replayTranscript({ file: transcript, truth: [truth], seed: 'replay-2', budgetMs: 0 });
    expect(figures(other[0].report).stages).not.toEqual(figures(live[0]).stages);
    // The truth holds what the parties had, and nothing is scored without it.
    const t = readTruth([truth]).get(0)!;
    expect(t.secrets!.length).toBe(loadProfile('toy-insecure').L);
    expect(t.key!.length).toBeGreaterThan(0);
    expect(replayTranscript({ file: transcript, truth: [], seed: 'replay-1', budgetMs: 0 })[0].report.stages.rawVsAlice).toBe(null);
  });

  it('the recorder, free text in the file, comes back escaped (eve --replay prints it)', () => {
    const { d, transcript } = record('toy-insecure', 1, 'replay-recorder', 0);
    const hostile = 'x\x1b]0;owned\x07\u009b2J\u202eevil';
    const f = join(d, 'hostile-recorder.jsonl');
    writeFileSync(f, readFileSync(transcript, 'utf8').replace('"recorder":"measure"', `"recorder":${JSON.stringify(hostile)}`));
    const [r] = replayTranscript({ file: f, truth: [], seed: 'replay-recorder', budgetMs: 0 });
    expect(r.recorder).toBe(safeText(hostile));
    expect(isSafeText(r.recorder)).toBe(true);
  });

  it('eve --replay on the CLI, and malformed transcripts are one line with exit 2', async () => {
    const { d, transcript, truth } = record('toy-insecure', 1, 'replay-cli', 0);
    const ok = await cli(['eve', '--replay', transcript, '--truth', truth, '--seed', 'replay-cli', '--eve-budget-ms', '0', '--json']);
    expect(ok.code).toBe(0);
    const j = JSON.parse(ok.out);
    expectValid('eve-replay', j);
    expect(j.sessions[0].completed).toBe(true);
    expect(j.sessions[0].scored).toBe(true);

    const text = readFileSync(transcript, 'utf8');
    const lines = text.trimEnd().split('\n');
    const cases: [string, string, RegExp][] = [
      ['not JSON', 'garbage\n', /:1: not a transcript line \(not JSON\)/],
      ['cut short', lines.slice(0, 5).join('\n') + '\n', /session 0 is cut short \(no end line\)/],
      ['wrong version', text.replace('"v":1', '"v":99'), /transcript version 99, this sepka reads 1/],
      ['damaged frame', lines.map((l, i) => (i === 3 ? l.replace(/"b64":"(.)/, (_m, c) => `"b64":"${c === 'A' ? 'B' : 'A'}`) : l)).join('\n') + '\n', /sha256 \(file damaged\)/],
      ['bad direction', text.replace('"dir":"bob->alice"', '"dir":"sideways"'), /frame direction "sideways"/],
      ['empty', '', /empty transcript file/],
    ];
    for (const [name, body, re] of cases) {
      const f = join(d, `bad-${name.replace(/ /g, '-')}.jsonl`);
      writeFileSync(f, body);
      const r = await cli(['eve', '--replay', f]);
      expect(r.code, name).toBe(2);
      const errLines = r.err.trim().split('\n');
      expect(errLines.length, name).toBe(1);
      expect(errLines[0], name).toMatch(re);
      const a = await cli(['attack', f, '--out', join(d, 'camp-' + name.replace(/ /g, '-'))]);
      expect(a.code, name).toBe(2);
    }
  });

  it('the truth is never written unless asked for', async () => {
    const d = tmp();
    const t = join(d, 't.jsonl');
    const r = await cli(['measure', '--protocol', 'toy-insecure', '--sessions', '1', '--seed', '1', '--eve-budget-ms', '0', '--save-transcript', t, '--json']);
    expect(r.code).toBe(0);
    expectValid('measure', JSON.parse(r.out));
    expect(readTranscript(t).length).toBe(1);
    const body = readFileSync(t, 'utf8');
    expect(body).not.toMatch(/"t":"truth"|secrets|aliceRaw/);
    const same = await cli(['measure', '--protocol', 'toy-insecure', '--sessions', '1', '--save-transcript', t, '--save-truth', t]);
    expect(same.code).toBe(2);
  });
});

describe('demo --save-transcript', () => {
  it('records the demo session (in Alice\'s process) and its truth; the replay is scored and follows it to the key', async () => {
    const d = tmp();
    const [t, tr] = [join(d, 'demo.jsonl'), join(d, 'truth.jsonl')];
    const r = await cli(['demo', '--protocol', 'toy-insecure', '--seed', '9', '--save-transcript', t, '--save-truth', tr, '--json']);
    expect(r.code).toBe(0);
    expectValid('demo', JSON.parse(r.out));
    const s = readTranscript(t);
    expect(s.length).toBe(1);
    expect(s[0].recorder).toBe('alice');
    const truth = readTruth([tr]).get(0)!;
    expect(truth.aliceRaw && truth.bobRaw && truth.secrets && truth.rs && truth.key).toBeTruthy();
    const rep = replayTranscript({ file: t, truth: [tr], seed: '9', budgetMs: 300 })[0];
    expect(rep.scored).toBe(true);
    expect(rep.report.completed).toBe(true);
    expect(rep.report.frames).toBe(s[0].frames.length);
  });
});

describe('the roles record the same transcript', () => {
  it('alice, eve (the tap) and bob, each with --save-transcript, write the same frames in the same order', async () => {
    const d = tmp();
    const started: ReturnType<typeof spawn>[] = [];
    const start = (args: string[]) => {
      const c = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      started.push(c);
      let err = '';
      c.stderr!.on('data', (b) => (err += b));
      const port = new Promise<number>((res, rej) => {
        c.stderr!.on('data', () => {
          const m = /listening on ws:\/\/127\.0\.0\.1:(\d+)/.exec(err);
          if (m) res(Number(m[1]));
        });
        c.on('exit', () => rej(new Error(`exited: ${err}`)));
      });
      port.catch(() => {}); // bob never listens: only awaited for alice and eve
      const exit = new Promise<number | null>((res) => c.on('close', (code) => res(code)));
      return { port, exit };
    };
    try {
      const common = ['--protocol', 'toy-insecure', '--seed', '11'];
      const alice = start(['alice', '--listen', '127.0.0.1:0', ...common, '--save-transcript', join(d, 'a.jsonl')]);
      const eve = start(['eve', '--listen', '127.0.0.1:0', '--forward', `ws://127.0.0.1:${await alice.port}`, '--eve-budget-ms', '100', ...common, '--save-transcript', join(d, 'e.jsonl')]);
      const bob = start(['bob', '--connect', `ws://127.0.0.1:${await eve.port}`, ...common, '--save-transcript', join(d, 'b.jsonl')]);
      expect(await bob.exit).toBe(0);
      expect(await alice.exit).toBe(0);
      expect(await eve.exit).toBe(0);
      const frames = (f: string) => readTranscript(join(d, f))[0].frames.map((x) => [x.dir, Buffer.from(x.frame).toString('base64')]);
      const a = frames('a.jsonl');
      expect(a.length).toBeGreaterThan(10);
      expect(frames('e.jsonl')).toEqual(a);
      expect(frames('b.jsonl')).toEqual(a);
      expect(readTranscript(join(d, 'a.jsonl'))[0].recorder).toBe('alice');
    } finally {
      for (const c of started) if (c.exitCode === null) c.kill('SIGKILL');
    }
  });
});

describe('sepka attack', () => {
  it('recovers a toy-insecure session key, confirmed against the recorded tag and equal to the true key', async () => {
    const { d, transcript, truth } = record('toy-insecure', 1, 'attack-1', 0);
    const rep = await runAttack({ transcript, out: join(d, 'camp'), routes: ['dual', 'primal'], seed: '1', maxChunks: 16, targets: null, maxJobs: null, workers: 2, resume: false, force: false });
    expect(rep.stopped).toBe('key');
    expect(rep.key.recovered).toBe(true);
    expect(rep.key.checkedAgainstTag).toBe(true);
    expect(rep.key.key).toBe(Buffer.from(readTruth([truth]).get(0)!.key!).toString('hex'));
    expect(rep.broken.columns.length + rep.broken.challenges.length).toBeGreaterThan(0);
    expect(rep.key.rawKnown).toBeGreaterThan(0);
  });

  it('resumes an interrupted campaign without losing or redoing a job, and gives the same finds', async () => {
    const { d, transcript } = record('toy-insecure', 1, 'attack-2', 0);
    const base = { transcript, routes: ['primal' as const], seed: '3', maxChunks: 3, targets: null, workers: 1, force: false };
    const full = await runAttack({ ...base, out: join(d, 'full'), maxJobs: null, resume: false });
    const out = join(d, 'part');
    const part = await runAttack({ ...base, out, maxJobs: 5, resume: false });
    expect(part.stopped).toBe('max-jobs');
    expect(part.jobs.thisRun).toBe(5);
    const before = readFileSync(join(out, 'attack.jsonl'), 'utf8');
    // A kill mid-write leaves a torn last line: dropped on resume.
    writeFileSync(join(out, 'attack.jsonl'), before + '{"t":"job","v":1,"id":"torn');
    await expect(runAttack({ ...base, out, maxJobs: null, resume: false })).rejects.toThrow(/--resume/);
    const rest = await runAttack({ ...base, out, maxJobs: null, resume: true });
    expect(rest.jobs.resumed).toBe(5);
    const after = readFileSync(join(out, 'attack.jsonl'), 'utf8');
    expect(after.startsWith(before)).toBe(true); // nothing stored was lost
    const ids = after.trim().split('\n').slice(1).map((l) => JSON.parse(l).id);
    expect(new Set(ids).size).toBe(ids.length); // nothing done twice
    // Jobs are reproducible: every job both campaigns ran gave the same result. (Which jobs run
    // after the key is found depends on when the check lands, so the sets may differ.)
    const jobs = (dir: string) =>
      new Map(
        readFileSync(join(dir, 'attack.jsonl'), 'utf8').trim().split('\n').slice(1).map((l) => {
          const j = JSON.parse(l);
          return [j.id, { found: j.found, iterations: j.iterations }] as const;
        }),
      );
    const [a, b] = [jobs(join(d, 'full')), jobs(out)];
    const common = [...a.keys()].filter((id) => b.has(id));
    expect(common.length).toBeGreaterThanOrEqual(5);
    for (const id of common) expect(b.get(id), id).toEqual(a.get(id));
    expect(rest.key.recovered).toBe(full.key.recovered);
  });

  it('projects the time for the whole key on demo-256', async () => {
    const { d, transcript } = record('demo-256', 1, 'attack-3', 0);
    const r = await cli(['attack', transcript, '--out', join(d, 'camp'), '--max-jobs', '2', '--workers', '1', '--routes', 'dual', '--chunk-dual', '16']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/whole key +projected [\d.]+ (s|min|h|days|years|e\+\d+ years) on one core at the measured rate/);
    expect(r.out).toMatch(/dual {3}left {6}\d{3,} targets ×/);
    expect(existsSync(join(d, 'camp', 'attack.jsonl'))).toBe(true);
  });
});
