/**
 * The import rules of the layout (docs/architecture.md, DESIGN.md §5), checked on the source:
 * every relative import in src/ must point to a lower layer or stay in its own folder, no two
 * folders of the same layer import each other (learners/ and protocol/ are siblings, so the
 * protocol imports no learner; cost/ and gf2/ are siblings, so the cost model is a leaf over
 * stats.ts and errors.ts), and the file graph has no cycle.
 *
 * `npx tsx scripts/layers.ts` prints the violations and exits 1 if there is any; the test
 * suite runs the same check (test/layers.test.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Layer of each top-level unit of src/, lowest first; equal numbers are siblings. */
export const LAYERS: Record<string, number> = {
  // Which tree runs (dist/ or src/) and how its processes and threads start: under everything.
  'runtime.ts': -1,
  'errors.ts': 0,
  'stats.ts': 0,
  'rng.ts': 0,
  'text.ts': 0,
  'meta.ts': 0,
  'term.ts': 0,
  'suggest.ts': 0,
  // cost/ beside gf2/: a leaf that needs nothing but stats.ts and errors.ts.
  gf2: 1,
  cost: 1,
  // lattice reduction: a leaf over stats.ts and rng.ts, beside the cost model.
  lattice: 1,
  task: 2,
  separation: 3,
  learners: 4,
  protocol: 4,
  eve: 5,
  net: 6,
  measure: 7,
  demo: 7,
  attack: 7,
  // The live page of `demo --web`: over demo/ and measure/, under the cli.
  web: 7.5,
  cli: 8,
  'index.ts': 9,
};

// Static imports and re-exports, side-effect imports, and dynamic import('…') (a real code dependency,
// loaded late). A `new URL('…', import.meta.url)` that names a file to spawn or to load in a worker
// is not an import: src/demo/lifecycle.ts starts src/cli/main.ts as a child process.
const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|(?:^|\n)\s*import\s+['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|mjs)$/.test(e)) out.push(p);
  }
  return out;
}

/** Top-level unit of a path relative to src/ (its folder, or the file itself at the root). */
const unitOf = (rel: string): string => rel.split(path.sep)[0];

export interface LayerReport {
  files: number;
  imports: number;
  violations: string[];
  cycles: string[][];
}

export function checkLayers(srcDir: string): LayerReport {
  const files = walk(srcDir);
  const graph = new Map<string, string[]>();
  const violations: string[] = [];
  let imports = 0;
  for (const f of files) {
    const from = path.relative(srcDir, f);
    const deps: string[] = [];
    for (const m of readFileSync(f, 'utf8').matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const to = path.relative(srcDir, path.resolve(path.dirname(f), spec));
      if (to.startsWith('..')) continue; // outside src/ (package.json, protocols/): not a layer
      imports++;
      deps.push(to);
      const [a, b] = [unitOf(from), unitOf(to)];
      if (a === b) continue;
      const [la, lb] = [LAYERS[a], LAYERS[b]];
      if (la === undefined || lb === undefined) violations.push(`${from} → ${to}: ${la === undefined ? a : b} has no layer in scripts/layers.ts`);
      else if (lb >= la) violations.push(`${from} → ${to}: ${a} (layer ${la}) imports ${b} (layer ${lb})`);
    }
    graph.set(from, deps);
  }
  return { files: files.length, imports, violations, cycles: findCycles(graph) };
}

/** Every cycle found by a depth-first search (one per back edge), as file paths. */
function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (v: string): void => {
    state.set(v, 1);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (state.get(w) === 1) cycles.push([...stack.slice(stack.indexOf(w)), w]);
      else if (!state.has(w)) visit(w);
    }
    stack.pop();
    state.set(v, 2);
  };
  for (const v of graph.keys()) if (!state.has(v)) visit(v);
  return cycles;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const r = checkLayers(fileURLToPath(new URL('../src/', import.meta.url)));
  for (const v of r.violations) console.log(`upward import: ${v}`);
  for (const c of r.cycles) console.log(`cycle: ${c.join(' → ')}`);
  console.log(`${r.files} files, ${r.imports} imports inside src/: ${r.violations.length} upward imports, ${r.cycles.length} cycles`);
  process.exit(r.violations.length || r.cycles.length ? 1 : 0);
}
