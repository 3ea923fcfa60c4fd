/**
 * A session that fails still reports what its parties had computed (as before the role
 * states were typed): a transition that fails after computing a figure hands it to the failed
 * party's inspection and statistics, so `measure` sums the same leak and the same p̂ for failed
 * sessions. Seeded in-memory sessions on the small fixture profile, with one frame rewritten.
 */
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, limitsOf } from '../src/protocol/messages/index.ts';
import { derive } from '../src/protocol/profile.ts';
import { session, SMALL } from './helpers/protocol.ts';

const lim = limitsOf(SMALL);

describe('figures of a failed session', () => {
  it('ℓ = 0 at distillation: Alice still reports her sample and p̂', () => {
    // Bob's revealed estimate bits, all flipped: Alice measures p̂ = 1 − p < 1/2, no ℓ gives a key.
    const r = session(SMALL, 11, {
      tamper: (_dir, f) => {
        const m = decodeMessage(f, lim);
        return m.type === 'estimate' ? encodeMessage({ ...m, bits: m.bits.map((b) => b ^ 1) }, lim) : f;
      },
    });
    expect(r.alice.ok).toBe(false);
    expect(r.alice.ok ? '' : `${r.alice.code}@${r.alice.step}`).toBe('SEPKA_ERR_TOO_FEW_BITS@distill');
    const a = r.alice_.inspect();
    const { sampleBits } = derive(SMALL);
    expect(a.sample?.length).toBe(sampleBits);
    expect(a.pHat).toBeGreaterThan(0.3);
    expect(a.pHat).toBeLessThan(0.5);
    expect(a.stats.sampleBits).toBe(sampleBits);
    expect(a.stats.pHat).toBe(a.pHat);
  });

  it('a parity query that would disclose the whole string: the leak counts that query', () => {
    let N = 0;
    const r = session(SMALL, 12, {
      tamper: (_dir, f) => {
        const m = decodeMessage(f, lim);
        if (m.type === 'kept') N = m.kept.reduce((s, k) => s + k, 0);
        // Bob's first query replaced by N one-bit ranges: Alice must refuse it, and count it.
        if (m.type === 'recon-query' && N > 0) return encodeMessage({ ...m, ranges: Array.from({ length: N }, (_, i) => ({ pass: 0, lo: i, hi: i + 1 })) }, lim);
        return f;
      },
    });
    expect(r.alice.ok ? '' : `${r.alice.code}@${r.alice.step}`).toBe('SEPKA_ERR_TOO_FEW_BITS@reconcile');
    const a = r.alice_.inspect();
    expect(a.keptString?.length).toBe(N);
    expect(a.stats.cascadeParities).toBe(N);
    expect(a.stats.reconRounds).toBe(1);
    expect(a.leakedBits).toBe(N);
  });
});
