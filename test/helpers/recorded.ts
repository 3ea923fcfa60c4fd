/**
 * A recorded session for the tests of what reads recordings (`sepka eve --replay`, `sepka
 * attack`, the bounded file reads): a seeded `measure` run (src/measure/measure.ts) that writes
 * its transcript and ground truth to files, as `--save-transcript` and `--save-truth` do.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMeasure } from '../../src/measure/measure.ts';
import { measureRecorder } from '../../src/cli/record.ts';
import { loadProfile } from '../../src/protocol/profile.ts';
import type { EveReport } from '../../src/eve/report.ts';

/**
 * `sessions` seeded sessions of `protocol` recorded to dir/t.jsonl and dir/truth.jsonl: the
 * files, the live Eve report of each session, and the measure's own result.
 */
export function recordMeasure(dir: string, protocol: string, seed: string, sessions = 1, eveBudgetMs = 0) {
  const transcript = join(dir, 't.jsonl');
  const truth = join(dir, 'truth.jsonl');
  writeFileSync(transcript, '');
  writeFileSync(truth, '');
  const profile = loadProfile(protocol);
  const live: EveReport[] = [];
  const measured = runMeasure({ profile, sessions, eveBudgetMs, seed, recorder: measureRecorder({ transcript, truth }, profile), onSession: (_i, s) => live.push(s.eve) });
  return { transcript, truth, live, measured };
}
