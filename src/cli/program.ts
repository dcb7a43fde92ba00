/**
 * The `gbtune` command tree. It uses the public API only (src/index.ts).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { GbtuneError, log } from '../index.js';
import { printError } from './error-output.js';
import { registerCv } from './commands/cv.js';
import { registerDashboard } from './commands/dashboard.js';
import { registerImportance } from './commands/importance.js';
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
    // usage errors are thrown (subcommands inherit both settings when made) and printed by main
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  registerTrain(program);
  registerCv(program);
  registerPredict(program);
  registerImportance(program);
  registerParams(program);
  registerTune(program);
  registerWorker(program);
  registerStudyCommands(program);
  registerReport(program);
  registerDashboard(program);
  return program;
}

/** True when the command line asks for JSON output (`--json` before any `--`). */
function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).includes('--json');
}

/** `gbtune tune` for `[..., 'tune', 'data.csv', ...]`: the (sub)command a usage error is about. */
function commandPath(program: Command, args: readonly string[]): string {
  const names = [program.name()];
  let cmd = program;
  for (const a of args) {
    if (a.startsWith('-')) continue;
    const sub = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (sub === undefined) break;
    names.push(sub.name());
    cmd = sub;
  }
  return names.join(' ');
}

/** A commander usage error (unknown option, missing argument, ...) as one line naming where to look. */
function usageError(e: CommanderError, program: Command, args: readonly string[]): GbtuneError {
  const text = e.message
    .replace(/^error: /, '')
    .replace(/\n\(Did you mean (.*)\?\)/, (_m, s: string) => `; did you mean ${s}?`)
    .replace(/\s*\n\s*/g, ' ');
  return new GbtuneError(`${text} (see '${commandPath(program, args)} --help')`, 'CLI_USAGE');
}

/**
 * Runs the CLI. A user error (a GbtuneError, or a usage error such as an unknown option) prints one
 * line on stderr and sets exit code 2; with `--json` the only stdout output is one
 * `{"error": {...}}` object. An unexpected error is a bug and prints its stack (exit code 1).
 */
export async function main(argv: string[] = process.argv): Promise<void> {
  const program = buildProgram();
  const args = argv.slice(2);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    let err = e;
    if (e instanceof CommanderError) {
      // --help, --version and the help shown for a bare `gbtune` are not failures to report
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') {
        process.exitCode = e.exitCode;
        return;
      }
      err = usageError(e, program, args);
    }
    process.exitCode = printError(err, { json: wantsJson(args) });
  }
}
