/**
 * The multi-target part of `sepka estimate`: three figures and the security level,
 * assembled from src/cost/ (multi.ts: several targets over the same A, Sendrier 2011;
 * advanced.ts: MMT/BJMM and May–Ozerov; quantum.ts: Grover-Prange, Bernstein 2010). The single
 * target rows of estimate.ts are unchanged beside it.
 *
 * - one raw bit: a given raw bit (column j of challenge i) — one target on either route; on the
 *   primal route the column's error weight is Bin(m, θ), so its mean success E_t[P(t)] is used.
 * - one column or one challenge: Eve attacks all L columns at once (one elimination serves all)
 *   or all of a session's challenges at once (decoding one out of many), and wins with the
 *   first she breaks. A column gives her 1/L of the raw bits (one per challenge), a challenge L.
 * - the whole session key: every column (primal: cost per success of breaking all L, multi.ts
 *   `log2TrialsAllBroken`, with the per-target Stern/Dumer parameters) or every challenge
 *   (dual: challenges × one raw bit).
 *
 * The security level of the session key is the one-column-or-challenge figure: privacy
 * amplification hashes to (raw − leaked − margin) bits assuming Eve knows none of the raw bits
 * beyond the disclosed parities, and one broken target gives her ≥ L raw bits exactly (1/L of
 * them for a column), more than the 128-bit margin covers on the shipped profiles. Costs are
 * per success (time / success probability; multi.ts), in bit operations with G = n^2.8.
 */
import { optimiseBjmm, optimiseMayOzerov, type AdvancedIsd } from '../cost/advanced.ts';
import {
  binomialLaw,
  log2Gauss,
  log2TrialsAllBroken,
  medianLightest,
  multiTargetCost,
  optimiseMultiTarget,
  type MultiInstance,
} from '../cost/index.ts';
import { groverPrange, type QuantumCost } from '../cost/quantum.ts';
import { timeAtRates, validateEstimateParams, type EstimateParams, type TimeAtRate } from './estimate.ts';

export type MultiAlgorithm = 'prange' | 'stern' | 'dumer' | 'mmt' | 'bjmm' | 'may-ozerov';

/** One attack row: cost/advanced.ts's AdvancedIsd fields (ε is 0 outside BJMM) on a route. */
export type TargetAttack = { route: 'primal' | 'dual'; algorithm: MultiAlgorithm } & Omit<AdvancedIsd, 'algorithm'>;

export interface Figure {
  log2BitOps: number;
  best: string;
}

export interface MultiTargetReport {
  columns: { L: number; meanWeight: number; medianLightestWeight: number; rawBitsPerColumn: number };
  challenges: { count: number; rawBitsPerChallenge: number };
  rawBit: Figure & { attacks: TargetAttack[] };
  perTarget: Figure & { attacks: TargetAttack[] };
  sessionKey: Figure & { primalAllColumns: Figure & { p: number; ell: number }; dualAllChallenges: Figure };
  /** The session key's security level, and the time to reach it at the reference trial rates. */
  securityLevel: Figure & { figure: 'one column or one challenge'; time: TimeAtRate[] };
  quantum: { rawBit: { primal: QuantumCost; dual: QuantumCost }; perTarget: { primal: QuantumCost; dual: QuantumCost }; log2Gates: number };
}

const cheapest = (xs: TargetAttack[]): Figure => {
  const b = xs.reduce((a, c) => (c.log2BitOps < a.log2BitOps ? c : a));
  return { log2BitOps: b.log2BitOps, best: `${b.route} ${b.algorithm}` };
};

