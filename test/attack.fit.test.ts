/**
 * `sepka attack` on the instances that bring their own unimodal fit (src/attack/fit.ts), run as
 * real processes. A recorded gaussian-regression session has no hardness, so the attack is
 * Eve's one least-squares fit on the public (A, Z), followed through the amplification to a
 * key that is checked against Alice's recorded confirmation tag:
 * - the key is recovered, passes the tag, and equals Alice's key in the truth file (which the
 *   attack never reads); the report says there is no hardness and gives the fit's operation
 *   count, leastSquaresOps(m, n, L); --json validates; DIR/attack.jsonl is a campaign header
 *   and one record; without --resume or --force an existing file is refused (exit 2, one
 *   line), --resume reports the stored record without running again, --force runs again;
 *   LPN-only options (--workers, --routes) are named unused in one line; every human line
 *   within 100 columns;
 * - with Alice's confirmation tag altered in the transcript, the same guess fails the check:
 *   no key is claimed.
 * On LWE the attack is Eve's lattice route within a budget:
 * - lwe-toy: uSVP recovers every secret and the key, equal to Alice's in the truth file, and
 *   the report gives the block size β her secrets needed; with a 1 ms budget (below LLL's
 *   projected time) the route does not run, and the report says so (budget) with the cost
 *   model's price of a column;
 * - lwe-demo-256: its embedding is beyond what she reduces, so the route does not run, no key
 *   is claimed (her guess fails the tag), and the report gives the cost model's price of the
 *   key, the same figure `sepka estimate` gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordMeasure } from './helpers/recorded.ts';
import { sepkaProcess } from './helpers/cli.ts';
import { expectValid, schemaErrors } from './helpers/schema.ts';
import { readTranscript, readTruth, writeSession } from '../src/net/transcript.ts';
import { decodeMessage, limitsOf } from '../src/protocol/messages/index.ts';
import { loadProfile } from '../src/protocol/profile.ts';
import { leastSquaresOps } from '../src/cost/leastSquares.ts';
import { visibleWidth, WIDTH } from '../src/term.ts';
import { runCli } from './helpers/cli.ts';
import { MAX_EMBED_DIM } from '../src/separation/lweEve.ts';

const dir = mkdtempSync(join(tmpdir(), 'sepka-attack-fit-'));
let transcript = '';
let aliceKey = '';
beforeAll(() => {
  mkdirSync(join(dir, 'gr'));
  const r = recordMeasure(join(dir, 'gr'), 'gaussian-regression', 'attack-natural');
  transcript = r.transcript;
  const t = readTruth([r.truth]).get(0);
  expect(t?.key, 'the recorded session agreed on a key').toBeDefined();
  aliceKey = Buffer.from(t!.key!).toString('hex');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const P = loadProfile('gaussian-regression');

function fits(text: string): void {
  for (const l of text.trimEnd().split('\n')) expect(visibleWidth(l), l).toBeLessThanOrEqual(WIDTH);
}

describe('sepka attack on gaussian-regression', () => {
  it('least squares reads the key, which passes Alice\'s tag; the campaign file resumes and restarts', async () => {
    const out = join(dir, 'camp');
    const j = await sepkaProcess(['attack', transcript, '--out', out, '--json']);
    expect(j.code, j.err).toBe(0);
    const r = JSON.parse(j.out);
    expectValid('attack', r);
    expect(r).toMatchObject({ protocol: 'gaussian-regression', separation: 'gaussian-regression', hardness: 'none', stopped: 'key', jobs: { total: 1, thisRun: 1, resumed: 0 } });
    expect(r.key).toEqual({ recovered: true, key: aliceKey, checkedAgainstTag: true });
    expect(r.followed).toEqual({ step: 'done', verifyMatched: true });
    expect(r.attack).toMatchObject({ name: 'least-squares', solved: P.L, columns: P.L, ops: leastSquaresOps(P.m, P.n, P.L) });
    expect(r.attack.log2Ops).toBeCloseTo(Math.log2(leastSquaresOps(P.m, P.n, P.L)), 9);
    expect(r.meta).toMatchObject({ seed: '1', paramsHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const lines = readFileSync(join(out, 'attack.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ t: 'campaign', format: 'sepka-attack', v: 1, campaign: r.campaign, attack: 'fit', session: 0, seed: '1' });
    expect(lines[1]).toMatchObject({ t: 'job', id: 'fit', recovered: true, key: aliceKey });

    const again = await runCli(['attack', transcript, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.err.trim().split('\n')).toHaveLength(1);
    expect(again.err).toMatch(/exists: pass --resume .* or --force/);

    // --resume: the stored outcome, not run again; the LPN-only options named unused.
    const h = await sepkaProcess(['attack', transcript, '--out', out, '--resume', '--workers', '2', '--routes', 'dual']);
    expect(h.code, h.err).toBe(0);
    expect(h.err.trim().split('\n')).toEqual([expect.stringMatching(/^attack: gaussian-regression has no campaign .*--routes, --workers unused/)]);
    const flat = h.out.replace(/\n {4,}/g, ' '); // a wrapped line continues indented
    expect(flat).toMatch(/hardness +NONE: .* the attack is polynomial/);
    expect(flat).toMatch(new RegExp(`cost +2\\^${r.attack.log2Ops.toFixed(1)} = [\\d,]+ multiply-adds`));
    expect(flat).toContain(`RECOVERED: ${aliceKey} — matches Alice's recorded confirmation tag`);
    expect(flat).toMatch(/jobs +1 \(resumed from the campaign file\)/);
    fits(h.out);
    expect(readFileSync(join(out, 'attack.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);

    const f = await runCli(['attack', transcript, '--out', out, '--force', '--json']);
    expect(f.code, f.err).toBe(0);
    expect(JSON.parse(f.out)).toMatchObject({ campaign: r.campaign, jobs: { thisRun: 1, resumed: 0 }, key: { recovered: true, key: aliceKey } });
  }, 60_000);

  it('with Alice\'s confirmation tag altered, her key guess fails the check and no key is claimed', async () => {
    const [s] = readTranscript(transcript);
    const lim = limitsOf(s.profile);
    const at = s.frames.findIndex((f) => f.dir === 'alice->bob' && decodeMessage(f.frame, lim).type === 'confirm');
    expect(at).toBeGreaterThan(0);
    const frame = s.frames[at].frame.slice();
    frame[frame.length - 1] ^= 1; // the tag's last byte
    const before = decodeMessage(s.frames[at].frame, lim);
    const after = decodeMessage(frame, lim);
    expect(after.type).toBe('confirm');
    expect(after).not.toEqual(before);
    const tampered = join(dir, 'tampered.jsonl');
    writeSession(tampered, { ...s, frames: s.frames.map((f, i) => (i === at ? { ...f, frame } : f)) });

    const j = await sepkaProcess(['attack', tampered, '--out', join(dir, 'camp-tampered'), '--json']);
    expect(j.code, j.err).toBe(0);
    const r = JSON.parse(j.out);
    expectValid('attack', r);
    // Everything before the tag is as recorded: her reconciled string still passes the
    // verification tag; only the final check fails.
    expect(r.followed).toEqual({ step: 'done', verifyMatched: true });
    expect(r.key).toEqual({ recovered: false, key: null, checkedAgainstTag: true });
    expect(r.stopped).toBe('exhausted');
    const h = await sepkaProcess(['attack', tampered, '--out', join(dir, 'camp-tampered'), '--resume']);
    expect(h.code, h.err).toBe(0);
    expect(h.out.replace(/\n {4,}/g, ' ')).toMatch(/session key +not recovered: her key guess fails Alice's recorded confirmation tag \(no key claimed\)/);
    expect(h.out).not.toContain(aliceKey);
    fits(h.out);
  }, 60_000);
});

/** A recorded session of `protocol` and Alice's key from its truth file. */
function recorded(protocol: string, seed: string): { transcript: string; key: string | null } {
  const d = join(dir, protocol);
  mkdirSync(d);
  const r = recordMeasure(d, protocol, seed);
  const t = readTruth([r.truth]).get(0);
  return { transcript: r.transcript, key: t?.key ? Buffer.from(t.key).toString('hex') : null };
}

