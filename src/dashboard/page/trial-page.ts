/**
 * A trial's page: state, values, duration and times; its params with their distributions; its
 * intermediate values as a curve; for a trial of a gbtune tuning study, what its cross-validation
 * recorded (each fold's score and their mean, folds trained, rounds run, its best round and
 * seconds, the booster params it trained with: `cv-view.ts`; the fold mean of the metric per
 * round is the curve); its user and system attributes; its note. Live: reloaded when the trial
 * changes. With writes allowed, a RUNNING trial can be marked FAIL (its worker died).
 */
import { get, listen, send, type Info } from './api.js';
import { lineChart } from './charts.js';
import { cvSection, type TrialCv } from './cv-view.js';
import { attrTable, fmt, fmtDate, fmtDuration, h, replace, type JsonNumber } from './dom.js';
import { NoteView, type Note } from './note.js';

interface TrialDetail {
  number: number;
  trialId: number;
  state: string;
  values: JsonNumber[] | null;
  params: Record<string, unknown>;
  distributions: Record<string, string>;
  datetimeStart: string | null;
  datetimeComplete: string | null;
  duration: number | null;
  intermediateValues: [number, JsonNumber][];
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
}

interface TrialAnswer {
  seq: number;
  studyName: string;
  directions: string[];
  metricNames: string[] | null;
  trial: TrialDetail;
  /** A tuning trial's CV (fold scores, rounds, seconds), or null. */
  cv: TrialCv | null;
  note: Note;
}

function distText(json: string): string {
  const d = JSON.parse(json) as { name: string; attributes: Record<string, unknown> };
  const a = d.attributes;
  if (d.name.startsWith('Categorical')) return `categorical ${JSON.stringify(a.choices)}`;
  const kind = d.name.startsWith('Int') ? 'int' : 'float';
  return `${kind} [${fmt(a.low)}, ${fmt(a.high)}]${a.log === true ? ' log' : ''}${a.step !== null && a.step !== undefined && a.step !== 1 ? ` step ${fmt(a.step)}` : ''}`;
}

/** Draws the trial page into `root`; returns its cleanup. */
export function trialPage(root: HTMLElement, info: Info, studyId: number, number: number): () => void {
  let note: NoteView | null = null;
  let chart: { dispose(): void } | null = null;
  let closed = false;
  const message = h('p', { className: 'error' });
  const noteView = (n: Note): NoteView => {
    if (note === null) note = new NoteView(`/api/studies/${studyId}/trials/${number}/note`, n, info.allowWrite);
    else note.update(n);
    return note;
  };

  let asked = 0;
  const load = async (): Promise<void> => {
    const mine = ++asked;
    let a: TrialAnswer;
    try {
      a = await get<TrialAnswer>(`/api/studies/${studyId}/trials/${number}`);
    } catch (e) {
      if (closed || mine !== asked) return;
      replace(root, h('p', {}, h('a', { href: `#/studies/${studyId}` }, '← study')), h('p', { className: 'error' }, (e as Error).message));
      return;
    }
    // an answer overtaken by a later request's is older than what that one shows
    if (closed || mine !== asked) return;
    const t = a.trial;
    const names = a.metricNames ?? (a.directions.length === 1 ? ['value'] : a.directions.map((_, i) => `value ${i}`));
    const gbdt = t.userAttrs.gbdt_params;
    const facts: [string, string][] = [
      ['State', t.state],
      ...(t.values ?? []).map((v, i): [string, string] => [names[i] ?? `value ${i}`, fmt(v)]),
      ['Duration', fmtDuration(t.duration)],
      ['Started', fmtDate(t.datetimeStart)],
      ['Completed', fmtDate(t.datetimeComplete)],
      ['Trial id', String(t.trialId)],
    ];
    const fail =
      info.allowWrite && t.state === 'RUNNING'
        ? h(
            'button',
            {
              type: 'button',
              id: 'fail-trial',
              onclick: () => {
                if (window.confirm(`Mark trial ${t.number} FAIL? Do this for a trial whose worker died; a live worker's next write to it will fail.`)) {
                  void send('POST', `/api/studies/${studyId}/trials/${number}/fail`).then(load, (e: Error) => (message.textContent = e.message));
                }
              },
            },
            'Mark FAIL',
          )
        : null;
    const curve = h('div', { className: 'chart small', id: 'intermediate-chart' });
    const cv = cvSection(a.cv ?? null, gbdt, a.directions[0] === 'MAXIMIZE');
    replace(
      root,
      h(
        'h1',
        {},
        h('a', { href: '#/' }, 'Studies'),
        ' / ',
        h('a', { href: `#/studies/${studyId}` }, a.studyName),
        ` / trial ${t.number}`,
      ),
      h(
        'div',
        { className: 'toolbar' },
        number > 0 ? h('a', { href: `#/studies/${studyId}/trials/${number - 1}` }, '‹ previous') : null,
        h('a', { href: `#/studies/${studyId}/trials/${number + 1}` }, 'next ›'),
        fail,
      ),
      message,
      h('table', { className: 'kv', id: 'trial-facts', 'data-state': t.state }, h('tbody', {}, facts.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v))))),
      h('h2', {}, 'Params'),
      Object.keys(t.params).length === 0
        ? h('p', { className: 'muted' }, 'none')
        : h(
            'table',
            { className: 'kv', id: 'trial-params' },
            h('tbody', {}, Object.keys(t.params).sort().map((k) => h('tr', {}, h('th', {}, k), h('td', {}, fmt(t.params[k])), h('td', { className: 'muted' }, t.distributions[k] !== undefined ? distText(t.distributions[k]) : '')))),
          ),
      h('h2', {}, `Intermediate values (${t.intermediateValues.length})`),
      t.intermediateValues.length > 0 ? curve : h('p', { className: 'muted' }, 'none reported'),
      cv,
      h('h2', {}, 'Note'),
      noteView(a.note).root,
      h('h2', {}, 'User attributes'),
      attrTable(t.userAttrs, 'none'),
      h('h2', {}, 'System attributes'),
      attrTable(t.systemAttrs, 'none'),
    );
    chart?.dispose();
    chart = null;
    if (t.intermediateValues.length > 0) {
      chart = lineChart(curve, names[0] ?? 'value', t.intermediateValues.map(([s, v]) => [s, typeof v === 'number' ? v : null]));
    }
    root.dataset.loaded = 'true';
  };

  const stop = listen(
    `study=${studyId}`,
    {
      study: (e) => {
        const changed = e.changed as number[];
        if (changed.includes(number) || e.attrsChanged === true) void load();
      },
    },
    () => void load(),
  );
  return () => {
    closed = true;
    stop();
    chart?.dispose();
  };
}
