/**
 * `sepka measure` with failing sessions (src/cli/measure.ts): failures are measured data — the
 * report flags them under the title and lists each with its step, the JSON counts them, and
 * the exit status stays 0 (DESIGN.md §6: exit 1 is for a single protocol run that failed).
 */
import { describe, expect, it } from 'vitest';
import { failedSessions, formatMeasure } from '../src/cli/measure.ts';
import { runMeasure } from '../src/measure/measure.ts';
import { loadProfile } from '../src/protocol/profile.ts';

describe('sepka measure with failed sessions', () => {
  // 40 challenges instead of ~5000: too few raw bits for any key, so every session aborts.
  const profile = { ...loadProfile('toy-insecure'), challenges: 40 };
  const report = runMeasure({ profile, sessions: 2, eveBudgetMs: 10, seed: 'fail' });

  it('counts and lists them, and puts the count right under the title', () => {
    expect(failedSessions(report)).toBe(2);
    expect(report.key.failures).toHaveLength(2);
    for (const f of report.key.failures) expect(f).toMatch(/^session \d: (alice|bob) at \w+: /);
    const lines = formatMeasure(report).split('\n');
    expect(lines[3]).toMatch(/^FAILED SESSIONS 2\/2: no key output/); // under the two title lines
    expect(lines).toContain('failed sessions (2/2, no key output):');
  });

  it('prints nothing extra when every session succeeds', () => {
    const ok = runMeasure({ profile: loadProfile('toy-insecure'), sessions: 1, eveBudgetMs: 10, seed: 'ok' });
    expect(failedSessions(ok)).toBe(0);
    expect(formatMeasure(ok)).not.toMatch(/FAILED SESSIONS|failed sessions/);
  });
});
