/**
 * docs/profiles.md against the validator: the field table lists exactly the fields
 * src/protocol/profileFields.ts FIELDS checks, with the same required/optional status, default
 * and hashing, and every range it states is probed against the field's own check — both bounds
 * accepted, just past each rejected — so the document cannot drift from the code. The table of
 * `derive` figures names every figure derive() returns, and README links the document.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { derive, FIELDS, loadProfile, type Profile } from '../src/protocol/profile.ts';

const doc = readFileSync(new URL('../docs/profiles.md', import.meta.url), 'utf8');

/** The rows of the markdown table under the heading `title`, as trimmed cells. */
function table(title: string): string[][] {
  const section = doc.slice(doc.indexOf(`## ${title}`)).split(/\n## /)[0];
  return section
    .split('\n')
    .filter((l) => l.startsWith('| ') && !/^\| *-/.test(l) && !/^\| (field|figure) \|/.test(l))
    .map((l) => l.slice(1, -1).split(' | ').map((c) => c.trim()));
}

const rows = table('The fields');
const base = loadProfile('demo-256') as unknown as Record<string, unknown>;
const unq = (s: string) => s.replace(/^`|`$/g, '');
type Check = (typeof FIELDS)[keyof Profile]['check'];

/** Probe `check` with the values the range text says are the edges. */
function probe(field: string, check: Check, range: string): void {
  const ok = (v: unknown) => expect(check(v, base), `${field} = ${JSON.stringify(v)} should pass (${range})`).toBeUndefined();
  const no = (v: unknown) => expect(check(v, base), `${field} = ${JSON.stringify(v)} should fail (${range})`).toBeTypeOf('string');
  const sym = (t: string) => (/^-?[\d.]+$/.test(t) ? Number(t) : (base[t] as number));
  const auto = / or "auto"$/.test(range);
  const r = range.replace(/ or "auto"$/, '');
  let m: RegExpExecArray | null;
  if ((m = /^(integer|multiple of 8) in \[(\w+), (\w+)\]$/.exec(r))) {
    const [lo, hi] = [sym(m[2]), sym(m[3])];
    const step = m[1] === 'integer' ? 1 : 8;
    expect(Number.isFinite(lo) && Number.isFinite(hi), range).toBe(true);
    ok(lo);
    ok(hi);
    no(lo - step);
    no(hi + step);
    if (hi > lo) no(lo + (step === 1 ? 0.5 : 4));
  } else if ((m = /^number in ([[(])([\d.]+), ([\d.]+)([\])])$/.exec(r))) {
    const [lo, hi] = [Number(m[2]), Number(m[3])];
    (m[1] === '[' ? ok : no)(lo);
    (m[4] === ']' ? ok : no)(hi);
    ok((lo + hi) / 2);
    no(lo - 0.01);
    no(hi + 0.01);
  } else if (r === 'true or false') {
    ok(true);
    ok(false);
    no('yes');
  } else if ((m = /^one of (.*)$/.exec(r))) {
    for (const v of m[1].split(', ')) ok(JSON.parse(v));
    no('no-such-value');
  } else if ((m = /^string of 1–(\d+) characters$/.exec(r))) {
    ok('x');
    ok('x'.repeat(Number(m[1])));
    no('');
    no('x'.repeat(Number(m[1]) + 1));
  } else if (r === '`[a-z0-9-]{1,64}`') {
    ok('a');
    ok('a'.repeat(64));
    no('a'.repeat(65));
    no('Upper');
  } else throw new Error(`${field}: range '${range}' is in no form this test can probe`);
  // "auto" is a word like any other to the string fields; the numeric ones take it only when said
  if (auto) ok('auto');
  else if (/^(integer|multiple|number)/.test(r)) no('auto');
}

describe('docs/profiles.md matches the profile validator', () => {
  it('lists exactly the fields the validator checks', () => {
    expect(rows.map((r) => unq(r[0])).sort()).toEqual(Object.keys(FIELDS).sort());
  });
  it.each(rows.map((r) => [unq(r[0]), r] as const))('%s: required, default, hashing and range as the validator has them', (name, [, req, hashed, unit, range, meaning]) => {
    const spec = FIELDS[name as keyof Profile];
    expect(req.startsWith('yes')).toBe(!spec.optional);
    if (spec.optional && spec.absentMeans !== undefined) expect(req).toBe(`no (\`${JSON.stringify(spec.absentMeans)}\`)`);
    expect(hashed).toBe(spec.hashed ? 'yes' : 'no');
    expect(unit).not.toBe('');
    expect(meaning.length).toBeGreaterThan(10);
    probe(name, spec.check, range);
  });
  it("names every figure derive() computes", () => {
    const figures = table("What `derive` computes").map((r) => unq(r[0]));
    expect(figures.sort()).toEqual(Object.keys(derive(loadProfile('demo-256'))).sort());
  });
  it('README links it', () => {
    expect(readFileSync(new URL('../README.md', import.meta.url), 'utf8')).toContain('(docs/profiles.md)');
  });
});
