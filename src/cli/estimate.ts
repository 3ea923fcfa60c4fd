/**
 * `sepka estimate [--protocol NAME] [--n N] [--theta θ] [--m M] [--w W] [--L L] [--json]`:
 * attack cost estimates for a protocol profile, or for any point (n, θ, m, w) derived from one
 * as `withOverrides` derives it (DESIGN.md §2 and §6; the formulas and their sources are in
 * src/cost/, the report is built by src/measure/estimate.ts).
 */
import { Command, intOpt, numOpt, printJson } from './args.ts';
import { wrap } from '../term.ts';
import { SepkaError } from '../errors.ts';
import { DEFAULT_PROFILE, derive, loadProfile, paramsHash, withOverrides, type Overrides, type Profile } from '../protocol/profile.ts';
import { runMeta } from '../meta.ts';
import { leastSquaresOps } from '../cost/index.ts';
import { agreementTheory, isLpn, isLwe, separationNameOf } from '../separation/index.ts';
import { estimateLweProfile, formatLweEstimate } from './estimateLwe.ts';
import { estimateCosts, EstimateReport, SizeForSecurity, smallestPaperLineN, timeAtRates } from '../measure/estimate.ts';
import { estimateMultiTarget, type MultiTargetReport, type SkippedAttack, type TargetAttack } from '../measure/estimateMulti.ts';

const USAGE = `usage: sepka estimate [--protocol NAME] [--n N] [--theta θ] [--m M] [--w W|balanced] [--L L] [--json]

Log2 cost of Eve's attacks on a protocol profile (protocols/NAME.json, or a profile file), or
on any point of your own: --n, --theta, --m, --w and --L replace the profile's values (the
profile is ${DEFAULT_PROFILE} unless --protocol is given), and the missing ones are derived as a profile
derives them (src/protocol/profile.ts withOverrides): a new n sets θ = n^-1/2 and m = 4n unless
--theta or --m is given; any change to n, θ or m sets w to the balanced weight (the w whose
dual-route cost matches the primal route's, src/cost/balance.ts) unless --w is given; L, the key
length and the challenge count come from the profile. The first line names what was derived.

  primal route  learn s from (A, z): LPN with m samples = decoding an [m, n] code, t ≈ θm errors
  dual route    find Bob's weight-w r from x* = rᵀA: syndrome decoding, [m, m−n] code
for Prange (1962), pooled Gauss as sepka implements it, Stern (1988) and Dumer (1991) with
their parameters p, ℓ optimised. Bit operations charge n^2.8 per iteration's Gaussian
elimination (below naive elimination; incremental variants are cheaper still, so these are
not lower bounds).
The report leads with the session key's SECURITY LEVEL (multiple targets counted, below) and
the time to reach it at the reference GPU Prange rate of DESIGN.md §2 (given there for n = 256
and 1024; other n use the power law through those two points). The last lines give the
smallest n on the paper's line (θ = n^-1/2, m = 4n, balanced w) whose cheapest attack
costs 2^128 bit operations under the same model, single target (JSON: paperLineFor128).

Multiple targets (JSON: multiTarget; src/measure/estimateMulti.ts): the L label columns have
binomial error weights and one elimination serves all of them; a session's challenges share A
(decoding one out of many, Sendrier 2011). Three figures, cost per success: one raw bit, one
column or one challenge (the security level of the session key), the whole session key; with
MMT/BJMM and May–Ozerov beside Prange/Stern/Dumer (memory in bits) and a quantum figure
(Grover-accelerated Prange, Bernstein 2010: gates, fault tolerance and depth limits left out).
An attack with no parameters at the point (MMT needs an error weight ≥ 4, BJMM and May–Ozerov
≥ 2) is listed as skipped, with its reason (JSON: skipped), and left out of the figures.

options:
  --protocol NAME   profile name (paper-128, the default; demo-256, toy-insecure, …) or a file's path
  --n N             secret length (8–8192)
  --theta θ         noise rate, 10^-6 ≤ θ < 0.5 (default with --n: n^-1/2)
  --m M             samples, n < m ≤ 65536 (default with --n: 4n)
  --w W|balanced    challenge weight, 1 ≤ w ≤ n (default after a change to n, θ or m: balanced)
  --L L             label columns per challenge (1–1024)
  --json            print one JSON object

Examples:
  sepka estimate --protocol paper-128
  sepka estimate --n 2048                      (θ = 2048^-1/2, m = 8192, balanced w)
  sepka estimate --n 1024 --theta 0.02 --w 20  (m = 4096)`;

