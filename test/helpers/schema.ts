/**
 * Validation of sepka's JSON outputs against the published schemas (schemas/, JSON Schema
 * draft 2020-12), with ajv. Every test that parses a command's --json output
 * or a results.jsonl record passes it through `expectValid`, so the schemas and the outputs
 * cannot drift apart unnoticed.
 *
 * The message names the field and the schema file: an unknown field (the schemas forbid
 * undeclared fields) reads "measure --json: /amplification: unknown field 'foo': declare it in
 * schemas/measure.schema.json", so whoever adds an output field knows where to describe it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const DIR = new URL('../../schemas/', import.meta.url);
const BASE = 'https://sepka.invalid/schemas/';

/** The schema files, by name (file name without .schema.json). */
export const SCHEMA_FILES: Record<string, string> = Object.fromEntries(
  readdirSync(DIR)
    .filter((f) => f.endsWith('.schema.json'))
    .map((f) => [f.replace(/\.schema\.json$/, ''), f]),
);

export type SchemaName = 'bench' | 'demo' | 'alice' | 'bob' | 'eve' | 'eve-replay' | 'learn' | 'measure' | 'sweep' | 'estimate' | 'attack' | 'results-record' | 'report' | 'sweep-run' | 'measure-report';

let ajv: Ajv2020 | undefined;
/** Which file each schema object (every nested rule) comes from, to name it in messages. */
const home = new WeakMap<object, string>();

function index(x: unknown, file: string): void {
  if (x === null || typeof x !== 'object') return;
  home.set(x, file);
  for (const v of Object.values(x)) index(v, file);
}

function compiler(): Ajv2020 {
  if (ajv) return ajv;
  // verbose: each error carries the schema object that failed (parentSchema), found in `home`.
  ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true });
  // ajv-formats is CommonJS: its default export arrives as the module object under some loaders.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => Ajv2020;
  addFormats(ajv);
  for (const f of Object.values(SCHEMA_FILES)) {
    const schema = JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as object;
    index(schema, f);
    ajv.addSchema(schema);
  }
  return ajv;
}

export function validator(name: SchemaName): ValidateFunction {
  const file = SCHEMA_FILES[name];
  if (!file) throw new Error(`no schema schemas/${name}.schema.json`);
  const v = compiler().getSchema(BASE + file);
  if (!v) throw new Error(`schemas/${file} has no $id ${BASE + file}`);
  return v;
}

/** One line per error: the JSON pointer of the field, what is wrong, where to fix it. */
export function explain(name: SchemaName, errors: ErrorObject[]): string[] {
  const out = new Set<string>();
  for (const e of errors) {
    // The file that holds the failing rule: a shared definition's own file when ajv followed a $ref there.
    const file = `schemas/${(e.parentSchema && home.get(e.parentSchema)) ?? SCHEMA_FILES[name]}`;
    const at = e.instancePath || '(top level)';
    if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
      const p = e.params as { additionalProperty?: string; unevaluatedProperty?: string };
      out.add(`${at}: unknown field '${p.additionalProperty ?? p.unevaluatedProperty}': declare it in ${file} (with a description)`);
    }
    else if (e.keyword === 'required') out.add(`${at}: missing required field '${(e.params as { missingProperty: string }).missingProperty}' (${file})`);
    else if (e.keyword === 'if' || e.keyword === 'anyOf') continue; // the branch's own errors say it
    else out.add(`${at}: ${e.message} (${file}, ${e.schemaPath})`);
  }
  return [...out];
}

/** The errors of `json` against schemas/<name>.schema.json, one line each (empty when valid). */
export function schemaErrors(name: SchemaName, json: unknown): string[] {
  const v = validator(name);
  return v(json) ? [] : explain(name, v.errors ?? []);
}

/** Throws, listing every field that does not match, unless `json` validates. */
export function expectValid(name: SchemaName, json: unknown): void {
  const errs = schemaErrors(name, json);
  if (errs.length) throw new Error(`${name} output does not match its schema:\n  ${errs.slice(0, 20).join('\n  ')}`);
}
