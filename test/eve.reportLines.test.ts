/**
 * Eve's printed report (src/demo/roleEve.ts reportLines): in the three-terminal
 * mode (no truth) it says what she judged from the transcript and names once what she could
 * not, with no rows of "n/a" and no contradiction between "key recovered" and the confirmation
 * tag; scored against the truth it gives every stage as a rate. Within 100 columns either way.
 * Deterministic: an Eve with no budget (she learns nothing) and the oracle Eve (handed s).
 */
import { describe, expect, it } from 'vitest';
import { createAlice } from '../src/protocol/alice.ts';
import { createBob } from '../src/protocol/bob.ts';
import { createEve } from '../src/eve/eve.ts';
import { truthFromInspect } from '../src/eve/truth.ts';
import { loadProfile } from '../src/protocol/profile.ts';
import { runInMemorySession } from '../src/protocol/channel.ts';
import { seededRng } from '../src/rng.ts';
import { reportLines } from '../src/demo/roleEve.ts';
import { visibleWidth, WIDTH } from '../src/term.ts';

function run(oracle: boolean) {
  const p = loadProfile('toy-insecure');
  const alice = createAlice(p, { rng: seededRng('rl', 'alice') });
  const bob = createBob(p, { rng: seededRng('rl', 'bob') });
  const eve = createEve(p, { rng: seededRng('rl', 'eve'), budgetMs: 0, oracleSecrets: oracle ? () => alice.inspect().sHat : undefined });
  const res = runInMemorySession(alice, bob, eve);
  expect(res.alice.ok && res.bob.ok).toBe(true);
  return { alone: reportLines(eve.report()), scored: reportLines(eve.report(truthFromInspect(alice.inspect(), bob.inspect()))) };
}

const fits = (lines: string[]) => {
  for (const l of lines) expect(visibleWidth(l), l).toBeLessThanOrEqual(WIDTH);
};

describe("Eve's report lines", () => {
  it('transcript only, Eve without a budget: her key guess fails the tag, so "not recovered" — said once, no n/a', () => {
    const { alone, scored } = run(false);
    const text = alone.join('\n');
    expect(text).not.toMatch(/n\/a/);
    expect(text).toMatch(/whole key +not recovered: her key guess fails Alice's confirmation tag/);
    expect(text).not.toMatch(/RECOVERED/);
    expect(text).toMatch(/not judged: her bit-by-bit agreement/);
    expect(text).not.toMatch(/Pr\[her guess is right\]/);
    expect(text).toMatch(/secrets +0 of 32 columns accepted by her own tests\n/);
    fits(alone);
    // scored: the stages as rates, the verdict from the true key agreeing with the tag
    const s = scored.join('\n');
    expect(s).toMatch(/whole key +not recovered \(by the true key; her guess fails Alice's confirmation tag\)/);
    expect(s).toMatch(/raw vs Alice's +\d+\.\d\d% \[\d+\.\d\d%, \d+\.\d\d%\] of \d+ bits/);
    expect(s).not.toMatch(/not judged|n\/a/);
    fits(scored);
  });
  it('transcript only, the oracle Eve: her guess passes the tag, so RECOVERED, without the truth', () => {
    const { alone, scored } = run(true);
    expect(alone.join('\n')).toMatch(/whole key +RECOVERED: her key guess passes Alice's confirmation tag/);
    expect(alone.join('\n')).toMatch(/verification tag +her reconciled string MATCHES it/);
    const s = scored.join('\n');
    expect(s).toMatch(/raw vs Alice's +100\.00% /);
    expect(s).toMatch(/key bits +100\.00% /);
    fits(alone);
    fits(scored);
  });
});