const f1 = (x: number) => x.toFixed(1);
/** One row of the time table: a label, then one cell per trial rate. */
const timeRow = (label: string, cells: string[]) => `    ${label.padEnd(16)}${cells.map((c) => c.padEnd(28)).join('')}`.trimEnd();

/**
 * The human report. The session key's SECURITY LEVEL comes first — the cheapest classical attack
 * with multiple targets counted (src/measure/estimateMulti.ts), in bit operations — and the
 * time table is that figure's; the single-target rows (the DESIGN.md §2 figures) follow as
 * detail, then the multi-target tables the level is read from.
 */
export function formatEstimate(name: string, r: EstimateReport, for128: SizeForSecurity | undefined, mt: MultiTargetReport, derived?: string): string {
  const { n, theta, m, w } = r.params;
  const s = r.security;
  const ss = s.session;
  const lvl = mt.securityLevel;
  // Both rows through the one conversion (a recorded report may predate securityLevel.time).
  const lvlTime = timeAtRates(n, lvl.log2BitOps);
  const keyTime = timeAtRates(n, mt.sessionKey.log2BitOps);
  const lines = [
    `sepka estimate: protocol ${name}  (n = ${n}, θ = ${theta.toPrecision(4)}, m = ${m}, w = ${w})`,
    ...(derived ? [`  ${derived}`] : []),
    `  raw agreement p = (1 + (1−2θ)^w)/2 = ${r.pAgree.toFixed(4)}  (ε = ${r.eps.toFixed(3)})`,
    '',
    `  SECURITY LEVEL of the session key: 2^${f1(lvl.log2BitOps)} bit operations (${lvl.best})`,
    ...wrap(
      `    what it counts: the classical bit operations of the cheapest attack on any one of Eve's ` +
        `targets, multiple targets counted (${mt.columns.L} secret columns, ${mt.challenges.count} challenges): one broken ` +
        `target gives her raw bits exactly, which privacy amplification does not allow for. ` +
        `Gaussian elimination is charged n^2.8 = 2^${f1(r.log2Gauss)} bit ops per iteration (below naive ` +
        `elimination; incremental variants are cheaper still, so these are not lower bounds); memory is listed, not charged.`,
      '    ',
    ),
    ...wrap(`  time to reach it at GPU Prange trial rates (bit ops ÷ n^2.8 per trial; one GPU: ${lvlTime[0].label}):`, '    '),
    timeRow('', lvlTime.map((t, i) => `${i ? t.label : 'one GPU'}, ${t.trialsPerSec.toPrecision(3)}/s`)),
    timeRow('security level', lvlTime.map((t) => t.human)),
    timeRow('whole key', keyTime.map((t) => t.human)),
    `    (whole key: every column or every challenge, 2^${f1(mt.sessionKey.log2BitOps)} bit ops, ${mt.sessionKey.best})`,
    '',
    '  the DESIGN.md §2 table: one given target at its expected weight (t = θm), Prange, Stern, Dumer:',
    '  route   algorithm      log2 trials  log2 bit ops  parameters',
  ];
  for (const a of r.attacks) {
    const par = a.p !== undefined ? `p = ${a.p}, ℓ = ${a.ell}` : a.route === 'primal' ? `t = ${a.instance.W}` : `w = ${a.instance.W}`;
    lines.push(`  ${a.route.padEnd(7)} ${a.algorithm.padEnd(13)} ${f1(a.log2Trials).padStart(12)} ${f1(a.log2BitOps).padStart(13)}  ${par}`);
  }
  // Runs recorded before attacks could be skipped have no list (docs/results/).
  for (const a of r.skipped ?? []) lines.push(`  ${a.route.padEnd(7)} ${a.algorithm.padEnd(13)} skipped: ${a.reason}`);
  lines.push(
    ...wrap(
      `  DESIGN.md §2 figures: 2^${f1(s.log2PrangeTrials)} Prange trials on the cheaper route; 2^${f1(s.log2BitOps)} bit operations ` +
        `for the best attack (${s.best}); whole session key (all L = ${r.params.L ?? 1} secrets, primal ×${(2 ** ss.log2Columns).toFixed(2)}, ` +
        `or all ${r.params.challenges ?? 1} challenges, dual ×2^${f1(ss.log2Challenges)}): 2^${f1(ss.log2BitOps)} bit ops (${ss.best})`,
      '    ',
    ),
    '',
    ...formatMultiTarget(r, mt),
  );
  if (for128) {
    // The verdict is the security level's (multiple targets), the headline figure.
    const verdict =
      lvl.log2BitOps < for128.targetLog2BitOps
        ? `this profile's security level (2^${f1(lvl.log2BitOps)}) is NOT ${for128.targetLog2BitOps} bits.`
        : `this profile's security level reaches it (2^${f1(lvl.log2BitOps)}).`;
    lines.push(
      '',
      ...wrap(
        `  2^${for128.targetLog2BitOps} reference (single target, the DESIGN.md §2 table): on the paper's line (θ = n^-1/2, m = 4n, balanced w) ` +
          `the cheapest attack reaches 2^${for128.targetLog2BitOps} bit ops from n ≈ ${for128.n} (w = ${for128.w}: ${for128.best}, 2^${f1(for128.log2BitOps)}); ${verdict}`,
        '  ',
      ),
    );
  }
  return lines.flatMap((l) => wrap(l, '    ')).join('\n');
}

