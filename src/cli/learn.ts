/** `sepka learn`: placeholder until its issue lands. */
import { Command } from './args.ts';
import { SepkaError } from '../errors.ts';

const cmd: Command = {
  summary: 'learn',
  usage: 'usage: sepka learn (not implemented yet)',
  options: {},
  async run() {
    throw new SepkaError('SEPKA_ERR_USAGE', 'learn is not implemented yet');
  },
};
export default cmd;
