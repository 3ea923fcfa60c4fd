/**
 * The sweep's controls (DESIGN.md §4): a figure of "Eve ≈ 50%" proves nothing unless the same
 * pipeline shows Eve winning when she should. Every sweep therefore also runs, as ordinary
 * resumable points marked `control`:
 *
 * - insecure: a toy profile (protocols/*.json with `insecure: true`) at the sweep's seed and
 *   budget; Eve must recover s in the learning experiment and the final key in the sessions.
 * - oracle: Eve is handed s; she must then match Alice's raw bits and the final key in every
 *   session, which checks her following of distillation, reconciliation and amplification.
 */
import { listProfiles, loadProfile } from '../protocol/profile.ts';
import type { PointSpec } from './grid.ts';
import type { ControlResult } from './report.ts';
import type { SweepRecord } from './sweep-record.ts';

/** The first insecure profile shipped, or null when there is none. */
export function insecureProfile(): string | null {
  for (const name of listProfiles()) if (loadProfile(name).insecure) return name;
  return null;
}

/** Control points for a grid whose first point is `like` (seed, budget and sessions are reused). */
export function controlPoints(like: PointSpec): PointSpec[] {
  const base: PointSpec = { ...like, n: null, w: null, ell: null, L: null, learners: null, control: null };
  const out: PointSpec[] = [];
  const toy = insecureProfile();
  if (toy) out.push({ ...base, protocol: toy, parts: ['learn', 'measure'], control: 'insecure' });
  out.push({ ...base, protocol: toy ?? like.protocol, parts: ['measure'], control: 'oracle' });
  return out;
}

/** Judge the control records among `recs`. */
export function judgeControls(recs: SweepRecord[]): ControlResult[] {
  const out: ControlResult[] = [];
  for (const r of recs) {
    if (r.spec.control === 'insecure') {
      const learn = r.learn?.eve.anyRecovered;
      const key = r.measure?.eve.keyRecovered;
      const passed = !!learn && learn.k === learn.n && (!key || key.k === key.n);
      out.push({
        name: `insecure profile (${r.spec.protocol}, n = ${r.params.n})`,
        expectation: 'Eve recovers s in every learning instance and the key in every session',
        passed,
        detail:
          `s recovered in ${learn ? `${learn.k}/${learn.n}` : '–'} instances (best: ${r.learn?.eve.best ?? 'none'}); ` +
          `key recovered in ${key ? `${key.k}/${key.n}` : '–'} sessions`,
      });
    } else if (r.spec.control === 'oracle') {
      const key = r.measure?.eve.keyRecovered;
      const raw = r.measure?.eve.stages.find((s) => s.stage === 'raw');
      const passed = !!key && key.n > 0 && key.k === key.n;
      out.push({
        name: `oracle Eve (${r.spec.protocol}, n = ${r.params.n})`,
        expectation: "Eve, handed s, matches Alice's raw bits as Bob does and recovers the key in every session",
        passed,
        detail: `key recovered in ${key ? `${key.k}/${key.n}` : '–'} sessions; raw-bit agreement ${raw ? raw.agreement.toFixed(3) : '–'}`,
      });
    }
  }
  return out;
}
