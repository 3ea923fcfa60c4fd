/**
 * `sepka estimate --protocol NAME [--json]`: attack cost estimates for a protocol profile
 * (DESIGN.md §2 and §6; the formulas and their sources are in src/cost/, the report is built
 * by src/measure/estimate.ts).
 */
import { Command, printJson } from './args.ts';
import { SepkaError } from '../errors.ts';
import { derive, loadProfile } from '../protocol/profile.ts';
import { estimateCosts, EstimateReport, SizeForSecurity, smallestPaperLineN } from '../measure/estimate.ts';

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
costs 2^128 bit operations under the same model (JSON: paperLineFor128).

options:
  --protocol NAME   profile name (default, paper-1024, toy-insecure, …) or a profile file's path
  --json            print one JSON object`;

const f1 = (x: number) => x.toFixed(1);

export function formatEstimate(name: string, r: EstimateReport, for128?: SizeForSecurity): string {
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
  if (for128) {
    lines.push(
      '',
      `  2^${for128.targetLog2BitOps} reference: on the paper's line (θ = n^-1/2, m = 4n, balanced w) the cheapest attack`,
      `  reaches 2^${for128.targetLog2BitOps} bit ops from n ≈ ${for128.n} (w = ${for128.w}: ${for128.best}, 2^${f1(for128.log2BitOps)})` +
        (s.log2BitOps < for128.targetLog2BitOps ? `; this profile (2^${f1(s.log2BitOps)}) is NOT ${for128.targetLog2BitOps}-bit secure.` : '.'),
    );
  }
  return lines.join('\n');
}

const cmd: Command = {
  summary: 'attack cost estimates for a protocol profile',
  usage: USAGE,
  options: { protocol: { type: 'string' }, json: { type: 'boolean' } },
  async run(values) {
    if (typeof values.protocol !== 'string') throw new SepkaError('SEPKA_ERR_USAGE', '--protocol NAME is required');
    const profile = loadProfile(values.protocol);
    const { challenges } = derive(profile);
    const report = estimateCosts({ n: profile.n, theta: profile.theta, m: profile.m, w: profile.w, L: profile.L, challenges });
    const for128 = smallestPaperLineN(128);
    if (values.json) printJson({ protocol: profile.name, ...report, paperLineFor128: for128 });
    else process.stdout.write(formatEstimate(profile.name, report, for128) + '\n');
    return 0;
  },
};
export default cmd;
