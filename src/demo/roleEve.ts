/**
 * The Eve process (DESIGN.md §4, issue #4): the forwarding tap (eveTap.ts) on the path from
 * Bob to Alice, with her analysis in a worker thread (eveWorker.ts) so that forwarding never
 * waits for her learners.
 *
 * One session is tapped at a time; a connection that arrives meanwhile is still forwarded
 * (Alice will refuse it as busy) but not analysed. At the end of each tapped session Eve prints
 * her report. When started by `sepka demo` she first receives the ground truth (Alice's and
 * Bob's results, over the private IPC channel) so that her report can score her guesses;
 * standalone, she reports what the transcript alone shows.
 *
 * Exit code: 0 when every tapped session closed normally (1000) on both sides, 1 otherwise.
 */
import type { ParentMessage } from './ipc.ts';
import { fromParent, hasParent, keepParentMessages, throttledProgress, toParent, watchParent } from './ipc.ts';
import { parseWsUrl } from '../net/client.ts';
import { startTap, type SideEnd } from '../net/eveTap.ts';
import { startAnalyst } from './eveWorker.ts';
import { LiveStatus } from './liveStatus.ts';
import { eveTruth, loadKit } from './parties.ts';
import { listenUrl, type RoleOptions, type RoleRun } from './roleAliceBob.ts';
import { closeLabel } from '../net/closeCodes.ts';
import { safeText, safeUrl } from '../text.ts';
import { SessionRecorder, writeEveTruth } from '../net/transcript.ts';
import type { EveReport, StageFigure } from '../eve/report.ts';

export interface EveOptions extends RoleOptions {
  listen: { host: string; port: number };
  forward: string;
  sessions: number;
  budgetMs?: number;
}

const isTruth = (m: ParentMessage): m is Extract<ParentMessage, { t: 'truth' }> => m.t === 'truth';

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const adv = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a (no truth)' : `${x >= 0 ? '+' : ''}${x.toFixed(4)}`);
const stageLine = (name: string, f: StageFigure | null) =>
  f ? `  ${name.padEnd(22)} ${pct(f.rate)} of ${f.total} bits (99% CI ${pct(f.ci[0])}–${pct(f.ci[1])})` : `  ${name.padEnd(22)} n/a`;

/** Eve's report as a few readable lines (the full object goes to --json and the demo). */
export function reportLines(r: EveReport): string[] {
  const out = [
    `  step reached           ${r.step}${r.completed ? ' (followed the session to the key)' : ''}${r.abort ? ` (session aborted: ${r.abort})` : ''}`,
    `  raw advantage          ${adv(r.rawAdvantage)}  (Pr[guess = Alice's raw bit] − 1/2)`,
    `  key-bit agreement      ${r.keyBitAgreement === null ? 'n/a' : r.keyBitAgreement.toFixed(4)}  (0.5 = coin flip)`,
    `  key recovered          ${r.keyRecovered === null ? 'n/a' : r.keyRecovered ? 'YES' : 'no'}; her key guess ${r.keyConfirmedByTag === null ? 'was not checked against' : r.keyConfirmedByTag ? 'MATCHES' : 'fails'} Alice's confirmation tag`,
    `  secrets recovered      ${r.secrets.recovered}/${r.secrets.L}${r.secrets.correct === null ? '' : ` (${r.secrets.correct} correct)`}`,
    `  dual route             ${r.dual.broken} of ${r.dual.attempted} attempted challenges broken (${r.dual.needed} needed), ${r.dual.trials} trials`,
    stageLine('raw vs Alice', r.stages.rawVsAlice),
    stageLine('raw vs Bob', r.stages.rawVsBob),
    stageLine('distilled', r.stages.distilled),
    stageLine('reconciled', r.stages.reconciled),
    stageLine('key', r.stages.key),
  ];
  for (const l of r.learners) {
    out.push(`  learner ${l.name.padEnd(14)} ${l.route}, ${l.trials} trials, ${l.ms.toFixed(0)} ms, accepted ${l.accepted}, advantage ${adv(l.rawAdvantage)}`);
  }
  out.push(`  budget                 ${r.budgetMs} ms; analysis took ${r.ms.toFixed(0)} ms`);
  return out;
}

