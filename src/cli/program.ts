/**
 * The `gbtune` command tree. It uses the public API only (src/index.ts).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { GbtuneError, log } from '../index.js';
import { registerCv } from './commands/cv.js';
import { registerParams } from './commands/params.js';
import { registerPredict } from './commands/predict.js';
import { registerReport } from './commands/report.js';
import { registerTrain } from './commands/train.js';
import { registerTune } from './commands/tune.js';
import { registerWorker } from './commands/worker.js';
import { registerStudyCommands } from './commands/study-commands.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Builds the command tree. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('gbtune')
    .description('Gradient-boosted trees (LightGBM-style) and hyperparameter tuning (Optuna-style) on CSV files')
    .version(pkg.version)
    .option('-q, --quiet', 'print no warnings')
    .hook('preAction', (cmd) => {
      if (cmd.opts().quiet === true) log.setLevel('error');
    })
    .showHelpAfterError();
  registerTrain(program);
  registerCv(program);
  registerPredict(program);
  registerParams(program);
  registerTune(program);
  registerWorker(program);
  registerStudyCommands(program);
  registerReport(program);
  return program;
}

/** Runs the CLI; a user error (GbtuneError) prints one line and sets exit code 2. */
export async function main(argv: string[] = process.argv): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode;
      return;
    }
    if (e instanceof GbtuneError) {
      process.stderr.write(`gbtune: error: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
}
