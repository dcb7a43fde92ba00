/**
 * A study's page: its summary, the tuning extras of a gbtune study (best params as JSON and as
 * `gbtune train` flags with copy buttons, downloads of the run's model and report), its note, the
 * report's plots and the trials table — all updated live: a `study` event reloads the summary and
 * the table's page, a `charts` event the plots. With writes allowed: Stop (the runs finish their
 * running trials), and the note's Edit.
 */
import { get, listen, send, throttle, type Info } from './api.js';
import { ChartSet, type ChartJson } from './charts.js';
import { attrTable, copyButton, fmt, fmtAgo, fmtDate, h, replace } from './dom.js';
import type { StudyStats } from './list-page.js';
import { NoteView, type Note } from './note.js';
import { TrialTable } from './trial-table.js';

interface Tuning {
  metric: string;
  direction: string;
  nFolds: number;
  target: string | null;
  bestTrial: number | null;
  bestParams: Record<string, unknown> | null;
  cliFlags: string | null;
  outputs: { name: string; path: string; available: boolean }[];
  outputsHost: string | null;
}

interface StudyDetail {
  seq: number;
  study: StudyStats;
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  note: Note;
  params: Record<string, string>;
  tuning: Tuning | null;
  stopRequest: { at: string; by: string } | null;
}

interface ChartsAnswer {
  version: number;
  importance: string;
  importanceTrials: number | null;
  nTrials: number;
  charts: ChartJson[];
  tips: string[];
  error?: string;
}

/** A performance mark of the first time something showed (`gbtune:summary`, `:table`, `:charts`): the bench reads them. */
function mark(what: string): void {
  if (performance.getEntriesByName(`gbtune:${what}`).length === 0) performance.mark(`gbtune:${what}`);
}

function summary(d: StudyDetail): HTMLElement {
  const s = d.study;
  const names = s.metricNames ?? (d.tuning !== null ? [`${d.tuning.nFolds}-fold CV ${d.tuning.metric}`] : null);
  const rows: [string, string | HTMLElement][] = [
    ['Directions', s.directions.map((x, i) => `${x.toLowerCase()}${names?.[i] !== undefined ? ` (${names[i]})` : ''}`).join(', ')],
    ['Trials', `${s.nTrials}: ${Object.entries(s.states).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k.toLowerCase()}`).join(', ') || 'none'}`],
  ];
  if (s.best !== null) rows.push(['Best value', h('span', {}, `${fmt(s.best.values[0])} `, h('a', { href: `#/studies/${s.studyId}/trials/${s.best.number}` }, `trial ${s.best.number}`))]);
  if (s.paretoSize !== null) rows.push(['Pareto front', `${s.paretoSize} trials`]);
  rows.push(['Started', fmtDate(s.datetimeStart)], ['Last activity', `${fmtDate(s.lastActivity)} (${fmtAgo(s.lastActivity)})`]);
  if (d.stopRequest !== null) rows.push(['Stop requested', `${fmtDate(d.stopRequest.at)} by ${d.stopRequest.by}`]);
  const el = h('table', { className: 'kv summary', id: 'study-summary', 'data-n-trials': s.nTrials, 'data-complete': s.states.COMPLETE ?? 0 }, h('tbody', {}, rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v)))));
  return el;
}

function tuningBox(studyId: number, t: Tuning): HTMLElement {
  const json = t.bestParams === null ? null : JSON.stringify(t.bestParams, null, 2);
  const files = t.outputs.map((o) =>
    o.available
      ? h('li', {}, h('a', { href: `/api/studies/${studyId}/files/${o.name}`, download: o.name, 'data-file': o.name }, o.name))
      : h('li', { className: 'muted' }, `${o.name}: ${o.path}${t.outputsHost !== null ? ` on ${t.outputsHost}` : ''} (not on this machine)`),
  );
  return h(
    'section',
    { className: 'tuning', id: 'tuning' },
    h('h2', {}, 'Tuned model'),
    h('p', {}, `${t.nFolds}-fold CV ${t.metric} (${t.direction})${t.target !== null ? `, target ${t.target}` : ''}${t.bestTrial !== null ? `; best trial ${t.bestTrial}` : ''}`),
    json === null
      ? h('p', { className: 'muted' }, 'No trial completed yet.')
      : h(
          'div',
          {},
          h('h3', {}, 'Best params (JSON) ', copyButton('Copy', () => json)),
          h('pre', { id: 'best-params-json' }, json),
          h('h3', {}, 'As gbtune train flags ', copyButton('Copy', () => `gbtune train DATA.csv ${t.cliFlags ?? ''}`)),
          h('pre', { id: 'best-params-cli' }, `gbtune train DATA.csv ${t.cliFlags ?? ''}`),
        ),
    files.length > 0 ? h('div', {}, h('h3', {}, 'Files of the run'), h('ul', { className: 'files' }, files)) : h('p', { className: 'muted' }, 'The run wrote no files (no --out folder recorded).'),
  );
}

