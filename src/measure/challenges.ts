/**
 * Eve's dual route against Bob's challenges over a measurement's sessions (LWE: Bob's r from x*
 * by lattice reduction, src/separation/lweDual.ts): what each session's report
 * (src/eve/report.ts EveReport.challenges) counted, summed and per session.
 */
import type { EveReport } from '../eve/report.ts';

/**
 * Per-session means and totals of challenges attacked, r recovered (correct: with Bob's
 * support) and raw bits of Bob's she then knew; each distinct reason it did not run.
 */
export interface ChallengeSummary {
  route: string;
  attackedMean: number;
  recoveredMean: number;
  rawBitsMean: number;
  attacked: number;
  recovered: number;
  correct: number;
  rawBits: number;
  skipped: string[];
}

/** The summary under `challenges` when some session's report has the route, else nothing. */
export function challengeSummary(reports: readonly EveReport[]): { challenges?: ChallengeSummary } {
  const cs = reports.map((r) => r.challenges).filter((c) => c !== undefined);
  if (!cs.length) return {};
  const sum = (f: (c: (typeof cs)[number]) => number) => cs.reduce((s, c) => s + f(c), 0);
  return {
    challenges: {
      route: cs[0].route,
      attackedMean: sum((c) => c.attacked) / reports.length,
      recoveredMean: sum((c) => c.recovered) / reports.length,
      rawBitsMean: sum((c) => c.rawBits) / reports.length,
      attacked: sum((c) => c.attacked),
      recovered: sum((c) => c.recovered),
      correct: sum((c) => c.correct ?? 0),
      rawBits: sum((c) => c.rawBits),
      skipped: [...new Set(cs.flatMap((c) => (c.skipped ? [c.skipped] : [])))],
    },
  };
}
