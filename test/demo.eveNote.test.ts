/**
 * The demo's one-line note on Eve's own fit (src/demo/report.ts demoFigures), by instance kind:
 * - gaussian-regression (her report's unimodalFit without `primal`): least squares read the key,
 *   no hardness;
 * - LWE (unimodalFit.primal, a lattice fit): the lattice routes that read the key — primal uSVP
 *   (secrets recovered), dual (challenges' r recovered), or both — at this small n, never "no
 *   hardness"; when the key is not read, why the primal route did not run;
 * - LPN (no unimodalFit): no note, as before.
 * Then `sepka demo --protocol lwe-toy` as a user runs it: three processes, Eve's primal route
 * reads the key, and the summary says so within 100 columns.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { demoFigures } from '../src/demo/report.ts';
import type { DemoOutcome } from '../src/demo/run.ts';
import { visibleWidth, WIDTH } from '../src/term.ts';
import { Procs } from './helpers/procs.ts';

/** A demo outcome whose only content is Eve's report (the parties' figures play no part in the note). */
const outcome = (eve: Record<string, unknown>): DemoOutcome => ({ eve, exits: {}, lastLines: {}, pids: [], ms: 0 });

const lweFit = (solved: number, primal: { ran: boolean; beta: number | null; notRun: string | null }) => ({
  name: solved > 0 ? 'usvp' : 'least-squares-mod-q',
  solved,
  ops: 0,
  note: '…',
  primal,
});

describe("demo's note on Eve's own fit", () => {
  it('gaussian-regression: least squares read the key, no hardness', () => {
    const f = demoFigures(outcome({ keyRecovered: true, unimodalFit: { name: 'least-squares', solved: 2, ops: 1, note: '…' } }), false);
    expect(f.eveNote).toBe('least-squares on the public (A, z) read the key: no hardness, no secret key');
  });

  it('LWE: the lattice route that read the key, at this small n; never "no hardness"', () => {
    const primal = demoFigures(outcome({ keyRecovered: true, unimodalFit: lweFit(2, { ran: true, beta: 4, notRun: null }) }), false);
    expect(primal.eveNote).toBe('her lattice route (primal uSVP) read the key at this small n; LWE is hard at large n');
    const dual = demoFigures(
      outcome({ keyRecovered: true, unimodalFit: lweFit(0, { ran: false, beta: null, notRun: 'off' }), challenges: { route: 'dual-lattice', attacked: 9, recovered: 9 } }),
      false,
    );
    expect(dual.eveNote).toBe('her lattice route (dual) read the key at this small n; LWE is hard at large n');
    const both = demoFigures(outcome({ keyRecovered: true, unimodalFit: lweFit(1, { ran: true, beta: 2, notRun: null }), challenges: { recovered: 3 } }), false);
    expect(both.eveNote).toMatch(/^her lattice route \(primal uSVP and dual\) read the key/);
    for (const f of [primal, dual, both]) expect(f.eveNote).not.toMatch(/no hardness/);
  });

  it('LWE, key not read: why her primal route did not run', () => {
    const f = demoFigures(outcome({ keyRecovered: false, unimodalFit: lweFit(0, { ran: false, beta: null, notRun: 'dimension' }) }), false);
    expect(f.eveNote).toBe("her lattice route did not reach the key; primal uSVP not run: beyond float64 Gram–Schmidt's dimension");
    const b = demoFigures(outcome({ keyRecovered: false, unimodalFit: lweFit(0, { ran: false, beta: null, notRun: 'budget' }) }), false);
    expect(b.eveNote).toBe("her lattice route did not reach the key; primal uSVP not run: LLL's projected time past her budget");
  });

  it('LPN: no note on a fit (she has none)', () => {
    expect(demoFigures(outcome({ keyRecovered: false }), false).eveNote).toBeUndefined();
  });
});

describe('sepka demo --protocol lwe-toy', () => {
  let procs: Procs | undefined;
  afterEach(async () => {
    if (procs) expect(await procs.cleanup(), 'processes left running after the demo').toEqual([]);
    procs = undefined;
  });

  it('her primal route reads the key; the note says so, within 100 columns', async () => {
    procs = new Procs();
    const r = await procs.cli(['demo', '--protocol', 'lwe-toy', '--seed', 'eve-note']).done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/key recovered: YES/);
    expect(r.stdout.replace(/\n {20}/g, ' ')).toMatch(/ {2}eve {15}her lattice route \(primal uSVP\) read the key at this small n; LWE is hard at large n/);
    expect(r.stdout).not.toMatch(/no hardness/);
    for (const l of r.stdout.trimEnd().split('\n')) expect(visibleWidth(l), l).toBeLessThanOrEqual(WIDTH);
  }, 60_000);
});