function attackRow(a: TargetAttack): string {
  const par = a.algorithm === 'prange' ? '' : a.algorithm === 'bjmm' ? `p = ${a.p}, ε = ${a.eps}, ℓ = ${a.ell}` : `p = ${a.p}, ℓ = ${a.ell}`;
  const mem = a.log2MemoryBits > 0 ? `2^${f1(a.log2MemoryBits)}` : '-';
  return `  ${a.route.padEnd(7)} ${a.algorithm.padEnd(11)} ${f1(a.log2Trials).padStart(8)} ${f1(a.log2BitOps).padStart(9)} ${mem.padStart(9)} ${String(a.targetsUsed).padStart(7)}  ${par}`;
}

/** An attack the model could not price at this point: one line saying so. */
const skippedRow = (a: SkippedAttack) => `  ${a.route.padEnd(7)} ${a.algorithm.padEnd(11)} skipped: ${a.reason}`;

/** The multi-target section: three figures, the security level, the quantum column. */
export function formatMultiTarget(r: EstimateReport, mt: MultiTargetReport): string[] {
  const head = '  route   algorithm   log2 it.  log2 ops    memory targets  parameters';
  const q = mt.quantum;
  return [
    `  multiple targets (cost per success; src/cost/multi.ts, advanced.ts, quantum.ts):`,
    `  L = ${mt.columns.L} columns, error weight Bin(m, θ): mean ${f1(mt.columns.meanWeight)}, the lightest of ${mt.columns.L} has median weight ${mt.columns.medianLightestWeight};`,
    `  a column gives Eve ${mt.columns.rawBitsPerColumn} raw bits (1/L of them), a challenge ${mt.challenges.rawBitsPerChallenge} (of ${mt.challenges.count} challenges).`,
    '',
    `  one raw bit (one given target):`,
    head,
    ...mt.rawBit.attacks.map(attackRow),
    ...(mt.rawBit.skipped ?? []).map(skippedRow),
    `  one column or one challenge (any of ${mt.columns.L} columns / ${mt.challenges.count} challenges):`,
    head,
    ...mt.perTarget.attacks.map(attackRow),
    ...(mt.perTarget.skipped ?? []).map(skippedRow),
    '',
    `  one raw bit                 2^${f1(mt.rawBit.log2BitOps)} bit ops (${mt.rawBit.best})`,
    `  one column or challenge     2^${f1(mt.perTarget.log2BitOps)} bit ops (${mt.perTarget.best})`,
    `  whole session key           2^${f1(mt.sessionKey.log2BitOps)} bit ops (${mt.sessionKey.best};`,
    `                              every column ${mt.sessionKey.primalAllColumns ? `2^${f1(mt.sessionKey.primalAllColumns.log2BitOps)}` : 'not priced'}, every challenge 2^${f1(mt.sessionKey.dualAllChallenges.log2BitOps)})`,
    `  the security level above is the figure "one column or challenge"`,
    '',
    `  quantum (Grover-accelerated Prange, Bernstein 2010; gates at n^2.8 per check, fault tolerance,`,
    `  depth limits and qubits left out): one raw bit 2^${f1(Math.min(q.rawBit.primal?.log2Gates ?? Infinity, q.rawBit.dual.log2Gates))} gates,` +
      ` one column or challenge 2^${f1(q.log2Gates)} gates`,
    `  (QUANTUM, not the classical level)`,
  ];
}

