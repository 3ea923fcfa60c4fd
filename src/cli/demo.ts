/** `sepka demo`: placeholder until its issue lands. */
import { Command } from './args.ts';
import { SepkaError } from '../errors.ts';

const cmd: Command = {
  summary: 'demo',
  usage: 'usage: sepka demo (not implemented yet)',
  options: {},
  async run() {
    throw new SepkaError('SEPKA_ERR_USAGE', 'demo is not implemented yet');
  },
};
export default cmd;
