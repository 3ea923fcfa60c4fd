/**
 * `sepka estimate`'s multi-target section as printed (src/cli/estimate.ts formatMultiTarget):
 * the three figures, which one is the security level, each attack's parameters, memory and
 * targets, and the quantum figure labelled as quantum. Deterministic (no sampling).
 */
import { describe, expect, it } from 'vitest';
import { formatEstimate } from '../src/cli/estimate.ts';
import { estimateCosts, paperLine, smallestPaperLineN } from '../src/measure/estimate.ts';
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
});
