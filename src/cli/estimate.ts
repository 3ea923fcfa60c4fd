/**
 * `sepka estimate --protocol NAME [--json]`: attack cost estimates for a protocol profile
 * (DESIGN.md §2 and §6; the formulas and their sources are in src/cost/, the report is built
 * by src/measure/estimate.ts).
 */
import { Command, printJson } from './args.ts';
import { SepkaError } from '../errors.ts';
import { derive, loadProfile, paramsHash } from '../protocol/profile.ts';
import { runMeta } from '../meta.ts';
import { estimateCosts, EstimateReport, SizeForSecurity, smallestPaperLineN } from '../measure/estimate.ts';
import { estimateMultiTarget, type MultiTargetReport, type TargetAttack } from '../measure/estimateMulti.ts';

const USAGE = `usage: sepka estimate --protocol NAME [--json]

Log2 cost of Eve's attacks on a protocol profile (protocols/NAME.json, or a profile file):
  primal route  learn s from (A, z): LPN with m samples = decoding an [m, n] code, t ≈ θm errors
  dual route    find Bob's weight-w r from x* = rᵀA: syndrome decoding, [m, m−n] code
for Prange (1962), pooled Gauss as sepka implements it, Stern (1988) and Dumer (1991) with
their parameters p, ℓ optimised. Bit operations charge n^2.8 per iteration's Gaussian
elimination (below naive elimination; incremental variants are cheaper still, so these are
not lower bounds).
Time is given at the reference GPU Prange rate of DESIGN.md §2 (given there for n = 256 and
1024; other n use the power law through those two points). The last lines give the
smallest n on the paper's line (θ = n^-1/2, m = 4n, balanced w) whose cheapest attack
costs 2^128 bit operations under the same model, single target (JSON: paperLineFor128).

Multiple targets (JSON: multiTarget; src/measure/estimateMulti.ts): the L label columns have
binomial error weights and one elimination serves all of them; a session's challenges share A
(decoding one out of many, Sendrier 2011). Three figures, cost per success: one raw bit, one
column or one challenge (the security level of the session key), the whole session key; with
MMT/BJMM and May–Ozerov beside Prange/Stern/Dumer (memory in bits) and a quantum figure
(Grover-accelerated Prange, Bernstein 2010: gates, fault tolerance and depth limits left out).

options:
  --protocol NAME   profile name (default, paper-1024, toy-insecure, …) or a profile file's path
  --json            print one JSON object`;

const f1 = (x: number) => x.toFixed(1);

export function formatEstimate(name: string, r: EstimateReport, for128?: SizeForSecurity, mt?: MultiTargetReport): string {
  const { n, theta, m, w } = r.params;
  const lines = [
    `sepka estimate: protocol ${name}  (n = ${n}, θ = ${theta.toPrecision(4)}, m = ${m}, w = ${w})`,
    `  raw agreement p = (1 + (1−2θ)^w)/2 = ${r.pAgree.toFixed(4)}  (ε = ${r.eps.toFixed(3)})`,
    `  Gaussian elimination per iteration: n^2.8 = 2^${f1(r.log2Gauss)} bit ops (below naive elimination;`,
    '  incremental variants are cheaper still, so these are not lower bounds)',
    '',
    '  route   algorithm      log2 trials  log2 bit ops  parameters',
  ];
  for (const a of r.attacks) {
    const par = a.p !== undefined ? `p = ${a.p}, ℓ = ${a.ell}` : a.route === 'primal' ? `t = ${a.instance.W}` : `w = ${a.instance.W}`;
    lines.push(`  ${a.route.padEnd(7)} ${a.algorithm.padEnd(13)} ${f1(a.log2Trials).padStart(12)} ${f1(a.log2BitOps).padStart(13)}  ${par}`);
  }
  const s = r.security;
  lines.push(
    '',
    `  security: 2^${f1(s.log2PrangeTrials)} Prange trials on the cheaper route (the DESIGN.md §2 figure),`,
    `            ${s.prangeTime[0].human} at ${s.prangeTime[0].trialsPerSec.toPrecision(3)} trials/s (${s.prangeTime[0].label});`,
    `            2^${f1(s.log2BitOps)} bit operations for the best attack (${s.best}).`,
  );
  for (const t of s.time) lines.push(`  time, best attack at ${t.trialsPerSec.toPrecision(3)} Prange trials/s (${t.label}): ${t.human}`);
  const ss = s.session;
  lines.push(
    '',
    `  whole session key (every kept raw bit): all L = ${r.params.L ?? 1} secrets (primal, ×${(2 ** ss.log2Columns).toFixed(2)})`,
    `  or all ${r.params.challenges ?? 1} challenges (dual, ×2^${f1(ss.log2Challenges)}): 2^${f1(ss.log2BitOps)} bit ops (${ss.best})`,
  );
  for (const t of ss.time) lines.push(`  time, session key at ${t.trialsPerSec.toPrecision(3)} trials/s (${t.label}): ${t.human}`);
  if (mt) lines.push('', ...formatMultiTarget(r, mt));
  if (for128) {
    lines.push(
      '',
      `  2^${for128.targetLog2BitOps} reference (single target, the rows above): on the paper's line (θ = n^-1/2, m = 4n, balanced w) the cheapest attack`,
      `  reaches 2^${for128.targetLog2BitOps} bit ops from n ≈ ${for128.n} (w = ${for128.w}: ${for128.best}, 2^${f1(for128.log2BitOps)})` +
        (s.log2BitOps < for128.targetLog2BitOps ? `; this profile (2^${f1(s.log2BitOps)}) is NOT ${for128.targetLog2BitOps}-bit secure.` : '.'),
    );
  }
  return lines.join('\n');
}

