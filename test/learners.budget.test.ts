/**
 * Learners keep to their budget on a large profile (measured: on paper-128 logreg's setup — a
 * 67 MB feature matrix — took ≈ 0.7 s of a 37 ms share, and Eve then had no time left for a
 * single attack trial). Setup counts against the time: logreg encodes its samples and BKW
 * reduces its rows in chunks, looking at the clock between chunks.
 *
 * The assertions are on each learner's own deterministic work measure (samples encoded, rows
 * reduced): with a budget of 0 ms none is done, and with a small budget far less than the full
 * setup — which the code before the fix always did. Wall time is checked only with a generous
 * margin (budget + 1 s; the old logreg setup alone took 0.7 s on a quiet machine and ≈ 5 s
 * under load). Eve's whole session on paper-128 is in test/slow/eve.paper128.slow.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { bkw, BKW_CHUNK } from '../src/learners/bkw.ts';
import { logreg, LOGREG_CHUNK } from '../src/learners/logreg.ts';
import { majority } from '../src/learners/majority.ts';
import { loadProfile } from '../src/protocol/profile.ts';
import { randomBytes, seededRng } from '../src/rng.ts';
import { expandMatrix } from '../src/task/expand.ts';
import type { UnimodalView } from '../src/learners/types.ts';

describe('learner budgets on paper-128 (n = 7168, m = 28,672)', () => {
  const p = loadProfile('paper-128');
  const rng = seededRng('budget', 'view');
  const A = expandMatrix(randomBytes(rng, 32), p.m, p.n);
  const z = new Uint32Array(Math.ceil(p.m / 32)).map(() => rng.u32());
  const view: UnimodalView = { params: { n: p.n, theta: p.theta, m: p.m }, A, z };
  // logreg's feature cap: 2^26 bytes of ±1 features, 9362 samples at n = 7168.
  const logregRows = Math.floor(2 ** 26 / p.n);

  it('with 0 ms, logreg encodes no sample and BKW reduces no row; both say so', () => {
    const lr = logreg.fit(view, { ms: 0 }, seededRng('budget', 'logreg'));
    expect(lr.details!.samplesEncoded).toBe(0);
    expect(lr.details!.steps).toBe(0);
    expect(lr.trials).toBe(0);
    expect(lr.note).toMatch(/budget spent before the first samples were encoded/);
    expect(lr.ms).toBeLessThan(1000);
    const bk = bkw.fit(view, { ms: 0 }, seededRng('budget', 'bkw'));
    expect(bk.details!.rowsReduced).toBe(0);
    expect(bk.trials).toBe(0);
    expect(bk.budgetExhausted).toBe(true);
    expect(bk.ms).toBeLessThan(1000);
    expect(majority.fit(view, { ms: 0 }, seededRng('budget', 'majority')).ms).toBeLessThan(1000);
  });

  it('with a 30 ms share, logreg stops its setup early and returns within the share plus a chunk (generous 1 s margin)', () => {
    const budget = 30;
    const lr = logreg.fit(view, { ms: budget }, seededRng('budget', 'logreg'));
    const encoded = lr.details!.samplesEncoded as number;
    // Whole chunks only, and far from all 9362 rows (the full setup is ≈ 20× the share even on a quiet machine).
    expect(encoded % LOGREG_CHUNK === 0 || encoded === logregRows).toBe(true);
    expect(encoded).toBeLessThan(logregRows);
    expect(lr.trials).toBe(0); // not one epoch: an epoch over the encoded rows would not fit either
    expect(lr.ms).toBeLessThan(budget + 1000);
    // BKW: one reduction pass is m = 28,672 rows (≈ 6.4 M words); it looks at the clock every
    // BKW_CHUNK rows, so it stops inside a pass, not only between passes.
    const bk = bkw.fit(view, { ms: budget }, seededRng('budget', 'bkw'));
    expect(bk.budgetExhausted).toBe(true);
    expect(bk.ms).toBeLessThan(budget + 1000);
    expect(BKW_CHUNK).toBeLessThan(p.m / 16);
  });
});