function attacksOn(route: 'primal' | 'dual', inst: MultiInstance, log2G: number, typicalW: number): TargetAttack[] {
  const out: TargetAttack[] = [];
  for (const v of ['prange', 'stern', 'dumer'] as const) {
    const c = optimiseMultiTarget(v, inst, log2G);
    out.push({ route, algorithm: v, p: c.p, ell: c.ell, eps: 0, targetsUsed: c.targetsUsed, log2Trials: c.log2Trials, log2BitOps: c.log2BitOps, log2MemoryBits: c.log2MemoryBits });
  }
  for (const mmtOnly of [true, false]) {
    const c = optimiseBjmm(inst, log2G, mmtOnly);
    out.push({ route, algorithm: mmtOnly ? 'mmt' : 'bjmm', p: c.p, ell: c.ell, eps: c.eps, targetsUsed: c.targetsUsed, log2Trials: c.log2Trials, log2BitOps: c.log2BitOps, log2MemoryBits: c.log2MemoryBits });
  }
  // May–Ozerov is priced at one target of typical weight (it is never the cheapest here).
  const mo = optimiseMayOzerov({ N: inst.N, K: inst.K, W: typicalW }, log2G);
  out.push({ route, algorithm: 'may-ozerov', p: mo.p, ell: 0, eps: 0, targetsUsed: 1, log2Trials: mo.log2Trials, log2BitOps: mo.log2BitOps, log2MemoryBits: mo.log2MemoryBits });
  return out;
}

export function estimateMultiTarget(params: EstimateParams): MultiTargetReport {
  validateEstimateParams(params);
  const { n, m, theta, w } = params;
  const L = params.L ?? 1;
  const challenges = params.challenges ?? 1;
  const log2G = log2Gauss(n);
  const law = binomialLaw(m, theta);
  const t = Math.max(1, Math.round(theta * m));
  const primal = (targets: number): MultiInstance => ({ N: m, K: n, law, targets });
  const dual = (targets: number): MultiInstance => ({ N: m, K: m - n, law: [{ W: w, log2Pr: 0 }], targets });

  const rawAttacks = [...attacksOn('primal', primal(1), log2G, t), ...attacksOn('dual', dual(1), log2G, w)];
  const targetAttacks = [...attacksOn('primal', primal(L), log2G, t), ...attacksOn('dual', dual(challenges), log2G, w)];

  // Whole session, primal: every column, with the per-target Stern/Dumer parameters.
  const sd = targetAttacks.filter((a) => a.route === 'primal' && (a.algorithm === 'stern' || a.algorithm === 'dumer'));
  const pa = sd.reduce((a, b) => (b.log2BitOps < a.log2BitOps ? b : a));
  const v = pa.algorithm as 'stern' | 'dumer';
  const perIter = multiTargetCost(v, primal(L), pa.p, pa.ell, L, log2G);
  const allColumns = log2TrialsAllBroken(v, primal(L), pa.p, pa.ell) + (perIter.log2BitOps - perIter.log2Trials);
  const dualRaw = cheapest(rawAttacks.filter((a) => a.route === 'dual'));
  const primalAllColumns = { log2BitOps: allColumns, best: `primal ${v} (all ${L} columns)`, p: pa.p, ell: pa.ell };
  const dualAllChallenges = { log2BitOps: dualRaw.log2BitOps + Math.log2(challenges), best: `${dualRaw.best} × ${challenges} challenges` };
  const sessionBest = primalAllColumns.log2BitOps <= dualAllChallenges.log2BitOps ? primalAllColumns : dualAllChallenges;

  const perTarget = cheapest(targetAttacks);
  const q = {
    rawBit: { primal: groverPrange(primal(1), log2G), dual: groverPrange(dual(1), log2G) },
    perTarget: { primal: groverPrange(primal(L), log2G), dual: groverPrange(dual(challenges), log2G) },
  };
  return {
    columns: { L, meanWeight: theta * m, medianLightestWeight: medianLightest(law, L), rawBitsPerColumn: challenges },
    challenges: { count: challenges, rawBitsPerChallenge: L },
    rawBit: { ...cheapest(rawAttacks), attacks: rawAttacks },
    perTarget: { ...perTarget, attacks: targetAttacks },
    sessionKey: { log2BitOps: sessionBest.log2BitOps, best: sessionBest.best, primalAllColumns, dualAllChallenges },
    securityLevel: { ...perTarget, figure: 'one column or one challenge', time: timeAtRates(n, perTarget.log2BitOps) },
    quantum: { ...q, log2Gates: Math.min(q.perTarget.primal.log2Gates, q.perTarget.dual.log2Gates) },
  };
}
