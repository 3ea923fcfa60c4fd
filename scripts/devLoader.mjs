/**
 * The TypeScript loader of sepka's sources (development only; src/runtime.ts): imported first
 * (`node --import …/devLoader.mjs src/cli/main.ts`), it registers tsx's ESM hooks in this
 * thread, so the .ts modules load. Compiled sepka (dist/, the bin, an installed package) never
 * imports it.
 */
import { register } from 'tsx/esm/api';

register();
