/**
 * The layout's import rules (scripts/layers.ts) hold on src/: no upward import, no import
 * between sibling layers (the protocol imports no learner, Eve or measurement code; the cost
 * model, beside gf2/, imports only stats.ts and errors.ts), no cycle.
 * The checker itself is tested on a small tree that breaks each rule once.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLayers } from '../scripts/layers.ts';

describe('import layers', () => {
  it('src/ has no upward import, no sibling import and no cycle', () => {
    const r = checkLayers(fileURLToPath(new URL('../src/', import.meta.url)));
    expect(r.files).toBeGreaterThan(90);
    expect(r.violations).toEqual([]);
    expect(r.cycles).toEqual([]);
  });

  it('the checker finds an upward import, a sibling import and a cycle', () => {
    const src = mkdtempSync(path.join(tmpdir(), 'sepka-layers-'));
    const put = (f: string, body: string) => {
      mkdirSync(path.dirname(path.join(src, f)), { recursive: true });
      writeFileSync(path.join(src, f), body);
    };
    put('gf2/a.ts', "import { b } from './b.ts';\nexport const a = 1;\n");
    put('gf2/b.ts', "import { a } from './a.ts';\nexport const b = 2;\n");
    put('protocol/p.ts', "import { l } from '../learners/l.ts';\nexport const p = l;\n");
    put('learners/l.ts', "export const l = 3;\n");
    put('task/t.ts', "import type { E } from '../eve/e.ts';\nexport const t = 0;\n");
    put('eve/e.ts', "export type E = number;\n");
    put('cost/c.ts', "import { a } from '../gf2/a.ts';\nexport const c = a;\n");
    put('gf2/late.ts', "export const late = async () => (await import('../task/t.ts')).t;\n");
    const r = checkLayers(src);
    expect(r.violations).toHaveLength(4);
    expect(r.violations.join('\n')).toMatch(/gf2\/late\.ts → task\/t\.ts/);
    expect(r.violations.join('\n')).toMatch(/cost\/c\.ts → gf2\/a\.ts: cost \(layer 1\) imports gf2 \(layer 1\)/);
    expect(r.violations.join('\n')).toMatch(/protocol\/p\.ts → learners\/l\.ts: protocol \(layer 4\) imports learners \(layer 4\)/);
    expect(r.violations.join('\n')).toMatch(/task\/t\.ts → eve\/e\.ts/);
    expect(r.cycles).toEqual([['gf2/a.ts', 'gf2/b.ts', 'gf2/a.ts']]);
  });
});
