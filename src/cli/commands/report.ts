import type { Command } from 'commander';
import { GbtuneError, loadModel, loadStudy, RandomSampler, readCsv, TunerError } from '../../index.js';
import { explainModel } from '../../tune-gbdt/index.js';
import { writeHtmlReport, writePngPlots, writeSvgPlots, type ModelExplanation } from '../../viz/index.js';
import { checkOutputPath } from '../output-path.js';
import { chooseStudyName, openExistingStorage, storageUrl } from '../storage.js';
import { printJson } from '../util.js';

interface ReportCliOptions {
  storage?: string;
  studyName?: string;
  out?: string;
  format: string;
  evaluator: string;
  model?: string;
  data?: string;
  json?: boolean;
}

/** `--model` with `--data`: the model explained on (a sample of) the data, else undefined. */
async function modelExplanation(opts: ReportCliOptions): Promise<ModelExplanation | undefined> {
  if (opts.model === undefined && opts.data === undefined) return undefined;
  if (opts.model === undefined || opts.data === undefined) {
    throw new GbtuneError(`--${opts.model === undefined ? 'data' : 'model'} needs --${opts.model === undefined ? 'model' : 'data'}: the model plots explain a model on data`, 'CLI_ARG');
  }
  const booster = loadModel(opts.model);
  // the model picks its features by name; no column is the target
  return explainModel(booster, await readCsv(opts.data, { target: false }));
}

/**
 * `gbtune report --storage URL [--study-name NAME] --out report.html`: one self-contained HTML page
 * (ECharts inlined, no network) with the summary, every applicable plot and the trials table;
 * `--format svg|png --out DIR` writes each plot as an SVG or PNG file instead. With `--model FILE
 * --data CSV` the report also explains that model (feature importance, SHAP summary and dependence).
 */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write an HTML report (or SVG plots) of a study: history, importances, slice, contour, ...')
    .option('--storage <url>', 'storage URL, e.g. sqlite:///gbtune-out/study.db (or set GBTUNE_STORAGE)')
    .option('--study-name <name>', 'the study (default: the only study in the storage)')
    .option('-o, --out <path>', 'report.html for --format html, a folder for --format svg or png')
    .option('--format <format>', 'html, svg or png', 'html')
    .option('--evaluator <name>', 'parameter importance evaluator: fanova, mdi or ped-anova', 'fanova')
    .option('--model <file>', 'also explain this model (feature importance, SHAP summary and dependence plots); needs --data')
    .option('--data <csv>', "the rows to explain --model on (a seeded sample of at most 2,000), e.g. the training CSV")
    .option('--json', 'print exactly one JSON object on stdout')
    .action(async (opts: ReportCliOptions) => {
      const url = storageUrl(opts.storage);
      if (opts.format !== 'html' && opts.format !== 'svg' && opts.format !== 'png') {
        throw new TunerError(`--format must be html, svg or png, got '${opts.format}'`);
      }
      if (!['fanova', 'mdi', 'ped-anova'].includes(opts.evaluator)) {
        throw new TunerError(`--evaluator must be fanova, mdi or ped-anova, got '${opts.evaluator}'`);
      }
      const out = opts.out ?? (opts.format === 'html' ? 'report.html' : 'plots');
      checkOutputPath(out, { option: '--out', kind: opts.format === 'html' ? 'file' : 'folder' });
      const model = await modelExplanation(opts);
      const storage = await openExistingStorage(url);
      try {
        const name = await chooseStudyName(storage, url, opts.studyName);
        // the sampler is never used: a report only reads the study
        const study = await loadStudy({ storage, studyName: name, sampler: new RandomSampler({ seed: 0 }) });
        const evaluator = opts.evaluator as 'fanova' | 'mdi' | 'ped-anova';
        let written: string[];
        if (opts.format === 'svg') {
          written = writeSvgPlots(study, out, { evaluator, model });
        } else if (opts.format === 'png') {
          written = writePngPlots(study, out, { evaluator, model });
        } else {
          const r = writeHtmlReport(study, out, { evaluator, model });
          written = [r.path];
        }
        if (opts.json === true) printJson({ studyName: name, nTrials: study.trials.length, format: opts.format, files: written });
        else process.stderr.write(`wrote ${written.length === 1 ? written[0] : `${written.length} files to ${out}`}\n`);
      } finally {
        await storage.close?.();
      }
    });
}