describe('sepka attack on LWE', () => {
  it('lwe-toy: her uSVP route recovers every secret and the key, which passes Alice\'s tag', async () => {
    const { transcript: t, key } = recorded('lwe-toy', 'attack-lwe-toy');
    expect(key, 'the recorded session agreed on a key').not.toBeNull();
    const j = await sepkaProcess(['attack', t, '--out', join(dir, 'lwe-toy', 'camp'), '--eve-budget-ms', '30000', '--json']);
    expect(j.code, j.err).toBe(0);
    const r = JSON.parse(j.out);
    expectValid('attack', r);
    const p = loadProfile('lwe-toy');
    expect(r).toMatchObject({ separation: 'lwe', hardness: 'lattice', stopped: 'key', attack: { name: 'usvp', solved: p.L } });
    expect(r.lattice).toMatchObject({ budgetMs: 30000, embedDim: 41, maxEmbedDim: MAX_EMBED_DIM, primalRan: true, primalNotRun: null, secretsRecovered: p.L });
    // The block size her secrets needed: LLL alone (2) or one of her BKZ schedule's 4, 6, …, 12.
    expect([2, 4, 6, 8, 10, 12]).toContain(r.lattice.primalBeta);
    expect(r.attack.note).toContain(r.lattice.primalBeta === 2 ? 'by LLL alone' : `by BKZ-${r.lattice.primalBeta}`);
    expect(r.key).toEqual({ recovered: true, key, checkedAgainstTag: true });
    const h = await sepkaProcess(['attack', t, '--out', join(dir, 'lwe-toy', 'camp'), '--eve-budget-ms', '30000', '--resume']);
    expect(h.code, h.err).toBe(0);
    expect(h.out.replace(/\n {4,}/g, ' ')).toMatch(new RegExp(`lattice +uSVP embedding of dimension 41 .*: ${p.L} of ${p.L} secrets s_j recovered; β reached ${r.lattice.primalBeta}`));
    fits(h.out);

    // A budget below LLL's projected time in dimension 41 (LLL cannot stop early): the route does
    // not run, the report says so with the projection and the cost model's price, no key.
    const b = await sepkaProcess(['attack', t, '--out', join(dir, 'lwe-toy', 'camp-1ms'), '--eve-budget-ms', '1', '--json']);
    expect(b.code, b.err).toBe(0);
    const rb = JSON.parse(b.out);
    expectValid('attack', rb);
    expect(rb.lattice).toMatchObject({ budgetMs: 1, embedDim: 41, primalRan: false, primalNotRun: 'budget', primalBeta: null, secretsRecovered: 0 });
    expect(rb.lattice.lllProjectedMs).toBeGreaterThan(1);
    expect(rb.key).toMatchObject({ recovered: false, key: null });
    const hb = await sepkaProcess(['attack', t, '--out', join(dir, 'lwe-toy', 'camp-1ms'), '--eve-budget-ms', '1', '--resume']);
    expect(hb.code, hb.err).toBe(0);
    const c = rb.lattice.model.columnUsvp;
    expect(hb.out.replace(/\n {4,}/g, ' ')).toMatch(
      new RegExp(`lattice +primal uSVP NOT RUN: LLL in dimension 41 projected at \\d+ ms, more than her 1 ms budget had left \\(LLL cannot stop early\\); the cost model prices a column at 2\\^${c.log2.toFixed(1)} \\(β = ${c.beta}, d = ${c.d}\\)`),
    );
    fits(hb.out);
    // The schema ties the shapes: the lattice block exactly on LWE, no campaign fields on a fit.
    const { lattice, ...noLattice } = r;
    expect(schemaErrors('attack', noLattice).length).toBeGreaterThan(0);
    expect(schemaErrors('attack', { ...r, hardness: 'none' }).length).toBeGreaterThan(0);
    expect(schemaErrors('attack', { ...r, routes: ['dual'] }).length).toBeGreaterThan(0);
    expect(lattice).toBeDefined();
  }, 120_000);

  it('lwe-demo-256: beyond what she reduces, nothing is claimed and the cost model prices the key', async () => {
    const { transcript: t, key } = recorded('lwe-demo-256', 'attack-lwe-demo');
    const out = join(dir, 'lwe-demo-256', 'camp');
    const j = await sepkaProcess(['attack', t, '--out', out, '--eve-budget-ms', '2000', '--json']);
    expect(j.code, j.err).toBe(0);
    const r = JSON.parse(j.out);
    expectValid('attack', r);
    expect(r.lattice).toMatchObject({ primalRan: false, primalNotRun: 'dimension', primalBeta: null, secretsRecovered: 0, maxEmbedDim: MAX_EMBED_DIM });
    expect(r.lattice.embedDim).toBeGreaterThan(MAX_EMBED_DIM);
    expect(r.key).toEqual({ recovered: false, key: null, checkedAgainstTag: true });
    const est = await runCli(['estimate', '--protocol', 'lwe-demo-256', '--json']);
    expect(est.code, est.err).toBe(0);
    const level = JSON.parse(est.out).lwe.securityLevel;
    expect(r.lattice.model).toMatchObject({ keyLog2: level.log2, keyRoute: level.route });
    const h = await sepkaProcess(['attack', t, '--out', out, '--eve-budget-ms', '2000', '--resume']);
    expect(h.code, h.err).toBe(0);
    const flat = h.out.replace(/\n {4,}/g, ' ');
    expect(flat).toMatch(new RegExp(`lattice +primal uSVP NOT RUN: its embedding has dimension ${r.lattice.embedDim} > ${MAX_EMBED_DIM}, float64 Gram–Schmidt's limit; the cost model prices a column at`));
    expect(flat).toMatch(new RegExp(`cost model +session key 2\\^${level.log2.toFixed(1)} \\(MATZOV, cheapest ${level.route}`));
    expect(flat).toMatch(/session key +not recovered: .*\(no key claimed\)/);
    if (key) expect(h.out).not.toContain(key);
    fits(h.out);
  }, 60_000);
});