/** The estimate of an instance with no hardness (the natural control): one polynomial count. */
function formatNoHardness(p: Profile, r: { pAgree: number; eps: number; noHardness: { ops: number; log2Ops: number; note: string } }): string {
  const { formula } = agreementTheory(p);
  return [
    `sepka estimate: protocol ${p.name}  (separation ${separationNameOf(p)}: n = ${p.n}, θ = ${p.theta.toPrecision(4)}, m = ${p.m}, w = ${p.w}, L = ${p.L})`,
    `  raw agreement p = ${formula} = ${r.pAgree.toFixed(4)}  (ε = ${r.eps.toFixed(3)})`,
    '',
    ...wrap(`  No hardness to price: ${r.noHardness.note}.`, '  '),
    '',
    `  least squares on this profile: ${r.noHardness.ops.toExponential(3)} multiply-adds = 2^${f1(r.noHardness.log2Ops)} (src/cost/leastSquares.ts)`,
    ...wrap('  The cost tables of LPN (Prange, Stern, Dumer, BJMM) price decoding; there is nothing here to decode.', '  '),
  ].join('\n');
}

/** The options that replace a profile's task parameters, as given (before derivation). */
const POINT_OPTIONS = ['n', 'theta', 'm', 'w', 'L'] as const;

/**
 * The profile a point names: `base` with --n/--theta/--m/--w/--L applied through
 * withOverrides, and a line saying which values were given and which derived (null when none
 * was given).
 */
