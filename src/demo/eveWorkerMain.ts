/**
 * The body of Eve's analysis thread (started by eveWorker.ts). It owns one EveTap per session
 * (src/eve/eve.ts, DESIGN.md §4), feeds it the forwarded frames in wire order, pushes her
 * running figures to the main thread at most every `progressMs`, and answers `end` with her
 * report. Nothing here touches the network.
 *
 * Messages in: begin {session} | frame {dir, frame} | end {truth?}.
 * Messages out: progress {progress} | report {report} | error {message}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadProfile } from '../protocol/profile.ts';
import { makeRng } from '../rng.ts';
import { createEve } from '../eve/eve.ts';
import type { WorkerIn, WorkerOut } from './eveWorker.ts';

const { protocol, budgetMs, seed, progressMs } = workerData as { protocol: string; budgetMs?: number; seed?: string; progressMs: number };
const port = parentPort!;
const post = (m: WorkerOut) => port.postMessage(m);

const profile = loadProfile(protocol);
const rng = makeRng(seed, 'eve');
let eve: ReturnType<typeof createEve> | undefined;
let lastPost = 0;
let trailing: NodeJS.Timeout | undefined;

/** Push Eve's running figures at most every `progressMs`; a skipped update is sent later. */
const progress = (force = false) => {
  if (!eve) return;
  const wait = progressMs - (Date.now() - lastPost);
  if (!force && wait > 0) {
    trailing ??= setTimeout(() => {
      trailing = undefined;
      progress(true);
    }, wait);
    return;
  }
  if (trailing) clearTimeout(trailing);
  trailing = undefined;
  lastPost = Date.now();
  // Her budget beside her figures, so a live view can show it running out.
  post({ t: 'progress', progress: { ...eve.progress(), budgetMs: eve.state.budgetMs, spentMs: Math.round(eve.state.spent) } });
};

port.on('message', (m: WorkerIn) => {
  try {
    if (m.t === 'begin') {
      eve = createEve(profile, { budgetMs, rng });
      progress(true);
    } else if (m.t === 'frame') {
      // EveTap.observe never throws on garbage by contract; the catch below is a backstop.
      eve?.observe(m.dir, m.frame);
      progress();
    } else if (m.t === 'end') {
      if (!eve) post({ t: 'report', report: { error: 'no session was tapped' } });
      else {
        progress(true);
        const report = eve.report(m.truth);
        post({ t: 'report', report: report as unknown as Record<string, unknown> });
      }
      eve = undefined;
    }
  } catch (e) {
    post({ t: 'error', message: (e instanceof Error ? e.message : String(e)).split('\n')[0] });
  }
});
