/**
 * Profiles are data, validated as data: a hostile profile file (nested 5,000
 * levels deep, a field named after an Object.prototype member, a file far larger than a
 * profile, a field of the wrong type, control characters in a key) gives every command that
 * takes --protocol exit 2 and exactly one line naming SEPKA_ERR_PROFILE: never "internal
 * error", never a stack trace, nothing on stdout, nothing raw on the terminal.
 *
 * The whole matrix runs through the dispatcher in this process (cli.badInput.test.ts's way);
 * the deep-nesting case, which used to overflow the stack in the error message, also through
 * real `sepka` processes for demo, measure and estimate.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './helpers/cli.ts';
import { cliArgs } from '../src/runtime.ts';
import { expectOneProfileLine, PROFILE_COMMANDS, profileFilesDir } from './helpers/profileFile.ts';
import { PROFILE_MAX_BYTES, PROFILE_MAX_DEPTH, PROFILE_MAX_NODES } from '../src/protocol/profile.ts';

const toyText = readFileSync(new URL('../protocols/toy-insecure.json', import.meta.url), 'utf8');
/** The toy profile's text with one field's value replaced, or a field added first. */
const withValue = (field: string, json: string) => toyText.replace(new RegExp(`"${field}": *[^,\\n]+`), `"${field}": ${json}`);
const withField = (key: string, json: string) => toyText.replace('{', `{${JSON.stringify(key)}: ${json},`);

/** [file name, contents, what the one line must say] */
const CASES: Array<[string, string, RegExp]> = [
  ['deep-array.json', withValue('n', '['.repeat(5000) + ']'.repeat(5000)), new RegExp(`nested deeper than ${PROFILE_MAX_DEPTH} levels`)],
  ['deep-object.json', withValue('notes', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)), /nested deeper than/],
  ['deep-top.json', '['.repeat(100_000) + ']'.repeat(100_000), /larger than 65536 bytes/],
  ['constructor.json', withField('constructor', '1'), /unknown field "constructor"/],
  ['toString.json', withField('toString', '"x"'), /unknown field "toString"/],
  ['proto.json', withField('__proto__', '{"n": 48}'), /unknown field "__proto__"/],
  ['hasOwnProperty.json', withField('hasOwnProperty', 'true'), /unknown field "hasOwnProperty"/],
  ['huge.json', withValue('notes', JSON.stringify('x'.repeat(200_000))), /larger than 65536 bytes/],
  ['many.json', withField('extra', `[${Array(PROFILE_MAX_NODES + 10).fill(0).join(',')}]`), new RegExp(`more than ${PROFILE_MAX_NODES} values`)],
  ['n-string.json', withValue('n', '"48"'), /field "n" must be an integer in \[8, 8192\] \(got "48"\)/],
  ['n-array.json', withValue('n', '[48]'), /field "n" must be an integer .*\(got an array of 1\)/],
  ['theta-null.json', withValue('theta', 'null'), /field "theta" must be a number .*\(got null\)/],
  ['top-array.json', '[1, 2, 3]', /must be a JSON object/],
  ['control-key.json', withField('\u001b]0;owned\u0007\u202e', '1'), /unknown field "\\u001b\]0;owned\\u0007\\u202e"/],
];

const dir = profileFilesDir('sepka-hostile-profile-', () => CASES.map(([name, text]) => [name, text]));

describe('hostile profiles: exit 2, one line', () => {
  it('the limits are the documented ones', () => {
    expect([PROFILE_MAX_BYTES, PROFILE_MAX_DEPTH, PROFILE_MAX_NODES]).toEqual([65_536, 8, 1024]);
  });

  it.each(CASES.map(([name, , why]) => [name, why] as const))('%s, for every command that takes --protocol', async (name, why) => {
    for (const cmd of PROFILE_COMMANDS) expectOneProfileLine(await runCli([...cmd, '--protocol', join(dir(), name)]), why, `${cmd[0]} ${name}`, 400);
  });

  it('nested 5,000 deep, through real processes: demo, measure and estimate exit 2 with one line', () => {
    for (const cmd of PROFILE_COMMANDS.slice(0, 3)) {
      const r = spawnSync(process.execPath, cliArgs(...cmd, '--protocol', join(dir(), 'deep-array.json')), { encoding: 'utf8', timeout: 120_000 });
      expectOneProfileLine({ code: r.status ?? -1, out: r.stdout, err: r.stderr }, /nested deeper than 8 levels/, cmd[0], 400);
    }
  });
});
