/**
 * The figures `sepka demo` shows (DESIGN.md §6): the live progress line built from
 * the three roles' progress records, and the final summary / --json object built from Alice's
 * and Bob's results and Eve's report.
 *
 * keyAgreed means both parties ended with a key and the keys are equal (compared on the
 * fingerprints they print); confirmed means both passed key confirmation (DESIGN.md §3 step 4),
 * which a party must do before it reports a key at all.
 *
 * Every string here that came from a child (a failure reason, which may quote a peer's close
 * reason; a fingerprint; Eve's analysis error; progress values) goes through safeText
 * (src/text.ts) before it is shown: the demo relays, it does not trust.
 */
import type { DemoOutcome } from './run.ts';
import { safeText } from '../text.ts';
import { summarise, type WireSummary } from '../protocol/wire.ts';

export interface DemoJson {
  keyAgreed: boolean;
  confirmed: boolean;
  keyBits: number;
  rawBits: number;
  eve: { rawAdvantage: number | null; keyBitAgreement: number | null };
  /** Bytes on the wire as Bob counted them (Alice's count if Bob reported none); null when neither reported. */
  wire: WireSummary | null;
  /** Why there is no key (one line, safe to print); null on success. */
  failure: string | null;
  ms: number;
}

export interface DemoFigures {
  json: DemoJson;
  fingerprints?: { alice: string; bob: string };
  /** One line: which side failed, at which step, why. */
  failure?: string;
  rawAgreement?: number;
  /** Where rawAgreement comes from (every raw bit, or the public sample). */
  rawAgreementSource?: string;
  rawAgreementTheory?: number;
  eveNote?: string;
  /** 99% Wilson intervals from Eve's report: her raw agreement with Alice, and on key bits. */
  eveRawCi?: [number, number];
  eveKeyCi?: [number, number];
  eveKeyRecovered?: boolean | null;
}

const numOf = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

