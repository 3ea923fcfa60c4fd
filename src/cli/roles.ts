/** `sepka alice|bob|eve`: placeholders until the network issue lands. */
import { Command } from './args.ts';
import { SepkaError } from '../errors.ts';

const todo = (name: string): Command => ({
  summary: name,
  usage: `usage: sepka ${name} (not implemented yet)`,
  options: {},
  async run() {
    throw new SepkaError('SEPKA_ERR_USAGE', `${name} is not implemented yet`);
  },
});
export const alice = todo('alice');
export const bob = todo('bob');
export const eve = todo('eve');
