/**
 * docs/csv-columns.md from schemas/results-record.schema.json: the columns of
 * a sweep's results.csv, their types and meanings, generated from the same schema the tests
 * validate every results.jsonl record against, so the two cannot disagree.
 *
 * The columns follow src/measure/csv.ts `flatten`, which this mirrors on the schema: nested
 * objects become dotted names; a [lo, hi] interval becomes `.lo` and `.hi`; a list of objects
 * named by `name` (Eve's learners) or `stage` (her stages) becomes one column group per entry;
 * any other list is one column, its items joined by ';'.
 *
 *   npx tsx scripts/csvColumns.ts            rewrite docs/csv-columns.md
 *   npx tsx scripts/csvColumns.ts --check    exit 1 if the file is not current (the test does the same)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMAS = path.join(ROOT, 'schemas');
export const DOC = path.join(ROOT, 'docs', 'csv-columns.md');

interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  prefixItems?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
}

export interface Column {
  name: string;
  type: string;
  meaning: string;
}

const files = new Map<string, Schema & { $defs?: Record<string, Schema> }>();
function file(name: string): Schema & { $defs?: Record<string, Schema> } {
  if (!files.has(name)) files.set(name, JSON.parse(readFileSync(path.join(SCHEMAS, name), 'utf8')) as Schema);
  return files.get(name)!;
}

/** Follow a $ref (relative to `base`, a schema file name) to its schema and file. */
function deref(s: Schema, base: string): { s: Schema; base: string } {
  while (s.$ref) {
    const [f, ptr] = s.$ref.split('#');
    const target = f || base;
    let x: unknown = file(target);
    for (const part of (ptr ?? '').split('/').filter(Boolean)) x = (x as Record<string, unknown>)[part];
    // A description beside the $ref describes this use of it: keep it over the target's.
    s = { ...(x as Schema), ...(s.description ? { description: s.description } : {}), $ref: (x as Schema).$ref };
    base = target;
  }
  return { s, base };
}

const isInterval = (s: Schema) => s.type === 'array' && s.prefixItems?.length === 2;

/** The schema without its null alternative, and whether null is allowed. */
function nonNull(s: Schema, base: string): { s: Schema; base: string; nullable: boolean } {
  const r = deref(s, base);
  if (r.s.anyOf) {
    const alts = r.s.anyOf.filter((a) => a.type !== 'null');
    const nullable = alts.length < r.s.anyOf.length;
    if (alts.length === 1) {
      const inner = deref(alts[0], r.base);
      return { s: { ...inner.s, description: r.s.description ?? inner.s.description }, base: inner.base, nullable };
    }
    return { ...r, nullable };
  }
  const types = Array.isArray(r.s.type) ? r.s.type : [r.s.type];
  return { ...r, nullable: types.includes('null') };
}

function typeOf(s: Schema, base: string): string {
  const { s: t, nullable } = nonNull(s, base);
  let name: string;
  if (t.const !== undefined) name = JSON.stringify(t.const);
  else if (t.enum) name = t.enum.map((v) => JSON.stringify(v)).join(' | ');
  else if (t.anyOf) name = t.anyOf.filter((a) => a.type !== 'null').map((a) => typeOf(a, base)).join(' | ');
  else {
    const ts = (Array.isArray(t.type) ? t.type : [t.type]).filter((x) => x && x !== 'null');
    name = ts.join(' | ') || 'any';
  }
  return nullable ? `${name} or empty` : name;
}

const join = (a: string | undefined, b: string | undefined) => [a, b].filter(Boolean).join(': ');

/** The shared definitions whose fields mean something only with the use they are put to. */
const GENERIC = /#\/\$defs\/(rate|clusteredRate|estimate|eveStage)$/;

/**
 * `context` is the meaning of the enclosing use of a shared definition (a rate, an estimate, an
 * interval): its own fields (k, n, p, ci) only make sense with it, so their meaning starts with it.
 */
