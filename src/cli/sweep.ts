/** `sepka sweep`: placeholder until its issue lands. */
import { Command } from './args.ts';
import { SepkaError } from '../errors.ts';

const cmd: Command = {
  summary: 'sweep',
  usage: 'usage: sepka sweep (not implemented yet)',
  options: {},
  async run() {
    throw new SepkaError('SEPKA_ERR_USAGE', 'sweep is not implemented yet');
  },
};
export default cmd;
