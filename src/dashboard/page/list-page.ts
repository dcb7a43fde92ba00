/**
 * The study list: name, directions, trials by state, best value, last activity, and for a tuning
 * study its metric; a search box; studies ticked for comparison; with writes allowed, a form to
 * create a study and buttons to rename or delete one. Live: redrawn when the server says the list
 * changed.
 */
import { get, listen, send, type Info } from './api.js';
import { fmt, fmtAgo, fmtDate, h, replace, type JsonNumber } from './dom.js';

/** A study's line as the API sends it. */
export interface StudyStats {
  studyId: number;
  studyName: string;
  directions: string[];
  nTrials: number;
  states: Record<string, number>;
  best: { number: number; values: JsonNumber[] } | null;
  paretoSize: number | null;
  datetimeStart: string | null;
  lastActivity: string | null;
  metricNames: string[] | null;
  tuning: { metric: string; nFolds: number; target: string } | null;
}

/** Draws the list page into `root`; returns its cleanup. */
export function listPage(root: HTMLElement, info: Info, go: (hash: string) => void): () => void {
  const search = h('input', { type: 'search', placeholder: 'Search studies', id: 'study-search', className: 'search' });
  const table = h('table', { className: 'studies', id: 'studies-table' });
  const status = h('p', { className: 'muted' });
  const selected = new Set<number>();
  const compare = h('button', { type: 'button', id: 'compare', disabled: true }, 'Compare selected');
  compare.addEventListener('click', () => go(`#/compare?${[...selected].map((id) => `study=${id}`).join('&')}`));
  let studies: StudyStats[] = [];

  const draw = (): void => {
    const q = search.value.trim().toLowerCase();
    const shown = studies.filter((s) => s.studyName.toLowerCase().includes(q));
    const head = h(
      'tr',
      {},
      ['', 'study', 'direction', 'trials', 'complete', 'pruned', 'fail', 'running', 'best', 'last activity', 'metric'].map((c) => h('th', {}, c)),
      info.allowWrite ? h('th', {}, '') : null,
    );
    const rows = shown.map((s) => {
      const box = h('input', { type: 'checkbox', 'data-compare': s.studyId });
      box.checked = selected.has(s.studyId);
      box.addEventListener('change', () => {
        if (box.checked) selected.add(s.studyId);
        else selected.delete(s.studyId);
        compare.disabled = selected.size < 1;
      });
      const best = s.best !== null ? `${fmt(s.best.values[0])} (#${s.best.number})` : s.paretoSize !== null ? `${s.paretoSize} on the Pareto front` : '';
      return h(
        'tr',
        { 'data-study': s.studyName, 'data-study-id': s.studyId },
        h('td', {}, box),
        h('td', {}, h('a', { href: `#/studies/${s.studyId}` }, s.studyName)),
        h('td', {}, s.directions.map((d) => d.toLowerCase()).join(', ')),
        h('td', { className: 'num' }, s.nTrials),
        h('td', { className: 'num' }, s.states.COMPLETE ?? 0),
        h('td', { className: 'num' }, s.states.PRUNED ?? 0),
        h('td', { className: 'num' }, s.states.FAIL ?? 0),
        h('td', { className: 'num' }, s.states.RUNNING ?? 0),
        h('td', { className: 'num' }, best),
        h('td', { title: fmtDate(s.lastActivity) }, fmtAgo(s.lastActivity)),
        h('td', {}, s.tuning !== null ? `${s.tuning.nFolds}-fold CV ${s.tuning.metric}` : (s.metricNames ?? []).join(', ')),
        info.allowWrite
          ? h(
              'td',
              {},
              h('button', { type: 'button', className: 'rename', onclick: () => void rename(s) }, 'Rename'),
              h('button', { type: 'button', className: 'delete', onclick: () => void remove(s) }, 'Delete'),
            )
          : null,
      );
    });
    replace(table, h('thead', {}, head), h('tbody', {}, rows));
    table.dataset.count = String(shown.length);
    status.textContent = `${shown.length} of ${studies.length} studies in ${info.storage}`;
  };

  const load = async (): Promise<void> => {
    try {
      studies = (await get<{ studies: StudyStats[] }>('/api/studies')).studies;
      draw();
      root.dataset.loaded = 'true';
    } catch (e) {
      status.textContent = (e as Error).message;
    }
  };

  const message = h('p', { className: 'error' });
  const act = async (fn: () => Promise<unknown>): Promise<void> => {
    message.textContent = '';
    try {
      await fn();
      await load();
    } catch (e) {
      message.textContent = (e as Error).message;
    }
  };
  const rename = (s: StudyStats): Promise<void> =>
    act(async () => {
      const name = window.prompt(`Rename study '${s.studyName}' to:`, s.studyName);
      if (name !== null && name !== s.studyName) await send('POST', `/api/studies/${s.studyId}/rename`, { name });
    });
  const remove = (s: StudyStats): Promise<void> =>
    act(async () => {
      if (window.confirm(`Delete study '${s.studyName}' and its ${s.nTrials} trials?`)) await send('DELETE', `/api/studies/${s.studyId}`, {});
    });

  let create: HTMLElement | null = null;
  if (info.allowWrite) {
    const name = h('input', { type: 'text', placeholder: 'new study name', id: 'new-study-name' });
    const dir = h('select', { id: 'new-study-direction' }, h('option', { value: 'minimize' }, 'minimize'), h('option', { value: 'maximize' }, 'maximize'));
    create = h(
      'form',
      {
        className: 'create',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void act(() => send('POST', '/api/studies', { name: name.value, directions: [dir.value] }));
        },
      },
      name,
      dir,
      h('button', { type: 'submit' }, 'Create study'),
    );
  }
  search.addEventListener('input', draw);
  replace(root, h('h1', {}, 'Studies'), h('div', { className: 'toolbar' }, search, compare, create), message, status, h('div', { className: 'table-wrap' }, table));
  return listen('list=1', { list: () => void load() }, () => void load());
}
