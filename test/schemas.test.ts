/**
 * The published JSON Schemas (schemas/, draft 2020-12) against what the
 * commands print: every schema compiles under ajv's strict mode, every command that takes
 * --json has one, each command's --json output validates (one small run each), a sweep record
 * names its commit, Node version, CPU and seed (the acceptance line), and the schemas
 * are strict enough to catch a renamed, missing or retyped field.
 *
 * Most commands run in this process through the dispatcher (stdout captured, as in
 * cli.badInput.test.ts); demo and the three roles run as processes, as a user runs them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/dispatch.ts';
import { Procs } from './helpers/procs.ts';
import { expectValid, SCHEMA_FILES, schemaErrors, validator, type SchemaName } from './helpers/schema.ts';
import { csvColumns, csvColumnsDoc, DOC } from '../scripts/csvColumns.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'sepka-schemas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `sepka ...args` in this process: exit code and stdout. */
async function stdout(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  let code: number;
  try {
    code = await main(args);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  return { code, out };
}

/** `sepka ...args` in this process: exit code and the one JSON object on stdout. */
async function json(args: string[]): Promise<{ code: number; obj: Record<string, unknown> }> {
  const { code, out } = await stdout(args);
  const lines = out.trim().split('\n');
  expect(lines, `sepka ${args.join(' ')}: one line on stdout`).toHaveLength(1);
  return { code, obj: JSON.parse(lines[0]) as Record<string, unknown> };
}

const toy = ['--protocol', 'toy-insecure'];
const transcript = join(dir, 't.jsonl');
const truth = join(dir, 'truth.jsonl');

describe('schemas/', () => {
  it('every schema compiles under strict mode and has the $id of its file; every --json command has a schema', async () => {
    for (const [name, file] of Object.entries(SCHEMA_FILES)) {
      const s = JSON.parse(readFileSync(join(ROOT, 'schemas', file), 'utf8')) as { $schema: string; $id: string };
      expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(s.$id).toBe(`https://sepka.invalid/schemas/${file}`);
      if (name !== 'common') expect(typeof validator(name as SchemaName)).toBe('function');
    }
    // The commands `sepka --help` lists: each one whose usage offers --json needs its schema.
    const top = (await stdout(['--help'])).out;
    const commands = [...top.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]);
    expect(commands.length).toBeGreaterThanOrEqual(10);
    const withJson: string[] = [];
    for (const c of commands) {
      const usage = (await stdout([c, '--help'])).out;
      if (!usage.includes('--json')) continue;
      withJson.push(c);
      expect(SCHEMA_FILES[c], `schemas/${c}.schema.json for sepka ${c} --json`).toBeDefined();
    }
    // The check above must have run: the commands known to offer --json were among those seen.
    expect(withJson).toEqual(expect.arrayContaining(['learn', 'measure', 'estimate', 'attack', 'sweep', 'eve']));
    expect(SCHEMA_FILES['eve-replay']).toBeDefined();
    expect(SCHEMA_FILES['results-record']).toBeDefined();
  }, 60_000);

  it('learn, estimate, measure, eve --replay and attack: --json validates', async () => {
    const learn = await json(['learn', '--n', '16', '--test', '500', '--budget-ms', '200', '--seed', '1', '--json']);
    expect(learn.code).toBe(0);
    expectValid('learn', learn.obj);
    expect(learn.obj.meta).toMatchObject({ seed: '1', rng: 'seeded', paramsHash: null });

    const est = await json(['estimate', ...toy, '--json']);
    expectValid('estimate', est.obj);
    expect(est.obj.meta).toMatchObject({ seed: null, rng: 'none', paramsHash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const m = await json(['measure', ...toy, '--sessions', '1', '--eve-budget-ms', '0', '--seed', '1', '--save-transcript', transcript, '--save-truth', truth, '--json']);
    expect(m.code).toBe(0);
    expectValid('measure', m.obj);
    // The hash in meta is the one the transcript (and the peers at hello) carry.
    const header = JSON.parse(readFileSync(transcript, 'utf8').split('\n')[0]) as { paramsHash: string };
    expect((m.obj.meta as { paramsHash: string }).paramsHash).toBe(header.paramsHash);
    expect(est.obj.meta).toMatchObject({ paramsHash: header.paramsHash });

    const unseeded = await json(['measure', ...toy, '--sessions', '1', '--eve-budget-ms', '0', '--json']);
    expectValid('measure', unseeded.obj);
    expect(unseeded.obj.meta).toMatchObject({ seed: null, rng: 'unseeded' });

    // The amplification block (bit pairs, LDPC) is in the object only with those profiles.
    for (const protocol of ['demo-256-pairs', 'demo-256']) {
      const a = await json(['measure', '--protocol', protocol, '--sessions', '1', '--eve-budget-ms', '0', '--seed', '1', '--json']);
      expectValid('measure', a.obj);
      expect(a.obj.amplification, protocol).toBeDefined();
    }
    // LWE: her dual route against Bob's challenges (here refused: no budget) in eve.challenges.
    const lwe = await json(['measure', '--protocol', 'lwe-toy', '--sessions', '1', '--eve-budget-ms', '0', '--seed', '1', '--json']);
    expectValid('measure', lwe.obj);
    expect((lwe.obj.eve as { challenges?: { skipped: string[] } }).challenges?.skipped).toHaveLength(1);

    const rep = await json(['eve', '--replay', transcript, '--truth', truth, '--seed', '1', '--eve-budget-ms', '0', '--json']);
    expectValid('eve-replay', rep.obj);

    const att = await json(['attack', transcript, '--out', join(dir, 'att'), '--max-jobs', '2', '--workers', '0', '--json']);
    expect(att.code).toBe(0);
    expectValid('attack', att.obj);
  }, 180_000);

  it('sweep: the summary and every results.jsonl record validate; a record names the commit, Node, the CPU and the seed', async () => {
    const out = join(dir, 'sweep');
    const s = await json(['sweep', '--out', out, ...toy, '--parts', 'learn,estimate,measure', '--reps', '1', '--test', '200', '--learners', 'majority,pooled-gauss', '--sessions', '1', '--eve-budget-ms', '0', '--no-controls', '--workers', '0', '--seed', '9', '--json']);
    expect(s.code).toBe(0);
    expectValid('sweep', s.obj);
    const recs = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seed: string; meta: Record<string, unknown> });
    expect(recs).toHaveLength(1);
    for (const r of recs) expectValid('results-record', r);
    let head: string | null = null; // a copy of sepka outside git names no commit
    try {
      head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      head = null;
    }
    expect(recs[0].meta).toMatchObject({ commit: head, node: process.version, cpu: { model: cpus()[0].model.trim(), cores: cpus().length }, seed: recs[0].seed, rng: 'seeded' });

    // docs/csv-columns.md documents every column of the real results.csv (learner and stage groups by pattern).
    const documented = csvColumns().map((c) => new RegExp(`^${c.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<(name|stage)>/g, '[^.]+')}$`));
    const header = readFileSync(join(out, 'results.csv'), 'utf8').split('\r\n')[0].split(',').map((h) => h.replace(/^"|"$/g, ''));
    expect(header.length).toBeGreaterThan(100);
    expect(header.filter((h) => !documented.some((re) => re.test(h)))).toEqual([]);
  }, 180_000);

  it('demo, alice, bob and eve: --json validates', async () => {
    const procs = new Procs();
    try {
      const demo = procs.cli(['demo', ...toy, '--seed', '2', '--eve-budget-ms', '200', '--json']);
      const d = await demo.done;
      expect(d.code, d.stderr).toBe(0);
      const dj = JSON.parse(d.stdout) as Record<string, unknown>;
      expectValid('demo', dj);
      expect(dj).toMatchObject({ protocol: 'toy-insecure', seed: '2', rawAgreement: expect.any(Number) });

      const alice = procs.cli(['alice', '--listen', '127.0.0.1:0', ...toy, '--seed', '3', '--json']);
      const port = async (p: ReturnType<Procs['cli']>, role: string): Promise<number> => {
        let err = '';
        return new Promise((res, rej) => {
          p.proc.stderr!.on('data', (b) => {
            err += String(b);
            const m = new RegExp(`${role}: listening on ws://127\\.0\\.0\\.1:(\\d+)`).exec(err);
            if (m) res(Number(m[1]));
          });
          p.proc.on('close', () => rej(new Error(`${role} exited before listening: ${err}`)));
        });
      };
      const ap = await port(alice, 'alice');
      const eve = procs.cli(['eve', '--listen', '127.0.0.1:0', '--forward', `ws://127.0.0.1:${ap}`, ...toy, '--eve-budget-ms', '200', '--json']);
      const ep = await port(eve, 'eve');
      const bob = await procs.cli(['bob', '--connect', `ws://127.0.0.1:${ep}`, ...toy, '--seed', '3', '--json']).done;
      const [a, e] = [await alice.done, await eve.done];
      for (const [name, r] of [['alice', a], ['eve', e], ['bob', bob]] as const) {
        expect(r.code, `${name}: ${r.stderr}`).toBe(0);
        expectValid(name, JSON.parse(r.stdout));
      }
    } finally {
      await procs.cleanup();
    }
  }, 180_000);

  it('docs/csv-columns.md is the one scripts/csvColumns.ts generates from schemas/results-record.schema.json', () => {
    expect(readFileSync(DOC, 'utf8'), 'run npx tsx scripts/csvColumns.ts').toBe(csvColumnsDoc());
    // Every column has a meaning: the schema describes every field a record carries.
    expect(csvColumns().filter((c) => c.meaning.trim() === '')).toEqual([]);
  });

  it('are strict: a renamed, a missing, a retyped or an extra field fails, naming the field and the file', async () => {
    const { obj } = await json(['estimate', ...toy, '--json']);
    expect(schemaErrors('estimate', obj)).toEqual([]);
    const { pAgree, ...rest } = obj;
    const renamed = { ...rest, pAgreement: pAgree };
    expect(schemaErrors('estimate', renamed).sort()).toEqual([
      "(top level): missing required field 'pAgree' (schemas/estimate.schema.json)",
      "(top level): unknown field 'pAgreement': declare it in schemas/estimate.schema.json (with a description)",
    ]);
    const meta = obj.meta as Record<string, unknown>;
    expect(schemaErrors('estimate', { ...obj, meta: { ...meta, cpu: { model: 'x', cores: '2' } } })).toEqual([
      '/meta/cpu/cores: must be integer (schemas/common.schema.json, common.schema.json#/$defs/meta/properties/cpu/properties/cores/type)',
    ]);
    const { commit: _c, ...noCommit } = meta;
    // A shared definition's error names the file it is defined in.
    expect(schemaErrors('estimate', { ...obj, meta: noCommit })).toEqual(["/meta: missing required field 'commit' (schemas/common.schema.json)"]);
    // Nested objects are closed too, and so is an object composed from a shared definition.
    const attacks = obj.attacks as Record<string, unknown>[];
    expect(schemaErrors('estimate', { ...obj, attacks: [{ ...attacks[0], extra: 1 }, ...attacks.slice(1)] })).toEqual([
      "/attacks/0: unknown field 'extra': declare it in schemas/estimate.schema.json (with a description)",
    ]);
  }, 60_000);
});
