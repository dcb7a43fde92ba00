import type { Command } from 'commander';
import { describeParams, renderParamsHelp } from '../../gbdt/index.js';
import { printJson } from '../util.js';

/** `gbtune params`: the booster params table (names, aliases, defaults, ranges). */
export function registerParams(program: Command): void {
  program
    .command('params')
    .description('list every booster parameter with its aliases, default and allowed range')
    .option('--json', 'print exactly one JSON object on stdout')
    .action((opts: { json?: boolean }) => {
      if (opts.json === true) printJson({ params: describeParams() });
      else process.stdout.write(`${renderParamsHelp()}\n`);
    });
}
