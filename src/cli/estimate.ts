/** `sepka estimate`: placeholder until its issue lands. */
import { Command } from './args.ts';
import { SepkaError } from '../errors.ts';

const cmd: Command = {
  summary: 'estimate',
  usage: 'usage: sepka estimate (not implemented yet)',
  options: {},
  async run() {
    throw new SepkaError('SEPKA_ERR_USAGE', 'estimate is not implemented yet');
  },
};
export default cmd;
