/**
 * `sepka attack` at an intermediate size: on a recorded session of
 * docs/profiles/line-n128.json (n = 128, m = 512, w = 10, bench's "paper line n=128"), the
 * campaign breaks challenges at the rate `bench --only attacks` projects, within 2×: its
 * core-time per break against the bench's projection — expected iterations (src/cost/) times
 * the mean time of one Stern iteration, timed here the bench's way on the same matrix.
 * Statistical (40 geometric waits: the mean's relative spread is ≈ 16%), hence in test/slow/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runMeasure } from '../../src/measure/measure.ts';
import { measureRecorder } from '../../src/cli/record.ts';
import { loadProfile } from '../../src/protocol/profile.ts';
import { runAttack } from '../../src/attack/run.ts';
import { readTranscript } from '../../src/net/transcript.ts';
import { openTask } from '../../src/attack/job.ts';
import { readPublic } from '../../src/attack/campaign.ts';
import { DualStern } from '../../src/learners/dualStern.ts';
import { dualSternLog2Success, dualSternPlan } from '../../src/cost/index.ts';
import { seededRng } from '../../src/rng.ts';

const dir = mkdtempSync(join(tmpdir(), 'sepka-attack-slow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('breaks n = 128 challenges at the rate bench --only attacks projects, within 2×', async () => {
  const profile = loadProfile('docs/profiles/line-n128.json');
  const transcript = join(dir, 't.jsonl');
  writeFileSync(transcript, '');
  runMeasure({ profile, sessions: 1, eveBudgetMs: 0, seed: 'slow-128', recorder: measureRecorder({ transcript }, profile) });
  const rep = await runAttack({ transcript, out: join(dir, 'camp'), routes: ['dual'], seed: '1', maxChunks: 64, targets: 40, maxJobs: null, workers: 1, resume: false, force: false });
  expect(rep.perBreak.dual.breaks).toBe(40);

  // The bench's projection: mean ms of one Stern iteration on this A, times the expected count.
  const s = readTranscript(transcript)[0];
  const pub = readPublic(s);
  const { A } = openTask(profile, pub.task);
  const plan = dualSternPlan(profile.m, profile.n, profile.w);
  const ds = new DualStern(A);
  const rng = seededRng('slow', 'bench-like');
  const x = pub.xs[pub.needed[0]];
  ds.iteration(x, profile.w, plan, rng);
  const t0 = performance.now();
  const K = 200;
  for (let k = 0; k < K; k++) ds.iteration(x, profile.w, plan, rng);
  const msPerIter = (performance.now() - t0) / K;
  const projectedMs = msPerIter * 2 ** -dualSternLog2Success(profile.m, profile.n, profile.w, plan);
  const ratio = rep.perBreak.dual.msMeasured! / projectedMs;
  console.log(`n = 128: ${rep.perBreak.dual.msMeasured!.toFixed(0)} ms per break measured over 40, ${projectedMs.toFixed(0)} ms projected (${msPerIter.toFixed(3)} ms/iteration): ratio ${ratio.toFixed(2)}`);
  expect(ratio).toBeGreaterThan(0.5);
  expect(ratio).toBeLessThan(2);
});