/** Draws the study page into `root`; returns its cleanup. */
export function studyPage(root: HTMLElement, info: Info, studyId: number, go: (hash: string) => void): () => void {
  const head = h('div', { className: 'study-head' });
  const tuning = h('div');
  const noteBox = h('section', { className: 'note-box' }, h('h2', {}, 'Note'));
  let note: NoteView | null = null;
  const chartStatus = h('p', { className: 'muted', id: 'chart-status' }, 'Building the plots…');
  const chartRoot = h('div', { id: 'charts' });
  const charts = new ChartSet(chartRoot, (n) => go(`#/studies/${studyId}/trials/${n}`));
  const tableBox = h('section', { id: 'trials' }, h('h2', {}, 'Trials'));
  const attrs = h('section', { className: 'attrs' });
  const message = h('p', { className: 'error' });
  let table: TrialTable | null = null;
  let chartsVersion = -1;
  let closed = false;
  const plots = h('section', { id: 'plots' }, h('h2', {}, 'Plots'), chartStatus, chartRoot);
  const jump = (el: HTMLElement, label: string): HTMLElement => h('button', { type: 'button', className: 'jump', onclick: () => el.scrollIntoView({ behavior: 'smooth' }) }, label);
  const sections = h('nav', { className: 'sections' }, jump(plots, 'Plots'), jump(tableBox, 'Trials'), jump(noteBox, 'Note'), jump(attrs, 'Attributes'));
  replace(root, head, sections, message, tuning, noteBox, plots, tableBox, attrs);

  let detailAsked = 0;
  const loadDetail = async (): Promise<void> => {
    const asked = ++detailAsked;
    try {
      const d = await get<StudyDetail>(`/api/studies/${studyId}`);
      // an answer overtaken by a later request's is older than what that one shows
      if (closed || asked !== detailAsked) return;
      const stop = info.allowWrite
        ? h(
            'button',
            {
              type: 'button',
              id: 'stop-study',
              title: 'Ask every run of this study (gbtune tune, tuneGbdt) to stop after its running trials',
              onclick: () => void send('POST', `/api/studies/${studyId}/stop`).then(loadDetail, (e: Error) => (message.textContent = e.message)),
            },
            'Stop runs',
          )
        : null;
      replace(head, h('h1', {}, h('a', { href: '#/' }, 'Studies'), ' / ', d.study.studyName), h('div', { className: 'toolbar' }, stop), summary(d));
      mark('summary');
      root.dataset.seq = String(d.seq);
      replace(tuning, d.tuning === null ? null : tuningBox(studyId, d.tuning));
      if (note === null) {
        note = new NoteView(`/api/studies/${studyId}/note`, d.note, info.allowWrite);
        noteBox.appendChild(note.root);
      } else note.update(d.note);
      replace(attrs, h('h2', {}, 'Study attributes'), h('h3', {}, 'User'), attrTable(d.userAttrs, 'none'), h('h3', {}, 'System'), attrTable(d.systemAttrs, 'none'));
      if (table === null) {
        const names = d.study.metricNames ?? (d.tuning !== null ? [d.tuning.metric] : d.study.directions.length === 1 ? ['value'] : d.study.directions.map((_, i) => `value ${i}`));
        table = new TrialTable(studyId, d.params, names, (n) => go(`#/studies/${studyId}/trials/${n}`));
        tableBox.appendChild(table.root);
      }
      await table.load();
      mark('table');
      root.dataset.loaded = 'true';
    } catch (e) {
      message.textContent = (e as Error).message;
    }
  };

  const loadCharts = async (): Promise<void> => {
    try {
      const c = await get<ChartsAnswer>(`/api/studies/${studyId}/charts`);
      if (closed || c.version === chartsVersion) return;
      chartsVersion = c.version;
      await charts.update(c.charts, c.tips);
      mark('charts');
      chartRoot.dataset.version = String(c.version);
      chartRoot.dataset.nTrials = String(c.nTrials);
      const imp =
        c.importance === 'pending'
          ? ' Param importances are being computed.'
          : c.importance === 'stale'
            ? ` Param importances as of ${c.importanceTrials} complete trials; newer ones are being computed.`
            : '';
      chartStatus.textContent = c.error !== undefined ? c.error : c.charts.length === 0 ? 'No plot yet: no trial has completed.' : `Plots of ${c.nTrials} trials.${imp}`;
    } catch (e) {
      chartStatus.textContent = (e as Error).message;
    }
  };

  const detailSoon = throttle(() => void loadDetail(), 300);
  const stopListening = listen(
    `study=${studyId}`,
    {
      study: () => detailSoon(),
      charts: () => void loadCharts(),
      'study-deleted': () => (message.textContent = 'This study was deleted.'),
    },
    () => {
      // the summary and the table first (what a reader looks at first): the plots' JSON of a large
      // study takes the page's thread a while to parse
      void loadDetail().then(loadCharts);
    },
  );
  return () => {
    closed = true;
    stopListening();
    charts.dispose();
  };
}
