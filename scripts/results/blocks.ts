/**
 * The generated blocks (scripts/results.ts): how each `<!-- results:NAME -->` block of the docs
 * is rendered from its recorded runs (registry.ts), mostly by the formatter the command itself
 * prints with, so a block shows what the command printed.
 */
import { formatEstimate } from '../../src/cli/estimate.ts';
import { formatMeasure } from '../../src/cli/measure.ts';
import type { PointSpec } from '../../src/measure/sweep/grid.ts';
import { isRecorded, loadRun, OTHER_PROFILES, PROFILES, RUNS, shown, type Recorded } from './registry.ts';
import { priceBlocks } from './price.ts';
import smallbeta, { type SmallBetaRecord } from '../bench/smallbeta.ts';
import type { Block } from './types.ts';

export type { Block } from './types.ts';

// Renderers

/** "AMD EPYC, 2 cores, load average 6.5; Node v20.20.2": the machine a timing was measured on. */
export function machine(rec: Recorded): string {
  const m = rec.meta;
  const load = rec.note ? `, load average ${rec.note.loadAvg[0].toFixed(1)}` : '';
  return `${m.cpu.model}, ${m.cpu.cores} cores${load}; Node ${m.node}`;
}

const fence = (text: string): string => '```\n' + text.replace(/\s+$/, '') + '\n```';
const f1 = (x: number): string => x.toFixed(1);

function estimateOf(profile: string): Recorded {
  return loadRun(`estimate-${profile}`);
}
type Estimate = Parameters<typeof formatEstimate>[1] & {
  protocol: string;
  paperLineFor128: Parameters<typeof formatEstimate>[2];
  multiTarget: NonNullable<Parameters<typeof formatEstimate>[3]>;
};

/** The block of a run not recorded yet: the command that records it. */
function notRecorded(name: string): string {
  const run = RUNS.find((r) => r.name === name)!;
  return `(Not recorded yet: \`npm run results -- --rerun ${name}\` runs \`${shown(run)}\` and fills this in.)`;
}


