import type { Command } from 'commander';
import { loadStudy, RandomSampler, TunerError } from '../../index.js';
import { writeHtmlReport, writePngPlots, writeSvgPlots } from '../../viz/index.js';
import { checkOutputPath } from '../output-path.js';
import { chooseStudyName, openExistingStorage, storageUrl } from '../storage.js';
import { printJson } from '../util.js';

interface ReportCliOptions {
  storage?: string;
  studyName?: string;
  out?: string;
  format: string;
  evaluator: string;
  json?: boolean;
}

/**
 * `gbtune report --storage URL [--study-name NAME] --out report.html`: one self-contained HTML page
 * (ECharts inlined, no network) with the summary, every applicable plot and the trials table;
 * `--format svg|png --out DIR` writes each plot as an SVG or PNG file instead.
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
      const storage = await openExistingStorage(url);
      try {
        const name = await chooseStudyName(storage, url, opts.studyName);
        // the sampler is never used: a report only reads the study
        const study = await loadStudy({ storage, studyName: name, sampler: new RandomSampler({ seed: 0 }) });
        const evaluator = opts.evaluator as 'fanova' | 'mdi' | 'ped-anova';
        let written: string[];
        if (opts.format === 'svg') {
          written = writeSvgPlots(study, out, { evaluator });
        } else if (opts.format === 'png') {
          written = writePngPlots(study, out, { evaluator });
        } else {
          const r = writeHtmlReport(study, out, { evaluator });
          written = [r.path];
        }
        if (opts.json === true) printJson({ studyName: name, nTrials: study.trials.length, format: opts.format, files: written });
        else process.stderr.write(`wrote ${written.length === 1 ? written[0] : `${written.length} files to ${out}`}\n`);
      } finally {
        await storage.close?.();
      }
    });
}
