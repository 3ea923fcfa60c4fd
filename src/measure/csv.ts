/**
 * CSV for sweep results (RFC 4180: comma-separated, CRLF line ends, fields quoted when they
 * hold a comma, quote or line break, quotes doubled). Nested records are flattened to dotted
 * column names; a [lo, hi] pair becomes `.lo` and `.hi`; a list of named objects (Eve's
 * learners, her stages) becomes one column group per name.
 */

export type Cell = string | number | boolean | null;

/** Flatten a record into dotted keys, in first-seen order. */
export function flatten(x: unknown, prefix = '', out: Record<string, Cell> = {}): Record<string, Cell> {
  if (x === undefined) return out;
  if (x === null || typeof x !== 'object') {
    out[prefix] = x as Cell;
    return out;
  }
  if (Array.isArray(x)) {
    if (x.length === 2 && x.every((v) => typeof v === 'number')) {
      out[`${prefix}.lo`] = x[0];
      out[`${prefix}.hi`] = x[1];
    } else if (x.every((v) => v !== null && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string')) {
      for (const v of x as { name: string }[]) {
        const { name, ...rest } = v;
        flatten(rest, `${prefix}.${name}`, out);
      }
    } else if (x.every((v) => v !== null && typeof v === 'object' && typeof (v as { stage?: unknown }).stage === 'string')) {
      for (const v of x as { stage: string }[]) {
        const { stage, ...rest } = v;
        flatten(rest, `${prefix}.${stage}`, out);
      }
    } else {
      out[prefix] = x.join(';');
    }
    return out;
  }
  for (const [k, v] of Object.entries(x)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

function field(c: Cell | undefined): string {
  if (c === undefined || c === null) return '';
  if (typeof c === 'number' && !Number.isFinite(c)) return Number.isNaN(c) ? 'NaN' : c > 0 ? 'Infinity' : '-Infinity';
  const s = String(c);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows of nested objects → CSV text; the columns are the union of keys, in first-seen order. */
export function toCsv(rows: readonly unknown[]): string {
  const flat = rows.map((r) => flatten(r));
  const cols: string[] = [];
  const seen = new Set<string>();
  for (const f of flat)
    for (const k of Object.keys(f))
      if (!seen.has(k)) {
        seen.add(k);
        cols.push(k);
      }
  const lines = [cols.map(field).join(',')];
  for (const f of flat) lines.push(cols.map((c) => field(f[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}
