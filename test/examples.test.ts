/**
 * examples/ownLearner.ts: a learner of one's own, plugged in through the
 * library entry (package.json "exports", here its "sepka-source" condition → src/index.ts), shows
 * up in the measure report's eve.learners beside Eve's baselines, with its raw-bit advantage and
 * interval. Run as a user would, `examples/ownLearner.ts --json`, so the package's
 * self-reference is exercised too (test/package.test.ts imports the compiled entry).
 *
 * k-nearest neighbours cannot express a parity, so its advantage must be at chance: the 99%
 * interval contains 0 (and is narrow enough for that to say something). A learner that leaked
 * the secret, or a report that mixed it up with pooled Gauss, would fail this.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { loaderArgs } from '../src/runtime.ts';
import { expectValid } from './helpers/schema.ts';

describe('examples/ownLearner.ts', () => {
  it('runs knn-11 as one of Eve\'s learners on toy-insecure, at chance', () => {
    const r = spawnSync(process.execPath, [...loaderArgs(), '--conditions=sepka-source', 'examples/ownLearner.ts', '--sessions', '3', '--seed', '1', '--json'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout);
    expectValid('measure-report', rep); // the library's report, as runMeasure returns it
    expect(rep.protocol).toBe('toy-insecure');
    expect(rep.sessions).toBe(3);
    const names = rep.eve.learners.map((l: { name: string }) => l.name);
    expect(names).toContain('knn-11');
    expect(names).toContain('majority'); // beside her own baselines, not instead of them
    const knn = rep.eve.learners.find((l: { name: string }) => l.name === 'knn-11');
    expect(knn.route).toBe('primal');
    expect(knn.target).toBe('alice');
    expect(typeof knn.rawAdvantage).toBe('number');
    expect(knn.ci).toHaveLength(2);
    expect(knn.raw.n).toBeGreaterThan(10_000); // every raw bit of column 0 was scored
    expect(knn.ci[0]).toBeLessThanOrEqual(0);
    expect(knn.ci[1]).toBeGreaterThanOrEqual(0);
    expect(knn.ci[1] - knn.ci[0]).toBeLessThan(0.1);
  });
});
