/** `sepka measure`: placeholder until its issue lands. */
import { Command } from './args.ts';
import { SepkaError } from '../errors.ts';

const cmd: Command = {
  summary: 'measure',
  usage: 'usage: sepka measure (not implemented yet)',
  options: {},
  async run() {
    throw new SepkaError('SEPKA_ERR_USAGE', 'measure is not implemented yet');
  },
};
export default cmd;
