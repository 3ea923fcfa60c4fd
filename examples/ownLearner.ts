/**
 * A unimodal learner of one's own, run as Eve through `sepka measure` (DESIGN.md §5 examples/),
 * using only the library entry (`import … from 'sepka'`, src/index.ts).
 *
 * The learner: k-nearest neighbours in Hamming distance (Cover & Hart 1967). To label a
 * challenge x it takes the majority label z_i of the k training rows a_i closest to x. It is
 * the textbook "similar inputs, similar labels" learner, and it is what a unimodal learner
 * without the secret's structure looks like: a parity ⟨x, s⟩ flips whenever x moves by one bit
 * inside supp(s), so nearness says nothing about the label, and its raw-bit advantage should sit
 * at 0 (the measure report's 99% interval contains it) while pooled Gauss, beside it, breaks
 * the toy profile.
 *
 *   npx tsx examples/ownLearner.ts [--protocol NAME|FILE] [--sessions K] [--seed S] [--json]
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { gf2, runMeasure, type FitResult, type MeasureReport, type UnimodalLearner, type UnimodalView } from 'sepka';

/** k odd, so that a vote is never tied. */
export function nearestNeighbours(k = 11): UnimodalLearner {
  const name = `knn-${k}`;
  return {
    name,
    fit(view: UnimodalView): FitResult {
      const t0 = performance.now();
      const { A, z } = view;
      const kk = Math.min(k, A.rows);
      const dist = new Int32Array(A.rows);
      const h = (x: Uint32Array): 0 | 1 => {
        for (let i = 0; i < A.rows; i++) {
          const a = gf2.row(A, i);
          let d = 0;
          for (let t = 0; t < A.stride; t++) d += gf2.popcount32(a[t] ^ x[t]);
          dist[i] = d;
        }
        // Rows by distance (ties by index, so a seeded run repeats); m is a few thousand at most.
        const order = Array.from(dist.keys()).sort((i, j) => dist[i] - dist[j] || i - j);
        let ones = 0;
        for (let t = 0; t < kk; t++) ones += gf2.getBit(z, order[t]);
        return 2 * ones > kk ? 1 : 0;
      };
      return {
        name,
        h,
        accepted: false, // it outputs no candidate secret
        trials: 1,
        budgetExhausted: false,
        ms: performance.now() - t0,
        limit: 'model', // a vote of neighbours cannot express a parity
        note: `majority label of the ${kk} nearest of ${A.rows} rows`,
      };
    },
  };
}

export interface ExampleOptions {
  protocol?: string;
  sessions?: number;
  seed?: string;
  eveBudgetMs?: number;
}

/** `sepka measure` with the learner above plugged into Eve. */
export function runExample(o: ExampleOptions = {}): MeasureReport {
  return runMeasure({
    profile: o.protocol ?? 'toy-insecure',
    sessions: o.sessions ?? 4,
    seed: o.seed ?? '1',
    eveBudgetMs: o.eveBudgetMs ?? 500,
    learners: [nearestNeighbours(11)],
  });
}

const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;

function main(): void {
  const { values } = parseArgs({
    options: { protocol: { type: 'string' }, sessions: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } },
  });
  const rep = runExample({ protocol: values.protocol, sessions: values.sessions ? Number(values.sessions) : undefined, seed: values.seed });
  if (values.json) {
    process.stdout.write(JSON.stringify(rep) + '\n');
    return;
  }
  const lines = [`${rep.sessions} sessions of ${rep.protocol} (n = ${rep.params.n}), Eve budget ${rep.eveBudgetMs} ms/session; her learners on column 0:`];
  for (const l of rep.eve.learners)
    lines.push(`  ${l.name.padEnd(13)} ${l.route.padEnd(6)} vs ${l.target.padEnd(5)} advantage ${signed(l.rawAdvantage)} [${signed(l.ci[0])}, ${signed(l.ci[1])}]`);
  lines.push(`whole key recovered in ${rep.eve.keysRecovered}/${rep.sessions} sessions (by her attacks, not by the neighbours)`);
  process.stdout.write(lines.join('\n') + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