function progressLine(p: Record<string, number | string>): string {
  const parts = Object.entries(p).map(([k, v]) => `${k} ${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(3) : v}`);
  return `eve: ${parts.join(' · ')} (advantage = her own belief)`;
}

export async function runEve(o: EveOptions): Promise<RoleRun> {
  parseWsUrl(o.forward, 'forward');
  const kit = loadKit(o.protocol);
  watchParent();
  keepParentMessages();
  const t0 = Date.now();
  const status = new LiveStatus();
  const prog = throttledProgress('eve');
  const analyst = startAnalyst({
    protocol: o.protocol,
    budgetMs: o.budgetMs,
    seed: o.seed,
    onProgress: (p) => {
      prog.push(p);
      status.update(progressLine(p), String(p.step ?? ''));
    },
  });
  const say = (s: string) => (o.json ? process.stderr : process.stdout).write(s + '\n');
  const reports: Record<string, unknown>[] = [];
  let tapped: number | undefined;
  let rec: SessionRecorder | undefined;
  let count = 0;
  let allNormal = true;
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));

  const endSession = async (index: number, ends: { bob: SideEnd; alice: SideEnd }) => {
    const normal = ends.bob.code === 1000 && ends.alice.code === 1000;
    if (!normal) {
      allNormal = false;
      const side = ends.alice.code !== 1000 ? ends.alice : ends.bob;
      status.log(`eve: session ${count + 1} ended abnormally: ${side === ends.alice ? 'alice' : 'bob'} side closed ${closeLabel(side.code)}${side.reason ? `: ${side.reason}` : ''}`);
    }
    rec?.end();
    rec = undefined;
    const truth = hasParent() ? await fromParent(isTruth, 30_000) : undefined;
    const joined = eveTruth(truth);
    if (o.record?.truth && joined) writeEveTruth(o.record.truth, count, joined);
    const report = await analyst.end(joined);
    prog.flush();
    status.clear();
    reports.push({ session: index + 1, closedNormally: normal, ...report });
    say(`eve: report for session ${count + 1}${truth ? ' (scored against the truth from the demo)' : ' (transcript only)'}:`);
    if (typeof report.error === 'string') say(`  analysis failed: ${report.error}`);
    else for (const l of reportLines(report as unknown as EveReport)) say(l);
    await toParent({ t: 'eve-report', report });
    count++;
    if (o.sessions > 0 && count >= o.sessions) finish();
  };

  // The analysis thread already runs; if the address cannot be bound it must be stopped, or
  // it would keep the process alive after the one-line usage error.
  const tap = await startTap({
    host: o.listen.host,
    port: o.listen.port,
    forward: o.forward,
    maxPayload: kit.maxPayload,
    onConnection: (i, remote) => {
      if (tapped === undefined) {
        tapped = i;
        analyst.begin(i);
        if (o.record?.transcript) rec = new SessionRecorder(o.record.transcript, count, kit.profile, 'eve', 'eve');
        status.log(`eve: tapping session ${count + 1}: ${remote} -> ${safeUrl(o.forward)}`);
      } else status.log(`eve: forwarding ${remote} untapped (a session is already tapped)`);
    },
    onFrame: (i, dir, frame, binary) => {
      if (i === tapped && binary) {
        rec?.frame(dir, frame); // first: observe() hands the buffer to the analysis thread
        analyst.observe(dir, frame);
      }
    },
    onConnectionEnd: (i, ends) => {
      if (i !== tapped) return;
      tapped = -1; // reporting: the next connection waits its turn to be tapped
      void endSession(i, ends).finally(() => (tapped = undefined));
    },
  }).catch(async (e: unknown) => {
    await analyst.close();
    throw e;
  });
  process.stderr.write(`eve: listening on ${listenUrl(o.listen.host, tap.port)}, forwarding to ${safeUrl(o.forward)} (protocol ${safeText(o.protocol)})\n`);
  await toParent({ t: 'listening', role: 'eve', port: tap.port });
  await finished;
  await tap.close();
  await analyst.close();
  return { exitCode: allNormal ? 0 : 1, json: { role: 'eve', protocol: o.protocol, sessions: reports, ms: Date.now() - t0 } };
}
