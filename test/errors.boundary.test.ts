/**
 * One error style at the boundary (src/errors.ts): a check on input from
 * outside throws a SepkaError with a stable code, one line, and the same kind of check throws
 * the same code wherever it sits: GF(2) shapes (mat.ts and vec.ts as elim.ts already did), IPC
 * messages between the demo and its roles, and a profile object handed to the library's
 * measure entry.
 */
import { describe, expect, it } from 'vitest';
import { SepkaError, type SepkaErrorCode } from '../src/errors.ts';
import { fromIndices } from '../src/gf2/vec.ts';
import { matFromRows, matMul, matVec, matZero, vecMat } from '../src/gf2/mat.ts';
import { inverse } from '../src/gf2/index.ts';
import { parseChildMessage, parseParentMessage } from '../src/demo/ipc.ts';
import { runMeasure } from '../src/measure/measure.ts';
import { loadProfile } from '../src/protocol/profile.ts';

function codeOf(f: () => unknown): SepkaErrorCode {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SepkaError);
    expect((e as SepkaError).message).not.toContain('\n');
    return (e as SepkaError).code;
  }
  throw new Error('expected a SepkaError');
}

describe('GF(2) shapes: SEPKA_ERR_SHAPE from every module', () => {
  it('mat.ts and vec.ts raise the code elim.ts raises', () => {
    expect(codeOf(() => inverse(matZero(3, 4)))).toBe('SEPKA_ERR_SHAPE');
    expect(codeOf(() => matZero(-1, 4))).toBe('SEPKA_ERR_SHAPE');
    expect(codeOf(() => matZero(2.5, 4))).toBe('SEPKA_ERR_SHAPE');
    expect(codeOf(() => matMul(matZero(2, 3), matZero(4, 2)))).toBe('SEPKA_ERR_SHAPE');
    expect(codeOf(() => matVec(matZero(2, 64), new Uint32Array(1)))).toBe('SEPKA_ERR_SHAPE');
    expect(codeOf(() => vecMat(new Uint32Array(0), matZero(40, 3)))).toBe('SEPKA_ERR_SHAPE');
    expect(codeOf(() => matFromRows([new Uint32Array(1)], 64))).toBe('SEPKA_ERR_SHAPE');
    expect(codeOf(() => fromIndices(8, [8]))).toBe('SEPKA_ERR_SHAPE');
  });
});

describe('IPC messages are checked where they arrive: SEPKA_ERR_IPC', () => {
  const result = { role: 'alice', ok: true, closeCode: 1000, closeBy: 'alice', stats: {}, keyBits: 256 };
  it('accepts what the roles and the demo send', () => {
    for (const m of [
      { t: 'listening', role: 'alice', port: 7001 },
      { t: 'progress', role: 'bob', progress: { step: 'task', rawBits: 10 } },
      { t: 'result', role: 'alice', result },
      { t: 'eve-report', report: { stages: {} } },
    ])
      expect(parseChildMessage(m)).toBe(m);
    const truth = { t: 'truth', alice: result };
    expect(parseParentMessage(truth)).toBe(truth);
    expect(parseParentMessage({ t: 'truth' })).toEqual({ t: 'truth' });
    const peer = { t: 'peer', url: 'ws://127.0.0.1:7001' };
    expect(parseParentMessage(peer)).toBe(peer);
  });
  it('rejects malformed ones with a one-line reason', () => {
    for (const m of [
      null,
      'listening',
      { t: 'listening', role: 'alice' },
      { t: 'listening', role: 'alice', port: 70000 },
      { t: 'progress', role: 'bob', progress: { nested: { x: 1 } } },
      { t: 'result', role: 'alice', result: { ...result, ok: 'yes' } },
      { t: 'result', role: 'alice', result: { ...result, role: 'mallory' } },
      { t: 'eve-report', report: [] },
      { t: 'shutdown' },
    ])
      expect(codeOf(() => parseChildMessage(m)), JSON.stringify(m)).toBe('SEPKA_ERR_IPC');
    expect(codeOf(() => parseParentMessage({ t: 'truth', bob: { ok: true } }))).toBe('SEPKA_ERR_IPC');
    expect(codeOf(() => parseParentMessage([]))).toBe('SEPKA_ERR_IPC');
    expect(codeOf(() => parseParentMessage({ t: 'peer' }))).toBe('SEPKA_ERR_IPC');
    expect(codeOf(() => parseParentMessage({ t: 'peer', url: 7001 }))).toBe('SEPKA_ERR_IPC');
    expect(codeOf(() => parseParentMessage({ t: 'peer', url: `ws://${'a'.repeat(3000)}` }))).toBe('SEPKA_ERR_IPC');
  });
});

describe('library arguments', () => {
  it('runMeasure checks a profile object as it checks a profile file', () => {
    const bad = { ...loadProfile('toy-insecure'), theta: 0.7 };
    expect(codeOf(() => runMeasure({ profile: bad, sessions: 1, eveBudgetMs: 0 }))).toBe('SEPKA_ERR_PROFILE');
    expect(codeOf(() => runMeasure({ profile: 'toy-insecure', sessions: 0 }))).toBe('SEPKA_ERR_USAGE');
  });
});