function attackRow(a: TargetAttack): string {
  const par = a.algorithm === 'prange' ? '' : a.algorithm === 'bjmm' ? `p = ${a.p}, ε = ${a.eps}, ℓ = ${a.ell}` : `p = ${a.p}, ℓ = ${a.ell}`;
  const mem = a.log2MemoryBits > 0 ? `2^${f1(a.log2MemoryBits)}` : '-';
  return `  ${a.route.padEnd(7)} ${a.algorithm.padEnd(11)} ${f1(a.log2Trials).padStart(8)} ${f1(a.log2BitOps).padStart(9)} ${mem.padStart(9)} ${String(a.targetsUsed).padStart(7)}  ${par}`;
}

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
    `  one column or one challenge (any of ${mt.columns.L} columns / ${mt.challenges.count} challenges):`,
    head,
    ...mt.perTarget.attacks.map(attackRow),
    '',
    `  one raw bit                 2^${f1(mt.rawBit.log2BitOps)} bit ops (${mt.rawBit.best})`,
    `  one column or challenge     2^${f1(mt.perTarget.log2BitOps)} bit ops (${mt.perTarget.best})`,
    `  whole session key           2^${f1(mt.sessionKey.log2BitOps)} bit ops (${mt.sessionKey.best}; every column 2^${f1(mt.sessionKey.primalAllColumns.log2BitOps)}, every challenge 2^${f1(mt.sessionKey.dualAllChallenges.log2BitOps)})`,
    `  SECURITY LEVEL of the session key: 2^${f1(mt.securityLevel.log2BitOps)} bit operations (${mt.securityLevel.figure}: one broken target`,
    `  gives Eve raw bits exactly, which privacy amplification does not allow for)`,
    '',
    `  quantum (Grover-accelerated Prange, Bernstein 2010; gates at n^2.8 per check, fault tolerance,`,
    `  depth limits and qubits left out): one raw bit 2^${f1(Math.min(q.rawBit.primal.log2Gates, q.rawBit.dual.log2Gates))} gates,` +
      ` one column or challenge 2^${f1(q.log2Gates)} gates (QUANTUM, not the classical level)`,
  ];
}

const cmd: Command = {
  summary: 'attack cost estimates for a protocol profile',
  usage: USAGE,
  options: { protocol: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, _pos, run) {
    if (typeof values.protocol !== 'string') throw new SepkaError('SEPKA_ERR_USAGE', '--protocol NAME is required');
    const profile = loadProfile(values.protocol);
    const { challenges } = derive(profile);
    const params = { n: profile.n, theta: profile.theta, m: profile.m, w: profile.w, L: profile.L, challenges };
    const report = estimateCosts(params);
    const for128 = smallestPaperLineN(128);
    const multiTarget = estimateMultiTarget(params);
    if (values.json) printJson({ protocol: profile.name, ...report, paperLineFor128: for128, multiTarget }, runMeta({ startedAt: run.startedAt, random: false, paramsHash: paramsHash(profile) }));
    else process.stdout.write(formatEstimate(profile.name, report, for128, multiTarget) + '\n');
    return 0;
  },
};
export default cmd;
