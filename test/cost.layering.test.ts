/**
 * src/cost/ is a leaf (DESIGN.md §5): it imports only src/stats.ts, src/errors.ts and its own
 * modules; and the layers beneath the measurement code (learners, protocol, eve) import nothing
 * from src/measure/ — the cost formulas they need come from src/cost/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
const imports = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gms)].map((m) => m[1]);

describe('cost model layering', () => {
  it('src/cost/ imports only its siblings, stats.ts and errors.ts', () => {
    const cost = files(join(SRC, 'cost'));
    expect(cost.length).toBeGreaterThan(0);
    for (const f of cost) {
      for (const spec of imports(f)) {
        expect(/^\.\/[A-Za-z]+\.ts$|^\.\.\/(stats|errors)\.ts$/.test(spec), `${relative(SRC, f)} imports ${spec}`).toBe(true);
      }
    }
  });

  it('learners/, protocol/ and eve/ import nothing from measure/', () => {
    for (const dir of ['learners', 'protocol', 'eve']) {
      for (const f of files(join(SRC, dir))) {
        for (const spec of imports(f)) expect(spec.includes('/measure/'), `${relative(SRC, f)} imports ${spec}`).toBe(false);
      }
    }
  });
});