/** First numeric value among `keys` in `rec`. */
function pick(rec: Record<string, unknown> | undefined, ...keys: string[]): number | undefined {
  if (!rec) return undefined;
  for (const k of keys) {
    const v = numOf(rec[k]);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Fraction of equal entries of two 0/1 arrays (the parties' raw bits b_A, b_B). */
function agreement(x: unknown, y: unknown): { rate: number; n: number } | undefined {
  if (!(x instanceof Uint8Array) || !(y instanceof Uint8Array) || x.length !== y.length || x.length === 0) return undefined;
  let same = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === y[i]) same++;
  return { rate: same / x.length, n: x.length };
}

export function demoFigures(out: DemoOutcome, noEve: boolean, pTheory?: number): DemoFigures {
  const a = out.alice;
  const b = out.bob;
  const confirmed = Boolean(a?.ok && b?.ok);
  const keyAgreed = confirmed && a!.fingerprint !== undefined && a!.fingerprint === b!.fingerprint;
  const stats = { ...(b?.stats ?? {}), ...(a?.stats ?? {}) } as Record<string, unknown>;
  const eve = out.eve;
  const json: DemoJson = {
    keyAgreed,
    confirmed,
    keyBits: keyAgreed ? (a!.keyBits ?? 0) : 0,
    rawBits: pick(stats, 'rawBits') ?? 0,
    eve: {
      rawAdvantage: noEve ? null : (pick(eve, 'rawAdvantage') ?? null),
      keyBitAgreement: noEve ? null : (pick(eve, 'keyBitAgreement') ?? null),
    },
    wire: null,
    failure: null,
    ms: out.ms,
  };
  const rows = b?.wire ?? a?.wire;
  // Type names came from a child: escaped like every other string it sent.
  if (rows) json.wire = summarise(rows.map((r) => ({ ...r, type: safeText(r.type) })), json.keyBits);
  const fig: DemoFigures = { json };
  if (a?.fingerprint && b?.fingerprint) fig.fingerprints = { alice: safeText(a.fingerprint), bob: safeText(b.fingerprint) };
  // A child that died or stalled is the cause of whatever else failed; but when a child only
  // waited in vain for a result after its peer's exit, the peer's own failure says more.
  if (out.fault && out.fault.kind !== 'no-result') fig.failure = out.error; // already safe (run.ts)
  else if (!confirmed) {
    // Name the side that detected the fault (it sent the close), else any failed side.
    const failed = [a, b].filter((r) => r && !r.ok);
    const f = failed.find((r) => r!.closeBy === 'us') ?? failed[0];
    if (f) fig.failure = safeText(`${f.role} failed at step ${f.step}: ${f.reason} [${f.code}]`);
    else if (!a || !b) fig.failure = safeText(`${!a ? 'alice' : 'bob'} reported no result${out.error ? ` (${out.error})` : ''}`);
  }
  json.failure = fig.failure ?? out.error ?? (keyAgreed ? null : 'the keys differ');
  // Measured on every raw bit when the demo holds both parties' bits (IPC truth), else Alice's
  // estimate on the public sample.
  const all = confirmed ? agreement(a?.truth?.raw, b?.truth?.raw) : undefined;
  if (all) {
    fig.rawAgreement = all.rate;
    fig.rawAgreementSource = `all ${all.n} raw bits`;
  } else if (pick(stats, 'pHat') !== undefined) {
    fig.rawAgreement = pick(stats, 'pHat');
    fig.rawAgreementSource = `public sample of ${pick(stats, 'sampleBits')} bits`;
  }
  fig.rawAgreementTheory = pTheory;
  const stages = (eve?.stages ?? {}) as Record<string, { ci?: [number, number] } | null>;
  if (stages.rawVsAlice?.ci) fig.eveRawCi = [stages.rawVsAlice.ci[0] - 0.5, stages.rawVsAlice.ci[1] - 0.5];
  if (stages.key?.ci) fig.eveKeyCi = stages.key.ci;
  if (eve && 'keyRecovered' in eve) fig.eveKeyRecovered = eve.keyRecovered as boolean | null;
  if (!noEve && eve && typeof eve.error === 'string') fig.eveNote = `analysis failed: ${safeText(eve.error)}`;
  else if (!noEve && !eve) fig.eveNote = 'no report';
  else if (!noEve && eve && typeof eve.unimodalFit === 'object' && eve.unimodalFit) fig.eveNote = fitNote(eve, fig.eveKeyRecovered === true);
  return fig;
}

/** Why her primal route did not run (PrimalRun.notRun), in a few words. */
const NOT_RUN: Record<string, string> = {
  dimension: "beyond float64 Gram–Schmidt's dimension",
  budget: "LLL's projected time past her budget",
  off: 'switched off',
};

/**
 * What Eve's own fit did (an instance that brings one, Separation.attack), by instance kind:
 * a lattice fit (LWE, its report's unimodalFit.primal) names the lattice routes that read the
 * key — LWE is hard in general, so a key read means this n is small enough to reduce; the natural
 * control (gaussian-regression) has no hardness, and its least squares reads the key.
 */
function fitNote(eve: Record<string, unknown>, recovered: boolean): string {
  const fit = eve.unimodalFit as { name?: unknown; solved?: unknown; primal?: { ran?: unknown; notRun?: unknown } };
  const name = safeText(String(fit.name));
  if (typeof fit.primal !== 'object' || fit.primal === null) {
    return `${name} on the public (A, z) ${recovered ? 'read the key: no hardness, no secret key' : 'did not reach the key'}`;
  }
  const primal = fit.primal.ran === true && typeof fit.solved === 'number' && fit.solved > 0;
  const dual = numOf((eve.challenges as { recovered?: unknown } | undefined)?.recovered) ?? 0;
  const routes = [primal ? 'primal uSVP' : '', dual > 0 ? 'dual' : ''].filter(Boolean).join(' and ');
  if (recovered) return `her lattice route (${routes || 'lattice reduction'}) read the key at this small n; LWE is hard at large n`;
  const why = NOT_RUN[String(fit.primal.notRun)];
  return `her lattice route did not reach the key${why ? `; primal uSVP not run: ${why}` : ''}`;
}

const fmt = (v: number | string | undefined, d = 3): string =>
  v === undefined ? '…' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(d)) : v;

/** The live line: the protocol step (Bob drives it), raw bits so far, Eve's running advantage. */
export function progressSummary(latest: Record<string, Record<string, number | string>>): { line: string; key: string } {
  const bob = latest.bob ?? {};
  const alice = latest.alice ?? {};
  const eve = latest.eve;
  const step = String(bob.step ?? alice.step ?? 'starting');
  const raw = bob.rawBits ?? alice.rawBits ?? 0;
  let line = `step ${step.padEnd(10)} raw bits ${fmt(raw)}`;
  if (eve) {
    // Eve's `advantage` is her own belief (mean reliability of her guesses − 1/2); she cannot
    // measure it without the truth, which she gets only at the end.
    const adv = eve.advantage;
    const belief = typeof adv === 'number' ? (adv >= 0 ? '+' : '') + adv.toFixed(3) : fmt(adv);
    // Within 100 columns up to 10^7 raw bits: challenges are x* (DESIGN.md §1), and 'belief'
    // is her believed advantage.
    line += ` | eve: ${eve.step ?? '…'}, secrets ${fmt(eve.secrets)}, ${fmt(eve.challengesBroken)} x* broken, belief ${belief}`;
  }
  return { line: safeText(line), key: `${step}|${eve?.step ?? ''}` };
}
