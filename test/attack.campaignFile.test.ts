/**
 * DIR/attack.jsonl as `attack --resume` reads it (src/attack/campaign.ts loadCampaignFile): a
 * file whose only content is one unterminated line starts the campaign only if that line is the
 * start of this campaign's header (a kill while writing it); anything else is not a campaign
 * file and is left untouched. JSON that is not an object (`null`) is refused naming its line,
 * not an internal error. Without --resume or --force an existing file is refused. The rewrite on
 * resume replaces the file whole (a fresh file renamed over it), leaving no temporary behind.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SepkaError } from '../src/errors.ts';
import { CAMPAIGN_FORMAT, CAMPAIGN_VERSION, loadCampaignFile } from '../src/attack/campaign.ts';

const dir = mkdtempSync(join(tmpdir(), 'sepka-campaign-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const header = { t: 'campaign', format: CAMPAIGN_FORMAT, v: CAMPAIGN_VERSION, campaign: 'c0ffee' };
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const refused = (f: () => unknown, re: RegExp) => {
  let e: unknown;
  try {
    f();
  } catch (x) {
    e = x;
  }
  expect(e).toBeInstanceOf(SepkaError);
  expect((e as Error).message).toMatch(re);
  expect((e as Error).message).not.toMatch(/\n/);
};

describe('loadCampaignFile', () => {
  it('one unterminated line that is not the start of the header: refused with --resume, untouched', () => {
    const path = file('notes.jsonl', 'my notes, no newline');
    refused(() => loadCampaignFile(path, header, true, false), /notes\.jsonl is not a campaign file of this attack; .* --force/);
    refused(() => loadCampaignFile(path, header, false, false), /notes\.jsonl exists: pass --resume .* or --force/);
    expect(readFileSync(path, 'utf8')).toBe('my notes, no newline');
    const nl = file('notes-nl.jsonl', 'my notes, with a newline\n');
    refused(() => loadCampaignFile(nl, header, true, false), /notes-nl\.jsonl:1 is not JSON/);
    expect(readFileSync(nl, 'utf8')).toBe('my notes, with a newline\n');
  });

  it('a torn header (a prefix of the header line) starts the campaign', () => {
    const path = file('torn.jsonl', JSON.stringify(header).slice(0, 20));
    expect(loadCampaignFile(path, header, true, false)).toEqual([]);
    expect(readFileSync(path, 'utf8')).toBe(JSON.stringify(header) + '\n');
  });

  it('JSON that is not an object is refused naming its line', () => {
    refused(() => loadCampaignFile(file('null1.jsonl', 'null\n'), header, true, false), /null1\.jsonl:1 is not a JSON object/);
    refused(() => loadCampaignFile(file('null2.jsonl', `${JSON.stringify(header)}\nnull\n`), header, true, false), /null2\.jsonl:2 is not a JSON object/);
    refused(() => loadCampaignFile(file('arr.jsonl', `${JSON.stringify(header)}\n[1]\n`), header, true, false), /arr\.jsonl:2 is not a JSON object/);
  });

  it('resume keeps the finished jobs, drops a torn last line, and leaves no temporary file', () => {
    const job = { t: 'job', v: 1, id: 'dual-1-0', route: 'dual', target: 1, chunk: 0, iterations: 3, found: null, ms: 1 };
    const path = file('resume.jsonl', `${JSON.stringify(header)}\n${JSON.stringify(job)}\n{"t":"job","v":1,"id":"du`);
    const jobs = loadCampaignFile(path, header, true, false);
    expect(jobs.map((j) => j.id)).toEqual(['dual-1-0']);
    expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(header)}\n${JSON.stringify(job)}\n`);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
