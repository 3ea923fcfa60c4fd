/**
 * `sepka eve --replay FILE`: Eve's analysis on a recorded transcript, offline. Each
 * session's frames are fed to a fresh Eve (src/eve/eve.ts) in their recorded order, with the
 * profile stored in the transcript and the RNG stream the live Eve had (`eveRng`, derived from
 * --seed), so with the same seed and budget she reaches the same figures as she did live.
 * With --truth FILE (a --save-truth file) her report is scored; without it she reports what
 * the transcript alone shows.
 */
import { createEve } from '../eve/eve.ts';
import type { EveReport } from '../eve/report.ts';
import { makeRng } from '../rng.ts';
import { pickSession, readTranscript, readTruth } from '../net/transcript.ts';
import { paramsHash } from '../protocol/profile.ts';

export interface ReplayOptions {
  file: string;
  truth: string[];
  seed?: string;
  budgetMs?: number;
  session?: number;
}

export interface ReplayedSession {
  session: number;
  recorder: string;
  protocol: string;
  /** The stored profile's parameter hash (for the run's meta). */
  paramsHash: Uint8Array;
  frames: number;
  scored: boolean;
  report: EveReport;
}

export function replayTranscript(o: ReplayOptions): ReplayedSession[] {
  const all = readTranscript(o.file);
  const sessions = o.session === undefined ? all : [pickSession(o.file, all, o.session)];
  const truth = readTruth(o.truth);
  return sessions.map((s) => {
    const eve = createEve(s.profile, { rng: makeRng(o.seed, s.eveRng), budgetMs: o.budgetMs });
    for (const f of s.frames) eve.observe(f.dir, f.frame);
    const t = truth.get(s.session);
    return { session: s.session, recorder: s.recorder, protocol: s.profile.name, paramsHash: paramsHash(s.profile), frames: s.frames.length, scored: t !== undefined, report: eve.report(t) };
  });
}
