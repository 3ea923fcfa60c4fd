/**
 * Rates pooled over sessions, with intervals that respect how the bits were drawn.
 *
 * Bits from one session are not independent: the noise e is fixed per session, so every raw bit
 * of a session shares its ε(e) (DESIGN.md §2: "measure it rather than assume it away"); and
 * Eve's guesses are all-or-nothing per session (she learns s or she does not). A plain Wilson
 * interval over all bits would then be too narrow. We treat sessions as clusters and widen the
 * Wilson interval by Kish's design effect (Kish 1965, "Survey Sampling", §8.2):
 *   deff = Var_cluster(p̂) / Var_iid(p̂),   n_eff = N / deff,
 * where Var_cluster is the between-session (ratio-estimator) variance
 *   Σ_i (k_i − p̂·n_i)² / (S(S−1)·n̄²),
 * and apply Wilson (1927) to (p̂·n_eff, n_eff). deff is floored at 1 so the interval is never
 * narrower than the i.i.d. one. When the between-session variance is used, the normal quantile
 * is replaced by Student's t with S − 1 degrees of freedom (S sessions), since that variance is
 * itself estimated from S points (stats.ts tQuantile).
 */
import { tQuantile, wilson, wilsonReal, Z99 } from '../stats.ts';

/**
 * k successes out of n with a 99% interval: the one rate type of measure, sweep records and
 * reports. Which interval depends on how the k were drawn; `rate` is plain Wilson, for
 * independent outcomes; ClusteredRate says when bits were pooled over sessions.
 */
export interface Rate {
  /** Successes and trials (pooled over all sessions, for a clustered rate). */
  k: number;
  n: number;
  /** Point estimate k / n (NaN when n = 0). */
  p: number;
  /** 99% interval [lo, hi]. */
  ci: [number, number];
}

/** A rate of bits pooled over sessions: `ci` is the session-clustered interval. */
export interface ClusteredRate extends Rate {
  /** The plain i.i.d. Wilson interval, for comparison. */
  ciIid: [number, number];
  /** Kish design effect (≥ 1). */
  deff: number;
}

/** k of n independent outcomes with the 99% Wilson interval (n = 0: p is NaN, ci [0, 1]). */
export function rate(k: number, n: number, z = Z99): Rate {
  const w = wilson(k, n, z);
  return { k, n, p: n === 0 ? NaN : w.p, ci: [w.lo, w.hi] };
}

/** A rate from per-session counts [k_i, n_i]; z defaults to the 99% quantile. */
export function clusteredRate(perSession: readonly (readonly [number, number])[], z = Z99): ClusteredRate {
  const sessions = perSession.filter(([, n]) => n > 0);
  const k = sessions.reduce((a, [x]) => a + x, 0);
  const n = sessions.reduce((a, [, y]) => a + y, 0);
  const iid = wilson(k, n, z);
  if (n === 0) return { k, n, p: NaN, ci: [0, 1], ciIid: [0, 1], deff: 1 };
  const p = k / n;
  const S = sessions.length;
  let deff = 1;
  if (S >= 2 && p > 0 && p < 1) {
    const nBar = n / S;
    const ss = sessions.reduce((a, [ki, ni]) => a + (ki - p * ni) ** 2, 0);
    const varCluster = ss / (S * (S - 1) * nBar * nBar);
    const varIid = (p * (1 - p)) / n;
    deff = Math.max(1, varCluster / varIid);
  } else if (S >= 2) {
    // Every bit agrees (or none does): the sessions are unanimous, the i.i.d. count is all we have.
    deff = 1;
  }
  const zc = deff > 1 ? tQuantile(z, S - 1) : z;
  const c = wilsonReal(p * (n / deff), n / deff, zc);
  return { k, n, p, ci: [c.lo, c.hi], ciIid: [iid.lo, iid.hi], deff };
}

/**
 * A rate over sessions (one Bernoulli outcome per session): clusters of one, so the clustered
 * interval is the plain Wilson one (deff 1). Shaped like clusteredRate's, so that the report
 * prints every rate alike.
 */
export function sessionRate(successes: number, sessions: number, z = Z99): ClusteredRate {
  const r = rate(successes, sessions, z);
  return { ...r, ciIid: r.ci, deff: 1 };
}

/** Shift a rate's point and interval by −1/2: the advantage Pr[right] − 1/2. */
export function advantage(r: Rate): { advantage: number; ci: [number, number] } {
  return { advantage: r.p - 0.5, ci: [r.ci[0] - 0.5, r.ci[1] - 0.5] };
}