export const BLOCKS: Block[] = [
  {
    name: 'demo-paper-128',
    runs: ['demo-paper-128'],
    render() {
      const rec = loadRun('demo-paper-128');
      return [
        fence(`$ npm run demo -- --seed 1\n${String(rec.data.stdout)}`),
        '',
        `(Recorded in docs/results/demo-paper-128.json on ${machine(rec)}.)`,
      ].join('\n');
    },
  },
  {
    name: 'profiles',
    runs: [...PROFILES, ...OTHER_PROFILES].map((p) => `estimate-${p.name}`),
    render() {
      const rows = PROFILES.map((p) => {
        const e = estimateOf(p.name).data as unknown as Estimate;
        return `| \`${p.name}\` | ${e.params.n} | 2^${f1(e.multiTarget.securityLevel.log2BitOps)} | ${p.use} |`;
      });
      for (const p of OTHER_PROFILES) {
        const e = estimateOf(p.name).data as unknown as { params: { n: number }; lwe?: { securityLevel: { log2: number } }; noHardness?: { log2Ops: number } };
        const level = e.lwe ? `2^${f1(e.lwe.securityLevel.log2)} (LWE)` : `none: least squares, 2^${f1(e.noHardness!.log2Ops)} ops`;
        rows.push(`| \`${p.name}\` | ${e.params.n} | ${level} | ${p.use} |`);
      }
      return ['| profile | n | security level (bit ops) | what it is for |', '|---|---|---|---|', ...rows].join('\n');
    },
  },
  {
    name: 'security-levels',
    runs: PROFILES.map((p) => `estimate-${p.name}`),
    render() {
      const rows = PROFILES.map((p) => {
        const e = estimateOf(p.name).data as unknown as Estimate;
        const mt = e.multiTarget;
        const best = [...e.attacks].sort((a, b) => a.log2BitOps - b.log2BitOps)[0];
        return `| \`${p.name}\` | ${e.params.n} | ${e.params.w} | 2^${f1(best.log2BitOps)} (${best.route} ${best.algorithm}) | **2^${f1(mt.securityLevel.log2BitOps)}** (${mt.securityLevel.best}) | 2^${f1(mt.sessionKey.log2BitOps)} | 2^${f1(mt.quantum.log2Gates)} |`;
      });
      return [
        '| profile | n | w | one target of typical weight | security level: one column or challenge | whole key | quantum (gates) |',
        '|---|---|---|---|---|---|---|',
        ...rows,
        '',
        `(From \`sepka estimate --protocol NAME --json\`, recorded in docs/results/estimate-NAME.json.)`,
      ].join('\n');
    },
  },
  {
    name: 'estimate-paper-128',
    runs: ['estimate-paper-128'],
    render() {
      const rec = estimateOf('paper-128');
      const e = rec.data as unknown as Estimate;
      return fence(`$ ${shown(rec.run).replace(' --json', '')}\n${formatEstimate(e.protocol, e, e.paperLineFor128, e.multiTarget)}`);
    },
  },
  ...['measure-demo-256', 'measure-paper-128', 'measure-toy-insecure', 'measure-long', 'measure-demo-256-fer'].map(
    (name): Block => ({
      name,
      runs: [name],
      render() {
        if (!isRecorded(name)) return notRecorded(name);
        const rec = loadRun(name);
        return [
          fence(`$ ${shown(rec.run).replace(' --json', '')}\n${formatMeasure(rec.data as unknown as Parameters<typeof formatMeasure>[0])}`),
          '',
          `(Recorded in ${rec.run.file} on ${machine(rec)}.)`,
        ].join('\n');
      },
    }),
  ),
  {
    name: 'learn-n32',
    runs: ['learn-n32'],
    render() {
      const rec = loadRun('learn-n32');
      return [fence(`$ ${shown(rec.run)}\n${String(rec.data.stdout)}`), '', `(Recorded in ${rec.run.file} on ${machine(rec)}.)`].join('\n');
    },
  },
  {
    name: 'profile-parameters',
    runs: PROFILES.map((p) => `estimate-${p.name}`),
    render() {
      const rows = PROFILES.map((p) => {
        const e = estimateOf(p.name).data as unknown as Estimate & { params: { L: number; challenges: number } };
        const prange = (route: string) => e.attacks.find((a) => a.route === route && a.algorithm === 'prange')!.log2Trials;
        const { n, theta, m, w, L, challenges } = e.params;
        return `| \`${p.name}\` | ${n} | ${theta.toPrecision(4)} | ${m} | ${w} | ${L} | ${e.eps.toFixed(3)} | ${e.pAgree.toFixed(3)} | ${(challenges * L).toLocaleString('en-US')} | ${f1(prange('primal'))} | ${f1(prange('dual'))} |`;
      });
      return [
        '| profile | n | θ | m | w | L | ε = (1−2θ)^w | p | raw bits per session | primal (log2 Prange trials) | dual (log2) |',
        '|---|---|---|---|---|---|---|---|---|---|---|',
        ...rows,
        '',
        '(From `sepka estimate --protocol NAME --json`, recorded in docs/results/estimate-NAME.json.)',
      ].join('\n');
    },
  },
  {
    name: 'timings',
    runs: RUNS.filter((r) => !r.name.startsWith('estimate-') && r.kind !== 'sweep' && r.kind !== 'bench').map((r) => r.name),
    render() {
      const rows = RUNS.filter((r) => r.kind !== 'sweep' && r.kind !== 'bench' && !r.name.startsWith('estimate-') && isRecorded(r.name)).map((r) => {
        const rec = loadRun(r.name);
        const wall = rec.note ? `${(rec.note.wallMs / 1000).toFixed(1)} s` : '–';
        const load = rec.note ? rec.note.loadAvg[0].toFixed(1) : '–';
        return `| \`${shown(r).replace(' --json', '')}\` | ${wall} | ${rec.meta.cpu.model}, ${rec.meta.cpu.cores} cores; Node ${rec.meta.node} | ${load} |`;
      });
      return ['| command | wall time (with process start) | machine | load average at start |', '|---|---|---|---|', ...rows].join('\n');
    },
  },
  {
    name: 'startup',
    runs: ['bench-startup'],
    render() {
      if (!isRecorded('bench-startup')) return notRecorded('bench-startup');
      const rec = loadRun('bench-startup');
      const recs = rec.data.startup as { metric: string; value: number; unit: string; reps: number; target?: number; load: number }[];
      const get = (m: string) => recs.find((r) => r.metric === m)!;
      const ms = (m: string) => `${Math.round(get(m).value)} ms`;
      const ratio = (m: string) => `**${get(m).value.toFixed(2)}×** (target ≤ ${get(m).target}×)`;
      const overhead = Math.round(get('demo').value - get('measure session').value);
      return [
        '| what | median | |',
        '|---|---|---|',
        `| \`node -e 0\` | ${ms('node -e 0')} | the floor of every start-up |`,
        `| \`sepka --version\` (compiled bin) | ${ms('sepka --version')} | ${ratio('--version/node -e 0')} \`node -e 0\` |`,
        `| \`sepka measure --protocol paper-128 --sessions 1\`: the session | ${ms('measure session')} | in-process, Eve's 1.5 s budget included |`,
        `| the same, whole process | ${ms('measure process')} | |`,
        `| \`sepka demo --protocol paper-128\` | ${ms('demo')} | ${ratio('demo/in-process')} the session; ${overhead >= 0 ? '+' : '−'}${Math.abs(overhead)} ms |`,
        `| demo: Alice listening / Eve listening / Bob's first progress | ${ms('alice')} / ${ms('eve')} / ${ms('bob')} | from the demo's start (the three spawned at once) |`,
        `| demo: both keys / Eve's report / all exited | ${ms('keys')} / ${ms('eve report')} / ${ms('exit')} | from the demo's start |`,
        '',
        `(Medians of ${get('demo').reps} demos and sessions and ${get('node -e 0').reps} start-ups, all seeded, recorded in ${rec.run.file} by \`${shown(rec.run)}\` on ${machine(rec)}; load average ${[...new Set(recs.map((r) => r.load.toFixed(1)))].join(', ')} during its sections.)`,
      ].join('\n');
    },
  },
  {
    name: 'separation-wins',
    runs: ['separation'],
    render() {
      const rec = loadRun('separation');
      const rows = rec
        .records!.filter((r) => !(r.spec as PointSpec).control)
        .sort((a, b) => ((a.spec as PointSpec).n ?? 0) - ((b.spec as PointSpec).n ?? 0))
        .map((r) => {
          const learn = r.learn as { reps: number; amu: { ms: number }; eve: { learners: { name: string; recovered: { k: number } }[] } };
          const best = learn.eve.learners.reduce((a, b) => (b.recovered.k > a.recovered.k ? b : a));
          return `| ${(r.spec as PointSpec).n} | ${learn.amu.ms.toFixed(2)} | ${best.recovered.k}/${learn.reps} (${best.name}) |`;
        });
      const run = rec.data.run as { workers: number; wallMs: number };
      return [
        '| n | A_μ ms | instances Eve won (best unimodal learner) |',
        '|---|---|---|',
        ...rows,
        '',
        `(From docs/separation/results.jsonl: ${(run.wallMs / 1000).toFixed(0)} s on ${run.workers} workers, ${rec.meta.cpu.model}, ${rec.meta.cpu.cores} cores; Node ${rec.meta.node}.)`,
      ].join('\n');
    },
  },
  {
    // docs/separations.md: the LWE separation sweep, per n: A_μ, Eve's lattice route and the
    // least-squares baseline (learn part), the LWE cost model (estimate part), the sessions.
    name: 'lwe-separation',
    runs: ['lwe-separation'],
    render() {
      if (!isRecorded('lwe-separation')) return notRecorded('lwe-separation');
      const rec = loadRun('lwe-separation');
      type L = { name: string; recovered: { k: number; n: number }; msToRecover: number | null; beta?: number | null };
      const rows = rec
        .records!.filter((r) => !(r.spec as PointSpec).control)
        .sort((a, b) => ((a.spec as PointSpec).n ?? 0) - ((b.spec as PointSpec).n ?? 0))
        .map((r) => {
          const p = r.params as { n: number; m: number };
          const learn = r.learn as { amu: { ms: number }; eve: { learners: L[] } };
          const est = r.estimate as { log2BitOps: number | null; lwe: { smallBeta: { median: number; q1: number; q3: number } | null } };
          const key = (r.measure as { eve: { keyRecovered: { k: number; n: number } } }).eve.keyRecovered;
          const u = learn.eve.learners.find((l) => l.name === 'usvp');
          const ls = learn.eve.learners.find((l) => l.name === 'least-squares-mod-q')!;
          const lat = !u
            ? 'not run'
            : `${u.recovered.k}/${u.recovered.n}${u.beta == null ? '' : u.beta === 2 ? ', LLL' : `, β ${u.beta}`}${u.msToRecover === null ? '' : `, ${u.msToRecover.toFixed(0)} ms`}`;
          const level = est.log2BitOps === null ? '–' : `2^${f1(est.log2BitOps)}`;
          const sb = est.lwe.smallBeta;
          const predicted = sb ? `${sb.median} [${sb.q1}–${sb.q3}]` : '–';
          return `| ${p.n} | ${p.m} | ${learn.amu.ms.toFixed(3)} | ${lat} | ${predicted} | ${ls.recovered.k}/${ls.recovered.n} | ${level} | ${key.k}/${key.n} |`;
        });
      const run = rec.data.run as { workers: number; wallMs: number };
      return [
        '| n | m | A_μ ms | Eve\'s uSVP: won, β, ms | predicted β (2 = LLL) | least squares mod q | key level (MATZOV) | sessions: Eve read the key |',
        '|---|---|---|---|---|---|---|---|',
        ...rows,
        '',
        `(From docs/separation-lwe/results.jsonl, \`${shown(rec.run)}\`: ${(run.wallMs / 1000).toFixed(0)} s on ${run.workers} workers, ${rec.meta.cpu.model}, ${rec.meta.cpu.cores} cores; Node ${rec.meta.node}.)`,
      ].join('\n');
    },
  },
  {
    // docs/separations.md: each non-LPN instance measured: raw agreement against its theory,
    // the keys, and Eve (what she knows of Alice's raw bits, her key bits, keys she read).
    name: 'instances-measured',
    runs: ['lwe-toy', 'lwe-demo-256', 'lwe-128', 'gaussian-regression'].map((p) => `measure-${p}`),
    render() {
      type Rate = { p: number; ci: [number, number]; k?: number; n?: number };
      const pct = (x: number) => (100 * x).toFixed(2);
      const iv = (ci: [number, number]) => `[${pct(ci[0])}, ${pct(ci[1])}]`;
      const names = ['lwe-toy', 'lwe-demo-256', 'lwe-128', 'gaussian-regression'];
      if (names.some((p) => !isRecorded(`measure-${p}`))) return notRecorded(`measure-${names.find((p) => !isRecorded(`measure-${p}`))}`);
      const recs = names.map((p) => loadRun(`measure-${p}`));
      const rows = recs.map((rec, i) => {
        const d = rec.data as {
          sessions: number;
          raw: { agreement: number; ci: [number, number]; theory: number };
          key: { confirmedRate: number };
          eve: { raw: { vsAlice: Rate }; keyBitAgreement: number; keyBitCi: [number, number]; keyRecoveredRate: number };
        };
        const inside = d.raw.ci[0] <= d.raw.theory && d.raw.theory <= d.raw.ci[1];
        const keys = Math.round(d.key.confirmedRate * d.sessions);
        const read = Math.round(d.eve.keyRecoveredRate * d.sessions);
        return `| ${names[i]} | ${d.sessions} | ${pct(d.raw.agreement)} ${iv(d.raw.ci)} | ${pct(d.raw.theory)} ${inside ? '(inside)' : '(OUTSIDE)'} | ${keys}/${d.sessions} | ${pct(d.eve.raw.vsAlice.p)} ${iv(d.eve.raw.vsAlice.ci)} | ${pct(d.eve.keyBitAgreement)} ${iv(d.eve.keyBitCi)} | ${read}/${d.sessions} |`;
      });
      return [
        '| profile | sessions | raw agreement, % [99 %] | theory, % | keys confirmed | Eve = Alice on raw bits, % | Eve\'s key bits, % | keys Eve read |',
        '|---|---|---|---|---|---|---|---|',
        ...rows,
        '',
        `(\`sepka measure --protocol NAME --sessions 10 --seed 1 --json\`, recorded in docs/results/measure-NAME.json on ${machine(recs[0])}.)`,
      ].join('\n');
    },
  },
  {
    // docs/separations.md: lwe-128 beside FrodoKEM-640. The lwe-128 column is its recorded demo
    // and estimate; FrodoKEM-640's is cited (its specification and the FrodoKEM team's estimate).
    name: 'lwe-128-frodo',
    runs: ['demo-lwe-128', 'estimate-lwe-128'],
    render() {
      if (!isRecorded('demo-lwe-128')) return notRecorded('demo-lwe-128');
      const demo = loadRun('demo-lwe-128');
      const d = demo.data as {
        keyBits: number; rawBits: number; ms: number; confirmed: boolean; rawAgreement: number; rawAgreementTheory: number;
        eve: { keyBitAgreement: number }; wire: { total: { bytes: number }; byType: { type: string; bytes: number }[] };
      };
      const est = estimateOf('lwe-128').data as {
        params: { n: number; q: number; m: number; L: number; w: number; challenges: number; sigma: number };
        lwe: { level: Record<'matzov' | 'core-svp', { log2: number }> };
      };
      const p = est.params;
      const bytes = (type: string) => d.wire.byType.filter((t) => t.type === type).reduce((a, t) => a + t.bytes, 0);
      const n0 = (x: number) => x.toLocaleString('en-US');
      const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
      return [
        '| | lwe-128 | FrodoKEM-640 |',
        '|---|---|---|',
        `| n, q | ${p.n}, 2^${Math.log2(p.q)} | 640, 2^15 |`,
        `| χ | rounded Gaussian, σ = 2.8 (std ${p.sigma.toFixed(3)}) | 12-point table, σ = 2.8 |`,
        `| Alice publishes | A (seed), m = ${n0(p.m)} rows × L = ${p.L} columns of labels: ${n0(bytes('task'))} bytes | A (seed), B = AS + E, 640 × 8: 9,616 bytes |`,
        `| Bob sends | ${p.challenges} challenges x* = rᵀA (w = ${p.w} of ±1): ${n0(bytes('challenges'))} bytes | B' = S'A + E', V (8 × 8 entries): 9,720 bytes |`,
        `| raw bits | ${n0(d.rawBits)} (L = ${p.L} a challenge, one bit each), agreement ${pct(d.rawAgreement)} (theory ${pct(d.rawAgreementTheory)}), then LDPC | 64 entries × 2 bits, error-free with overwhelming probability |`,
        `| key | ${d.keyBits} bits after distillation, LDPC, privacy amplification${d.confirmed ? ', confirmed' : ', NOT confirmed'} | 128-bit shared secret (CCA) |`,
        `| all bytes on the wire | ${n0(d.wire.total.bytes)} | 19,336 |`,
        `| lattice cost (this model) | session key 2^${f1(est.lwe.level.matzov.log2)} (MATZOV, L and challenges counted), core-SVP 2^${f1(est.lwe.level['core-svp'].log2)} | core-SVP 2^138.5 (the FrodoKEM team's estimator run, m = 648; [cost-model.md](cost-model.md)) |`,
        '',
        `\`sepka demo --protocol lwe-128 --seed 1\` took ${(d.ms / 1000).toFixed(1)} s (three processes; Eve's key bits ${pct(d.eve.keyBitAgreement)}, chance being 50 %) and sent ${(d.wire.total.bytes / 19_336).toFixed(1)}× FrodoKEM-640's bytes. (Recorded in ${demo.run.file} on ${machine(demo)}.)`,
      ].join('\n');
    },
  },
  ...priceBlocks({ loadRun, machine, fence }),
  {
    name: 'smallbeta',
    runs: ['bench-smallbeta'],
    render() {
      const rec = loadRun('bench-smallbeta');
      const text = smallbeta.format(rec.data.smallbeta as SmallBetaRecord[]);
      return [fence(`$ npm run bench -- --only smallbeta\n${text}`), '', `(Recorded in ${rec.run.file} on ${machine(rec)}.)`].join('\n');
    },
  },
];
