/**
 * Close codes are printed by name: one table in src/net/closeCodes.ts names
 * every code RFC 6455 §7.4.1 and the IANA registry define (1007 used to print as "close"),
 * and the ranges beyond; ws's own frame refusals map to the code ws sends for each.
 */
import { describe, expect, it } from 'vitest';
import { closeForWsError, closeLabel, closeName } from '../src/net/closeCodes.ts';

describe('close code names', () => {
  it('names every defined code 1000–1015, and the registered and private ranges', () => {
    for (let c = 1000; c <= 1015; c++) expect(closeName(c), String(c)).not.toBe('unknown code');
    expect(closeLabel(1007)).toBe('1007 invalid payload (not UTF-8)');
    expect(closeLabel(1008)).toBe('1008 protocol violation');
    expect(closeName(3001)).toBe('registered code');
    expect(closeName(4000)).toBe('private-use code');
    expect(closeName(999)).toBe('unknown code');
    expect(closeName(2000)).toBe('unknown code');
  });

  it("maps ws's frame errors to the code ws closes with", () => {
    const err = (code: string) => Object.assign(new Error(`Invalid WebSocket frame: ${code}`), { code });
    expect(closeForWsError(err('WS_ERR_INVALID_UTF8')).code).toBe(1007);
    expect(closeForWsError(err('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')).code).toBe(1009);
    expect(closeForWsError(err('WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH')).code).toBe(1009);
    expect(closeForWsError(err('WS_ERR_TOO_MANY_BUFFERED_PARTS')).code).toBe(1008);
    for (const c of ['WS_ERR_INVALID_OPCODE', 'WS_ERR_INVALID_CLOSE_CODE', 'WS_ERR_EXPECTED_MASK', 'WS_ERR_UNEXPECTED_RSV_1']) expect(closeForWsError(err(c)).code).toBe(1002);
  });
});
