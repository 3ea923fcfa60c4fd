/**
 * The oracle-Eve control of a sweep (DESIGN.md §4): in-process sessions in which Eve is handed
 * Alice's ŝ_j (eve.ts `oracleSecrets`) and runs no learner. Her raw guesses are then Alice's
 * bits, so she must agree with Alice on every raw bit, follow distillation, reconciliation and
 * privacy amplification exactly, and end with the session key. Anything less means the
 * measurement pipeline loses information it should keep, and Eve's figures on the real
 * profiles would understate her.
 *
 * `runMeasure` has no oracle switch, so this drives the same parties and channel directly.
 */
import { createAlice } from '../protocol/alice.ts';
import { createBob } from '../protocol/bob.ts';
import { hamming } from '../protocol/bits.ts';
import { createEve } from '../protocol/eve.ts';
import { truthFromInspect, type EveReport } from '../protocol/eveReport.ts';
import type { Profile } from '../protocol/profile.ts';
import { rawAgreementTheory } from '../protocol/theory.ts';
import { seededRng } from '../rng.ts';
import { runInMemorySession } from './channel.ts';
import { rate, type MeasureFigures, type StageFigure } from './sweep-record.ts';

export function oraclePart(profile: Profile, sessions: number, seed: string): MeasureFigures {
  const t0 = performance.now();
  const reports: EveReport[] = [];
  let rawAgree = 0;
  let rawTotal = 0;
  let agreed = 0;
  let confirmed = 0;
  let keyBits = 0;
  for (let i = 0; i < sessions; i++) {
    const alice = createAlice(profile, { rng: seededRng(seed, `alice/${i}`) });
    const bob = createBob(profile, { rng: seededRng(seed, `bob/${i}`) });
    const eve = createEve(profile, { rng: seededRng(seed, `eve/${i}`), budgetMs: 0, oracleSecrets: () => alice.inspect().sHat });
    const res = runInMemorySession(alice, bob, eve);
    const a = alice.inspect();
    const b = bob.inspect();
    const n = Math.min(a.raw.length, b.raw.length);
    rawAgree += n - hamming(a.raw.subarray(0, n), b.raw.subarray(0, n));
    rawTotal += n;
    if (res.alice.ok && res.bob.ok) {
      confirmed++;
      if (res.alice.key.every((v, k) => v === (res.bob as { key: Uint8Array }).key[k])) {
        agreed++;
        keyBits = res.alice.keyBits;
      }
    }
    reports.push(eve.report(truthFromInspect(a, b)));
  }
  const pooled = (name: string, pick: (r: EveReport) => { agree: number; total: number } | null): StageFigure => {
    let k = 0;
    let n = 0;
    for (const r of reports) {
      const s = pick(r);
      if (s) {
        k += s.agree;
        n += s.total;
      }
    }
    const x = rate(k, n);
    return { stage: name, agreement: x.p, ci: x.ci, k, n };
  };
  const raw = rate(rawAgree, rawTotal);
  const keyRecovered = rate(reports.filter((r) => r.keyRecovered === true).length, sessions);
  return {
    sessions,
    raw: { bits: rawTotal, agreement: { p: raw.p, ci: raw.ci }, theory: rawAgreementTheory(profile.theta, profile.w) },
    distill: null,
    key: { bits: keyBits, agreement: rate(agreed, sessions), confirmed: rate(confirmed, sessions) },
    eve: {
      learners: [],
      stages: [
        pooled('raw (vs Alice)', (r) => r.stages.rawVsAlice),
        pooled('distilled', (r) => r.stages.distilled),
        pooled('reconciled', (r) => r.stages.reconciled),
        pooled('key bits', (r) => r.stages.key),
      ],
      keyBitAgreement: pooled('key bits', (r) => r.stages.key).agreement,
      keyRecovered,
    },
    efficiency: { beta: null, reconciliationF: null, limit: NaN, ell: null, yieldPerRawBit: null, yieldTheory: null },
    holenstein: null,
    ms: performance.now() - t0,
  };
}
