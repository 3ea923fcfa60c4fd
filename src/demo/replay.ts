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
import { forEachSession, readTruth } from '../net/transcript.ts';
import { checkTruthPairing, checkTruthRawBits, checkTruthSessions } from '../net/truthPairing.ts';
import { SepkaError } from '../errors.ts';
import { safeText } from '../text.ts';
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

/**
 * Sessions are streamed from the file one at a time (only the one being replayed is held); each
 * truth session must pair with its transcript session (src/net/truthPairing.ts), else exit 2.
 */
export function replayTranscript(o: ReplayOptions): ReplayedSession[] {
  const truth = readTruth(o.truth);
  const out: ReplayedSession[] = [];
  const held = new Set<number>();
  // With --session, the first session of that number; without, every session.
  const wanted = (i: number) => o.session === undefined || (i === o.session && out.length === 0);
  forEachSession(
    o.file,
    wanted,
    (s) => {
      held.add(s.session);
      if (!wanted(s.session)) return;
      const t = truth.get(s.session);
      if (t) checkTruthPairing(s, t);
      const eve = createEve(s.profile, { rng: makeRng(o.seed, s.eveRng), budgetMs: o.budgetMs });
      for (const f of s.frames) eve.observe(f.dir, f.frame);
      if (t) checkTruthRawBits(s, t, eve.state.rawSeen);
      out.push({ session: s.session, recorder: s.recorder, protocol: s.profile.name, paramsHash: paramsHash(s.profile), frames: s.frames.length, scored: t !== undefined, report: eve.report(t) });
    },
  );
  checkTruthSessions(truth, held, safeText(o.file));
  if (o.session !== undefined && !out.length) throw new SepkaError('SEPKA_ERR_USAGE', `${safeText(o.file)}: no session ${o.session} (sessions: ${[...held].join(', ')})`);
  return out;
}
