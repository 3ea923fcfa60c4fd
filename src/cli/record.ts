/**
 * `--save-transcript FILE` and `--save-truth FILE`, shared by measure, demo and the
 * three roles: the options, their usage lines, and the recorder they build. Formats: src/net/transcript.ts,
 * docs/formats.md. The truth (secrets, raw bits, key) is written only when --save-truth is given.
 */
import { SepkaError } from '../errors.ts';
import type { EveTruth } from '../eve/truth.ts';
import type { Direction } from '../protocol/party.ts';
import type { Profile } from '../protocol/profile.ts';
import { freshFile, SessionRecorder, writeEveTruth } from '../net/transcript.ts';

export const RECORD_OPTIONS = {
  'save-transcript': { type: 'string' },
  'save-truth': { type: 'string' },
} as const;

export const RECORD_USAGE = `  --save-transcript FILE  write every frame of each session, in order with its direction (docs/formats.md)
  --save-truth FILE       also write the ground truth (secrets, raw bits, key); never written otherwise`;

export interface RecordPaths {
  transcript?: string;
  truth?: string;
}

/** The paths given, each checked writable (and truncated) before the run starts. */
export function recordPaths(values: Record<string, string | boolean | undefined>): RecordPaths {
  const get = (k: string): string | undefined => {
    const v = values[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') throw new SepkaError('SEPKA_ERR_USAGE', `--${k} FILE needs a file name`);
    return v;
  };
  const p = { transcript: get('save-transcript'), truth: get('save-truth') };
  if (p.transcript && p.transcript === p.truth) throw new SepkaError('SEPKA_ERR_USAGE', '--save-transcript and --save-truth must name different files');
  if (p.transcript) freshFile(p.transcript);
  if (p.truth) freshFile(p.truth);
  return p;
}

/** runMeasure's `recorder` option for these paths (undefined when neither is given). */
export function measureRecorder(paths: RecordPaths, profile: Profile) {
  if (!paths.transcript && !paths.truth) return undefined;
  const recs = new Map<number, SessionRecorder>();
  return {
    frame(i: number, dir: Direction, frame: Uint8Array) {
      if (!paths.transcript) return;
      let r = recs.get(i);
      if (!r) recs.set(i, (r = new SessionRecorder(paths.transcript, i, profile, 'measure', `eve/${i}`)));
      r.frame(dir, frame);
    },
    end(i: number, truth: EveTruth) {
      recs.get(i)?.end();
      recs.delete(i);
      if (paths.truth) writeEveTruth(paths.truth, i, profile, truth);
    },
  };
}
