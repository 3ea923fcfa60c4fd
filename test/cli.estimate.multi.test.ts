/**
 * `sepka estimate`'s multi-target section as printed (src/cli/estimate.ts formatMultiTarget):
 * the three figures, which one is the security level, each attack's parameters, memory and
 * targets, and the quantum figure labelled as quantum. Deterministic (no sampling).
 */
import { describe, expect, it } from 'vitest';
import { formatEstimate } from '../src/cli/estimate.ts';
import { estimateCosts, humanSeconds, paperLine, referenceTrialRate, smallestPaperLineN } from '../src/measure/estimate.ts';
import { log2Gauss } from '../src/cost/index.ts';
import { runCli } from './helpers/cli.ts';
import { estimateMultiTarget } from '../src/measure/estimateMulti.ts';

describe('estimate: the multi-target section', () => {
  it('prints one raw bit, one column or challenge, the whole key, the security level and a labelled quantum figure', () => {
    const params = { ...paperLine(256), L: 128, challenges: 1525 };
    const text = formatEstimate('n256', estimateCosts(params), smallestPaperLineN(128), estimateMultiTarget(params));
    for (const want of [/one raw bit +2\^/, /one column or challenge +2\^/, /whole session key +2\^/, /SECURITY LEVEL of the session key: 2\^/, /QUANTUM, not the classical level/, /bjmm .*p = \d+, ε = \d+, ℓ = \d+/, /may-ozerov/, /median weight/]) {
      expect(text).toMatch(want);
    }
    // and with their values: on the paper's line at n = 256 the level is 2^31.4 (primal MMT)
    expect(text).toMatch(/one column or challenge +2\^31\.4 bit ops \(primal mmt\)/);
    expect(text).toMatch(/SECURITY LEVEL of the session key: 2\^31\.4 bit operations/);
    // the single-target rows are still there, unchanged in form
    expect(text).toMatch(/route {3}algorithm {6}log2 trials {2}log2 bit ops {2}parameters/);
  });

  it('leads with the SECURITY LEVEL, says what it counts, and times that figure (not the single-target one)', async () => {
    for (const p of ['paper-128', 'demo-256']) {
      const r = await runCli(['estimate', '--protocol', p]);
      const j = JSON.parse((await runCli(['estimate', '--protocol', p, '--json'])).out);
      const lines = r.out.split('\n');
      // The first figure printed (after the title and p) is the level, and no other 2^ figure comes before it.
      const at = lines.findIndex((l) => l.includes('SECURITY LEVEL'));
      expect(at, r.out).toBeLessThanOrEqual(4);
      expect(lines.slice(0, at).join('\n')).not.toMatch(/2\^/);
      const level = j.multiTarget.securityLevel.log2BitOps;
      expect(lines[at]).toBe(`  SECURITY LEVEL of the session key: 2^${level.toFixed(1)} bit operations (${j.multiTarget.securityLevel.best})`);
      const counts = lines.slice(at + 1, at + 6).join(' ');
      expect(counts).toMatch(/what it counts: the classical bit operations/);
      expect(counts).toMatch(/multiple targets counted \(128 secret columns, \d+ challenges\)/);
      // The time table's row is the level's, at the same trial rates: bit ops ÷ n^2.8 ÷ rate.
      const row = lines.find((l) => l.startsWith('    security level '))!;
      const n = j.params.n;
      const want = [1, 1000].map((k) => humanSeconds(level - log2Gauss(n) - Math.log2(k * referenceTrialRate(n))));
      expect(row.split(/ {2,}/).slice(2)).toEqual(want);
      expect(j.multiTarget.securityLevel.time.map((t: { human: string }) => t.human)).toEqual(want);
      // … and not the single-target best attack's (2^4.6 and 2^23.3 dearer on these two profiles).
      expect(level).toBeLessThan(j.security.log2BitOps - 4);
      expect(row).not.toContain(j.security.time[0].human);
    }
  });
});
