/**
 * The sweep's controls (DESIGN.md §4): a figure of "Eve ≈ 50%" proves nothing unless the same
 * pipeline shows Eve winning when she should. Every sweep therefore also runs, as ordinary
 * resumable points marked `control`:
 *
 * - insecure: a toy profile (protocols/*.json with `insecure: true`) at the sweep's seed and
 *   budget (at least 4 s); Eve must recover s in at least half the learning instances and the
 *   whole key in at least half of the sessions that confirmed one.
 * - oracle: Eve is handed s; she must then match every one of Alice's raw bits and recover the
 *   key of every session that confirmed one, which checks her following of distillation,
 *   reconciliation and amplification.
 */
import { loadAllProfiles } from '../../protocol/profile.ts';
import { isLpn, separationNameOf } from '../../separation/index.ts';
import type { PointSpec } from './grid.ts';
import type { ControlResult } from '../report.ts';
import type { SweepRecord } from './record.ts';

const CONTROL_MIN_BUDGET_MS = 4000;

/**
 * The first insecure LPN profile shipped (`dir`: another profile directory, for tests), or null
 * when there is none. A profile file that does not load is skipped with one line on stderr:
 * it breaks the commands that name it, not every sweep's choice of control.
 */
export function insecureProfile(dir?: URL, separation = 'lpn'): string | null {
  const { profiles, skipped } = loadAllProfiles(dir);
  if (skipped.length) process.stderr.write(`sepka: skipping ${skipped.length} profile(s) that do not load: ${skipped.map((s) => s.reason).join('; ')}\n`);
  // An LPN toy: the controls check the LPN measurement pipeline (the natural control,
  // gaussian-regression, is insecure too, but for want of hardness, not of size).
  if (separation === 'lpn') return profiles.find((p) => p.insecure && isLpn(p))?.name ?? null;
  // On another instance its smallest insecure profile (lwe-toy, not the demonstration-grade
  // lwe-demo-256, which is marked insecure but is beyond Eve's reach): the same checks of its own pipeline.
  const own = profiles.filter((p) => p.insecure && separationNameOf(p) === separation).sort((a, b) => a.n - b.n);
  return own[0]?.name ?? null;
}

/** Control points for a grid whose first point is `like` (seed, budget and sessions are reused). */
export function controlPoints(like: PointSpec, separation = 'lpn'): PointSpec[] {
  // The toy profile falls to Eve in well under a second per instance on average; a floor of 4 s
  // keeps an unlucky instance (the trial count is geometric) from failing the control.
  const base: PointSpec = {
    ...like,
    n: null,
    w: null,
    ell: null,
    L: null,
    learners: null,
    sessions: Math.max(3, like.sessions),
    eveBudgetMs: Math.max(CONTROL_MIN_BUDGET_MS, like.eveBudgetMs),
    eveBudgetTrials: null,
    control: null,
  };
  // The learn part's own budget, when the sweep sets one, gets the same floor.
  if (base.learnBudgetMs !== undefined) base.learnBudgetMs = Math.max(CONTROL_MIN_BUDGET_MS, base.learnBudgetMs);
  const out: PointSpec[] = [];
  const toy = insecureProfile(undefined, separation);
  if (toy) out.push({ ...base, protocol: toy, parts: ['learn', 'measure'], control: 'insecure' });
  // Sessions on the toy profile sometimes end without a key (too few bits survive), so the
  // oracle gets a few more of them to judge.
  // The oracle runs on the LPN toy whatever the grid's instance: only LPN's inspect() hands Eve
  // Alice's ŝ (the LWE and regression instances expose none), and it checks the shared pipeline.
  const lpnToy = separation === 'lpn' ? toy : insecureProfile();
  out.push({ ...base, protocol: lpnToy ?? like.protocol, sessions: Math.max(5, like.sessions), parts: ['measure'], control: 'oracle' });
  return out;
}

/** Judge the control records among `recs`. */
export function judgeControls(recs: SweepRecord[]): ControlResult[] {
  const out: ControlResult[] = [];
  for (const r of recs) {
    if (r.spec.control === 'insecure') {
      const learn = r.learn?.eve.anyRecovered;
      const key = r.measure?.eve.keyRecovered;
      // Eve must win most of the time: s in at least half the instances and the key in at least
      // half the sessions that produced one. Not always: her trial count is geometric and the
      // noise count varies per instance, so an unlucky instance can outlast any fixed budget.
      // On the secure sizes of a sweep the same learners recover s in none.
      const made = r.measure?.key.confirmed.k ?? 0;
      const passed = !!learn && learn.n > 0 && 2 * learn.k >= learn.n && !!key && made > 0 && 2 * key.k >= made;
      out.push({
        name: `insecure profile (${r.spec.protocol}, n = ${r.params.n})`,
        expectation: 'Eve recovers s in at least half the learning instances and the whole key in at least half the confirmed sessions',
        passed,
        detail:
          `s recovered in ${learn ? `${learn.k}/${learn.n}` : '–'} instances (best: ${r.learn?.eve.best ?? 'none'}); ` +
          `key recovered in ${key ? key.k : '–'} of ${r.measure?.key.confirmed.k ?? '–'} confirmed sessions (of ${key?.n ?? '–'})`,
      });
    } else if (r.spec.control === 'oracle') {
      const key = r.measure?.eve.keyRecovered;
      const raw = r.measure?.eve.stages.find((s) => s.stage === 'raw (vs Alice)');
      // Only sessions that ended with a confirmed key have a key to recover.
      const made = r.measure?.key.confirmed.k ?? 0;
      const passed = !!key && made > 0 && key.k === made && !!raw && raw.n > 0 && raw.k === raw.n;
      out.push({
        name: `oracle Eve (${r.spec.protocol}, n = ${r.params.n})`,
        expectation: "Eve, handed s, matches every one of Alice's raw bits and recovers the key of every confirmed session",
        passed,
        detail:
          `key recovered in ${key ? key.k : '–'} of ${made} confirmed sessions (of ${key?.n ?? '–'}); ` +
          `agreement with Alice's raw bits ${raw ? `${raw.k}/${raw.n}` : '–'}`,
      });
    }
  }
  return out;
}