export function pointProfile(base: Profile, v: Record<string, unknown>): { profile: Profile; given: Overrides; note: string | null } {
  const o: Overrides = {};
  if (v.n !== undefined) o.n = intOpt(v.n, 'n', 0, 8, 8192);
  if (v.theta !== undefined) o.theta = numOpt(v.theta, 'theta', undefined, 1e-6, 0.4999999);
  if (v.m !== undefined) o.m = intOpt(v.m, 'm', 0, 1, 1 << 16);
  const balanced = v.w === 'balanced';
  if (v.w !== undefined) o.w = balanced ? 'balanced' : intOpt(v.w, 'w', 0, 1, 1 << 16);
  if (v.L !== undefined) o.L = intOpt(v.L, 'L', 0, 1, 1024);
  if (!Object.keys(o).length) return { profile: base, given: o, note: null };
  const profile = withOverrides(base, o);
  const taskChanged = o.n !== undefined || o.theta !== undefined || o.m !== undefined;
  // The derivation withOverrides applies: LPN's, or the other instances' (θ and w kept, m scaled).
  const lpn = isLpn(base);
  const derivedNames = [
    ...(o.n !== undefined && o.theta === undefined ? [lpn ? 'θ = n^-1/2' : `θ = ${base.theta.toPrecision(4)} (the profile's)`] : []),
    ...(o.n !== undefined && o.m === undefined ? [lpn ? 'm = 4n' : `m = ${profile.m} (the profile's ${base.m}/${base.n} per dimension)`] : []),
    ...(o.w === undefined && taskChanged && !balanced ? [lpn ? 'w balanced' : `w = ${profile.w} (the profile's, at most m)`] : []),
  ];
  const givenText = Object.entries(o).map(([k, x]) => `${k === 'theta' ? 'θ' : k} = ${x}`).join(', ');
  const note = `point: ${givenText} given${derivedNames.length ? `; ${derivedNames.join(', ')} derived` : ''}; the rest from protocol ${base.name}`;
  return { profile, given: o, note };
}

const cmd: Command = {
  summary: 'attack cost estimates for a protocol profile or any point (n, θ, m, w)',
  usage: USAGE,
  options: {
    protocol: { type: 'string' },
    n: { type: 'string' },
    theta: { type: 'string' },
    m: { type: 'string' },
    w: { type: 'string' },
    L: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, _pos, run) {
    const point = POINT_OPTIONS.some((k) => values[k] !== undefined);
    const base = loadProfile(typeof values.protocol === 'string' ? values.protocol : DEFAULT_PROFILE);
    const { profile, given, note } = pointProfile(base, values);
    const { challenges, pTheory } = derive(profile);
    const params = { n: profile.n, theta: profile.theta, m: profile.m, w: profile.w, L: profile.L, challenges };
    if (isLwe(profile)) {
      const { out, est } = estimateLweProfile(profile, challenges, pTheory);
      const full = { protocol: profile.name, ...(note ? { overrides: given, derivedFrom: base.name } : {}), ...out };
      if (values.json) printJson(full, runMeta({ startedAt: run.startedAt, random: false, paramsHash: paramsHash(profile) }));
      else process.stdout.write(formatLweEstimate(profile, out, est, note ?? undefined) + '\n');
      return 0;
    }
    if (!isLpn(profile)) {
      // No hardness to price: the cost tables are LPN's; the natural control's learner is polynomial.
      const ops = leastSquaresOps(profile.m, profile.n, profile.L);
      const noHardness = {
        separation: separationNameOf(profile),
        learner: 'least-squares',
        ops,
        log2Ops: Math.log2(ops),
        note: 'ordinary least squares on (A, z) is polynomial (m·n(n+1)/2 + n³/6 + L·(m·n + n²) multiply-adds) and reads the labels well enough that Eve follows the amplification to the key',
      };
      const out = { protocol: profile.name, ...(note ? { overrides: given, derivedFrom: base.name } : {}), params, eps: 2 * pTheory - 1, pAgree: pTheory, noHardness };
      if (values.json) printJson(out, runMeta({ startedAt: run.startedAt, random: false, paramsHash: paramsHash(profile) }));
      else process.stdout.write(formatNoHardness(profile, out) + '\n');
      return 0;
    }
    const report = estimateCosts(params);
    const for128 = smallestPaperLineN(128);
    const multiTarget = estimateMultiTarget(params);
    if (values.json)
      printJson(
        { protocol: profile.name, ...(note ? { overrides: given, derivedFrom: base.name } : {}), ...report, paperLineFor128: for128, multiTarget },
        runMeta({ startedAt: run.startedAt, random: false, paramsHash: paramsHash(profile) }),
      );
    else process.stdout.write(formatEstimate(profile.name, report, for128, multiTarget, note ?? undefined) + '\n');
    return 0;
  },
};
export default cmd;
