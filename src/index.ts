/**
 * sepka as a library (DESIGN.md §5 `examples/`): the package's one entry,
 * `import … from 'sepka'` (package.json "exports": dist/index.js, compiled by `npm run build`, with
 * its types). The subpaths 'sepka/separation', 'sepka/cost' and 'sepka/gf2' are the three
 * modules below on their own.
 *
 * What the reduction is made of, each from its own module:
 * - the separation interface and its low-noise LPN instance (src/separation/);
 * - the learners: A_μ, Eve's unimodal learners and attacks, and the interface a learner of
 *   one's own implements (src/learners/types.ts UnimodalLearner);
 * - the in-process session: Alice and Bob as state machines, Eve's tap, the in-memory channel,
 *   and `runMeasure`, the engine of `sepka measure` (a learner of one's own goes in its
 *   `learners` option and comes out in report.eve.learners);
 * - the cost model (src/cost/), as the namespace `cost`; the GF(2) core as `gf2`;
 * - profiles, seeded and secure randomness, and the error type every boundary check throws.
 *
 * examples/ownLearner.ts is a worked example.
 */

// The separation: what the reduction needs from one, and low-noise LPN.
export * from './separation/index.ts';

// Learners: the interface, the registry of Eve's unimodal learners, and each learner.
export type { BimodalView, Budget, FitResult, UnimodalLearner, UnimodalView } from './learners/types.ts';
export { LEARNER_NAMES, UNIMODAL_LEARNERS, learnerByName, refusal } from './learners/registry.ts';
export { fitAmu } from './learners/amu.ts';
export { majority } from './learners/majority.ts';
export { bruteForce } from './learners/bruteForce.ts';
export { pooledGauss, PooledGaussTrial } from './learners/pooledGauss.ts';
export { bkw } from './learners/bkw.ts';
export { logreg } from './learners/logreg.ts';
export { DualPrange, dualPrange, type DualPrangeResult } from './learners/dualPrange.ts';
export { DualStern, type DualSternResult } from './learners/dualStern.ts';
export { linear, type Hypothesis } from './task/risk.ts';
export { freshExamples, sampleExamples, sampleSecret, taskParams, type BimodalSample, type TaskParams } from './task/bimodal.ts';

// The in-process session and its measurement.
export { createAlice, type AliceOptions, type AliceParty } from './protocol/alice.ts';
export { createBob, type BobOptions, type BobParty } from './protocol/bob.ts';
export { runInMemorySession, type ChannelOptions, type InMemoryResult } from './protocol/channel.ts';
export { createEve, DEFAULT_EVE_BUDGET_MS, type Eve, type EveOptions } from './eve/eve.ts';
// Scoring Eve in-process needs the honest parties' truth: `eve.report(truthFromInspect(alice.inspect(), bob.inspect()))`.
export { truthFromInspect, type EveTruth } from './eve/truth.ts';
export type { EveReport } from './eve/report.ts';
export { runMeasure, type LearnerSummary, type MeasureOptions, type MeasureReport } from './measure/measure.ts';
export type { ClusteredRate, Rate } from './measure/rates.ts';

// The cost model and the GF(2) core, as namespaces (their names are many and short).
export * as cost from './cost/index.ts';
export * as gf2 from './gf2/index.ts';

// Profiles, randomness, errors.
export { derive, listProfiles, loadProfile, validateProfile, withOverrides, type Overrides, type Profile } from './protocol/profile.ts';
export { fork, makeRng, secureRng, seededRng, type Rng } from './rng.ts';
export { isSepkaError, SepkaError, type SepkaErrorCode } from './errors.ts';
