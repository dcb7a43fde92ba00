/**
 * The cross-validation section of a gbtune tuning trial's page: what its CV cost (folds trained,
 * rounds run, best round, seconds, why it stopped early) and each fold's score at the best round,
 * with their mean and a bar per fold of its distance from the mean (towards the better side in
 * the accent colour, the worse in red), and the booster params it trained with. The server reads
 * them from the trial's user attrs (`trial-cv.ts`); a trial of another study has none and gets no
 * section.
 */
import { attrTable, fmt, fmtDuration, h, type JsonNumber } from './dom.js';

/** A trial's cross-validation, as the API sends it (see src/dashboard/trial-cv.ts). */
export interface TrialCv {
  metric: string | null;
  nFolds: number | null;
  folds: JsonNumber[] | null;
  mean: number | null;
  foldsEvaluated: number | null;
  roundsRun: number | null;
  bestIteration: number | null;
  seconds: number | null;
  stopped: string | null;
  firstFoldsOnly: boolean;
}

/** `k of n` folds, with why when fewer. */
function foldsText(cv: TrialCv): string {
  if (cv.foldsEvaluated === null) return '';
  const of = cv.nFolds !== null ? ` of ${cv.nFolds}` : '';
  return `${cv.foldsEvaluated}${of}${cv.firstFoldsOnly ? ' (pruned after its first folds: each worse than the best trial\u2019s)' : ''}`;
}

/** A bar of a fold's distance from the mean, scaled to the largest distance; `better` picks its colour. */
function deviationBar(v: JsonNumber, mean: number | null, spread: number, maximize: boolean): HTMLElement {
  const box = h('div', { className: 'dev' });
  if (typeof v !== 'number' || mean === null || spread === 0) return box;
  const d = v - mean;
  const bar = h('span', { className: (d >= 0) === maximize ? 'better' : 'worse' });
  const w = (Math.abs(d) / spread) * 50;
  bar.style.width = `${w}%`;
  bar.style.left = d >= 0 ? '50%' : `${50 - w}%`;
  box.appendChild(bar);
  return box;
}

/** The table of the folds' scores (`#fold-scores`), or null when the trial recorded none. */
function foldTable(cv: TrialCv, maximize: boolean): HTMLElement | null {
  if (cv.folds === null || cv.folds.length === 0) return null;
  const mean = cv.mean;
  const spread = Math.max(0, ...cv.folds.map((v) => (typeof v === 'number' && mean !== null ? Math.abs(v - mean) : 0)));
  const metric = cv.metric ?? 'score';
  return h(
    'table',
    { className: 'folds', id: 'fold-scores' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Fold'), h('th', {}, metric), h('th', {}, 'from the mean'))),
    h(
      'tbody',
      {},
      cv.folds.map((v, i) => h('tr', { 'data-fold': i + 1 }, h('td', { className: 'num' }, i + 1), h('td', { className: 'num', 'data-value': String(v) }, fmt(v)), h('td', {}, deviationBar(v, mean, spread, maximize)))),
    ),
    h('tfoot', {}, h('tr', { 'data-fold': 'mean' }, h('th', {}, 'Mean'), h('td', { className: 'num', 'data-value': mean === null ? '' : String(mean) }, fmt(mean)), h('td', {}))),
  );
}

/**
 * The CV section of a trial, or null when it has none (neither CV facts nor booster params).
 * `maximize`: the study's direction (which side of the mean is better).
 */
export function cvSection(cv: TrialCv | null, gbdtParams: unknown, maximize: boolean): HTMLElement | null {
  if (cv === null && gbdtParams === undefined) return null;
  const facts: [string, string][] = [];
  if (cv !== null) {
    if (cv.metric !== null) facts.push(['Metric', `${cv.nFolds !== null ? `${cv.nFolds}-fold CV ` : ''}${cv.metric}`]);
    if (cv.foldsEvaluated !== null) facts.push(['Folds evaluated', foldsText(cv)]);
    if (cv.roundsRun !== null) facts.push(['Rounds run', fmt(cv.roundsRun)]);
    if (cv.bestIteration !== null) facts.push(['Best round', fmt(cv.bestIteration)]);
    if (cv.seconds !== null) facts.push(['CV time', fmtDuration(cv.seconds)]);
    if (cv.stopped !== null) facts.push(['Stopped by', cv.stopped]);
  }
  const table = cv === null ? null : foldTable(cv, maximize);
  const about =
    table === null
      ? 'This trial recorded no fold scores (pruned during its rounds, or tuned by a gbtune that did not record them); the intermediate values above are the fold mean after each round.'
      : cv?.firstFoldsOnly === true
        ? 'Each of the first folds\u2019 score at its best round; the trial stopped there, so it has no value.'
        : 'Each fold\u2019s score at the best round; their mean is the trial\u2019s value. The intermediate values above are the fold mean after each round.';
  return h(
    'section',
    { className: 'cv', id: 'trial-cv' },
    h('h2', {}, 'Cross-validation'),
    facts.length > 0 ? h('table', { className: 'kv', id: 'trial-cv-facts' }, h('tbody', {}, facts.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v))))) : null,
    h('p', { className: 'muted' }, about),
    table,
    gbdtParams !== undefined && gbdtParams !== null && typeof gbdtParams === 'object' ? [h('h3', {}, 'Booster params of this trial'), attrTable(gbdtParams as Record<string, unknown>, 'none')] : null,
  );
}