function walk(s: Schema, base: string, prefix: string, context: string | undefined, out: Column[]): void {
  const { s: t, base: b, nullable } = nonNull(s, base);
  const meaning = join(context, t.description);
  const obj = t.type === 'object' || (Array.isArray(t.type) && t.type.includes('object'));
  if (obj && t.properties) {
    // A part that did not run is null: flatten writes one empty column under its own name.
    if (nullable && prefix) out.push({ name: prefix, type: 'empty', meaning: `${meaning} (this column appears, empty, only when the object is null)` });
    const ref = s.$ref ?? s.anyOf?.find((a) => a.$ref)?.$ref ?? '';
    const shared = GENERIC.test(ref);
    for (const [k, c] of Object.entries(t.properties)) walk(c, b, prefix ? `${prefix}.${k}` : k, shared ? meaning : undefined, out);
    return;
  }
  if (isInterval(t)) {
    // No interval (null): flatten writes one empty column under the interval's own name.
    if (nullable) out.push({ name: prefix, type: 'empty', meaning: `${meaning} (this column appears, empty, only when there is no interval)` });
    out.push({ name: `${prefix}.lo`, type: 'number', meaning: join(meaning, 'lower end') });
    out.push({ name: `${prefix}.hi`, type: 'number', meaning: join(meaning, 'upper end') });
    return;
  }
  const types = Array.isArray(t.type) ? t.type : [t.type];
  if (types.includes('array') && t.items) {
    const it = deref(t.items, b);
    const key = it.s.properties?.name ? 'name' : it.s.properties?.stage ? 'stage' : undefined;
    if (key && it.s.properties) {
      for (const [k, c] of Object.entries(it.s.properties)) if (k !== key) walk(c, it.base, `${prefix}.<${key}>.${k}`, undefined, out);
      return;
    }
    out.push({ name: prefix, type: `list of ${typeOf(t.items, b)}, joined by ';'`, meaning });
    return;
  }
  out.push({ name: prefix, type: typeOf(s, base), meaning });
}

export function csvColumns(): Column[] {
  const out: Column[] = [];
  walk(file('results-record.schema.json'), 'results-record.schema.json', '', undefined, out);
  return out;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function csvColumnsDoc(): string {
  const cols = csvColumns();
  return [
    '# results.csv columns',
    '',
    '<!-- Generated by `npx tsx scripts/csvColumns.ts` from schemas/results-record.schema.json; do not edit by hand. -->',
    '',
    "A sweep's `results.csv` (RFC 4180, CRLF line ends) has one row per line of `results.jsonl`, each record",
    'flattened by src/measure/csv.ts: nested fields become dotted names; a `[lo, hi]` interval becomes',
    '`.lo` and `.hi`; a list of learners (or of stages) becomes one column group per learner `<name>`',
    "(or `<stage>`), e.g. `measure.eve.learners.pooled-gauss.rawAdvantage`; other lists are one column, items joined by `;`.",
    'The columns are the union over the rows, in first-seen order; a field a row does not have is empty.',
    'Numbers that are not finite are written `NaN`, `Infinity`, `-Infinity`. Intervals are 99%.',
    `The types and meanings below are those of [schemas/results-record.schema.json](../schemas/results-record.schema.json) (${cols.length} columns before the per-learner and per-stage groups are expanded).`,
    '',
    '| column | type | meaning |',
    '|---|---|---|',
    ...cols.map((c) => `| \`${cell(c.name)}\` | ${cell(c.type)} | ${cell(c.meaning)} |`),
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const doc = csvColumnsDoc();
  if (process.argv.includes('--check')) {
    let cur = '';
    try {
      cur = readFileSync(DOC, 'utf8');
    } catch {
      // missing: not current
    }
    if (cur !== doc) {
      console.log('docs/csv-columns.md is not current: run npx tsx scripts/csvColumns.ts');
      process.exit(1);
    }
    console.log('docs/csv-columns.md is current');
  } else {
    writeFileSync(DOC, doc);
    console.log(`wrote ${path.relative(ROOT, DOC)} (${csvColumns().length} columns)`);
  }
}
