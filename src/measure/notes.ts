/**
 * Notes for the sweep report: one line for each place where the tables
 * surprise a reader, worked out from the records, never fixed text. Each rule reads the
 * figures with their 99% intervals, so a note appears only where the data say it:
 *
 * - privacy amplification: Eve holds nearly all of the reconciled string, yet her key bits are
 *   a coin toss — a few wrong bits in her copy of the hash input scramble every output bit;
 * - a broken key: Eve recovered the whole session key (she learned s within her budget);
 * - reconciliation's leak: Eve is blind on the raw bits but above one half after
 *   reconciliation, because Cascade's parities are public; what they gave her is hashed away;
 * - Eve closer to Alice than Bob is: once she has s she computes Alice's bits exactly, while
 *   Bob's agree only with probability (1 + ε)/2;
 * - measured raw agreement outside its interval around the theory (1 + (1 − 2θ)^w)/2, and why
 *   that can happen with few sessions (rates.ts: the interval is clustered by session).
 */
import type { SweepRecord, StageFigure } from './sweep/record.ts';

const pc = (p: number): string => `${(100 * p).toFixed(1)}%`;
const ci = (c: [number, number]): string => `[${(100 * c[0]).toFixed(1)}, ${(100 * c[1]).toFixed(1)}]`;
const covers = (c: [number, number], p: number): boolean => c[0] <= p && p <= c[1];
/** A coin toss: one half inside the interval and the estimate itself within 5 points of it (a wide interval alone says little). */
const coinToss = (s: StageFigure): boolean => covers(s.ci, 0.5) && Math.abs(s.agreement - 0.5) <= 0.05;

/** "n = 24, 32 and 48", with each point's figure when given. */
function atPoints(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A point's label: n, and w when the records hold more than one w for that n. */
function labeller(recs: SweepRecord[]): (r: SweepRecord) => string {
  const ws = new Map<number, Set<number>>();
  for (const r of recs) ws.set(r.params.n, (ws.get(r.params.n) ?? new Set()).add(r.params.w));
  return (r) => (ws.get(r.params.n)!.size > 1 ? `n = ${r.params.n}, w = ${r.params.w}` : `n = ${r.params.n}`);
}

const stage = (r: SweepRecord, name: string): StageFigure | undefined => r.measure?.eve.stages.find((s) => s.stage === name);
/** Intervals arrive through JSON, where a missing bound is null. */
const hasCi = (s: StageFigure | undefined): s is StageFigure => !!s && Array.isArray(s.ci) && s.ci.every((x) => typeof x === 'number');

export function reportNotes(records: SweepRecord[]): string[] {
  const recs = records.filter((r) => r.measure && !r.spec.control);
  const at = labeller(recs);
  const notes: string[] = [];

  const pa = recs.filter((r) => {
    const [rec, key] = [stage(r, 'reconciled'), stage(r, 'key bits')];
    return hasCi(rec) && hasCi(key) && rec.agreement >= 0.95 && rec.agreement < 1 && coinToss(key);
  });
  if (pa.length)
    notes.push(
      `Privacy amplification is doing its job at ${atPoints(pa.map((r) => `${at(r)} (reconciled ${pc(stage(r, 'reconciled')!.agreement)}, key ${pc(stage(r, 'key bits')!.agreement)} ${ci(stage(r, 'key bits')!.ci)})`))}: ` +
        `Eve agrees with nearly all of Alice's reconciled bits but with the key bits no better than a coin toss, ` +
        `because the few bits her copy gets wrong change every output bit of the hash.`,
    );

  const broken = recs.filter((r) => (r.measure!.eve.keyRecovered?.k ?? 0) > 0);
  if (broken.length)
    notes.push(
      `Eve recovered the whole session key at ${atPoints(broken.map((r) => `${at(r)} (${r.measure!.eve.keyRecovered!.k} of ${r.measure!.eve.keyRecovered!.n} sessions)`))}: ` +
        `there she learned s within her budget, so the key is hers: at these sizes the protocol is not secure against her budget.`,
    );

  const leak = recs.filter((r) => {
    const [raw, rec, key] = [stage(r, 'raw (vs Alice)'), stage(r, 'reconciled'), stage(r, 'key bits')];
    return hasCi(raw) && hasCi(rec) && hasCi(key) && coinToss(raw) && rec.ci[0] > 0.5 && coinToss(key);
  });
  if (leak.length)
    notes.push(
      `Eve is blind on the raw bits but not after reconciliation at ${atPoints(leak.map((r) => `${at(r)} (raw ${pc(stage(r, 'raw (vs Alice)')!.agreement)}, reconciled ${pc(stage(r, 'reconciled')!.agreement)} ${ci(stage(r, 'reconciled')!.ci)})`))}: ` +
        `Cascade's parities are public and tell her about the bits; privacy amplification's margin removes what they gave her, and her key bits are back at one half.`,
    );

  const closer = recs.filter((r) => {
    const eve = stage(r, 'raw (vs Alice)');
    return hasCi(eve) && eve.ci[0] > r.measure!.raw.agreement.ci[1];
  });
  if (closer.length)
    notes.push(
      `Eve agrees with Alice's raw bits more often than Bob does at ${atPoints(closer.map((r) => `${at(r)} (Eve ${pc(stage(r, 'raw (vs Alice)')!.agreement)}, Bob ${pc(r.measure!.raw.agreement.p)})`))}: ` +
        `in the sessions where she learned s she computes Alice's bits exactly, while Bob's agree with them only with probability (1 + ε)/2.`,
    );

  const off = recs.filter((r) => !covers(r.measure!.raw.agreement.ci, r.measure!.raw.theory));
  if (off.length) {
    const fewest = Math.min(...off.map((r) => r.measure!.sessions));
    const why =
      fewest <= 3
        ? `each session's raw bits share one noise vector e, so with ${fewest} session(s) the interval rests on ${fewest} value(s) of ε(e) and can come out too narrow; more sessions per point settle it`
        : `with ${recs.length} point(s), about one in a hundred lies outside by chance; more than that points to a real departure from the theory`;
    notes.push(
      `The measured raw agreement lies outside its 99% interval around the theory (1 + (1 − 2θ)^w)/2 at ` +
        `${atPoints(off.map((r) => `${at(r)} (${pc(r.measure!.raw.agreement.p)} ${ci(r.measure!.raw.agreement.ci)}, theory ${pc(r.measure!.raw.theory)})`))}: ${why}.`,
    );
  }
  return notes;
}
