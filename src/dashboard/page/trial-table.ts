/**
 * The trials table of a study page: the server filters, sorts and pages (50,000 trials cost the
 * page one page of rows); the filters are states, a range per numeric param, choices per
 * categorical param and a range of the value; a header click sorts (again: the other way).
 */
import { get } from './api.js';
import { fmt, fmtDate, fmtDuration, h, replace, type JsonNumber } from './dom.js';

/** A row as the API sends it. */
export interface TrialRow {
  number: number;
  state: string;
  values: JsonNumber[] | null;
  params: Record<string, unknown>;
  datetimeStart: string | null;
  datetimeComplete: string | null;
  duration: number | null;
}

interface Page {
  seq: number;
  total: number;
  offset: number;
  limit: number;
  rows: TrialRow[];
}

const STATES = ['COMPLETE', 'PRUNED', 'FAIL', 'RUNNING', 'WAITING'];
const PAGE = 50;

/** A param's filter input, from its distribution JSON. */
function paramFilter(name: string, distJson: string, onChange: () => void): { el: HTMLElement; value: () => string } {
  const d = JSON.parse(distJson) as { name: string; attributes: { low?: number; high?: number; choices?: unknown[] } };
  if (d.name.startsWith('Categorical')) {
    const choices = (d.attributes.choices ?? []).map((c) => (c === null ? 'None' : typeof c === 'boolean' ? (c ? 'True' : 'False') : String(c)));
    const sel = h('select', { multiple: true, size: Math.min(4, choices.length), 'data-param': name, onchange: onChange }, choices.map((c) => h('option', { value: c }, c)));
    return { el: h('label', { className: 'filter' }, name, sel), value: () => [...sel.selectedOptions].map((o) => o.value).join(',') };
  }
  const lo = h('input', { type: 'number', step: 'any', placeholder: fmt(d.attributes.low), 'data-param-min': name, onchange: onChange });
  const hi = h('input', { type: 'number', step: 'any', placeholder: fmt(d.attributes.high), 'data-param-max': name, onchange: onChange });
  return { el: h('label', { className: 'filter' }, name, lo, '–', hi), value: () => (lo.value === '' && hi.value === '' ? '' : `${lo.value}..${hi.value}`) };
}

/** See the module comment. */
export class TrialTable {
  readonly root: HTMLElement;
  private sort = 'number';
  private desc = false;
  private offset = 0;
  private readonly states = new Set<string>();
  private readonly filters: { key: string; value: () => string }[] = [];
  private readonly table: HTMLTableElement;
  private readonly pager: HTMLElement;
  private loading: Promise<void> | null = null;
  private again = false;
  /** The study seq of the rows shown. */
  seq = 0;

  constructor(
    private readonly studyId: number,
    private readonly params: Record<string, string>,
    private readonly valueNames: string[],
    private readonly open: (n: number) => void,
  ) {
    const change = (): void => {
      this.offset = 0;
      void this.load();
    };
    const stateBoxes = STATES.map((s) =>
      h('label', { className: 'state-box' }, h('input', { type: 'checkbox', value: s, 'data-state': s, onchange: (e: Event) => this.toggle(s, (e.target as HTMLInputElement).checked) }), s),
    );
    const pf = Object.entries(params).map(([name, dist]) => {
      const f = paramFilter(name, dist, change);
      this.filters.push({ key: `param.${name}`, value: f.value });
      return f.el;
    });
    const vlo = h('input', { type: 'number', step: 'any', placeholder: 'min', 'data-value-min': '', onchange: change });
    const vhi = h('input', { type: 'number', step: 'any', placeholder: 'max', 'data-value-max': '', onchange: change });
    this.filters.push({ key: 'value', value: () => (vlo.value === '' && vhi.value === '' ? '' : `${vlo.value}..${vhi.value}`) });
    this.table = h('table', { className: 'trials', id: 'trials-table' });
    this.pager = h('div', { className: 'pager' });
    this.root = h(
      'div',
      { className: 'trial-table' },
      h('div', { className: 'filters' }, h('span', { className: 'filter' }, 'state', ...stateBoxes), h('label', { className: 'filter' }, this.valueNames[0] ?? 'value', vlo, '–', vhi), ...pf),
      this.pager,
      h('div', { className: 'table-wrap' }, this.table),
    );
  }

  private toggle(state: string, on: boolean): void {
    if (on) this.states.add(state);
    else this.states.delete(state);
    this.offset = 0;
    void this.load();
  }

  private query(): string {
    const q = new URLSearchParams();
    if (this.states.size > 0) q.set('state', [...this.states].join(','));
    for (const f of this.filters) {
      const v = f.value();
      if (v !== '') q.append(f.key, v);
    }
    q.set('sort', this.sort);
    q.set('order', this.desc ? 'desc' : 'asc');
    q.set('offset', String(this.offset));
    q.set('limit', String(PAGE));
    return q.toString();
  }

  /** Loads the current page (a call while one runs loads once more after it). */
  async load(): Promise<void> {
    if (this.loading !== null) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      try {
        do {
          this.again = false;
          const page = await get<Page>(`/api/studies/${this.studyId}/trials?${this.query()}`);
          this.render(page);
        } while (this.again);
      } catch (e) {
        replace(this.pager, h('span', { className: 'error' }, (e as Error).message));
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  private header(label: string, key: string): HTMLElement {
    const mark = this.sort === key ? (this.desc ? ' ▼' : ' ▲') : '';
    return h(
      'th',
      {
        'data-sort': key,
        onclick: () => {
          if (this.sort === key) this.desc = !this.desc;
          else {
            this.sort = key;
            this.desc = false;
          }
          this.offset = 0;
          void this.load();
        },
      },
      label + mark,
    );
  }

  private render(page: Page): void {
    this.seq = page.seq;
    const pnames = Object.keys(this.params);
    const vnames = this.valueNames.length > 0 ? this.valueNames : ['value'];
    const head = h(
      'tr',
      {},
      this.header('#', 'number'),
      this.header('state', 'state'),
      vnames.map((n, i) => this.header(n, i === 0 ? 'value' : `value.${i}`)),
      this.header('duration', 'duration'),
      this.header('started', 'start'),
      pnames.map((p) => this.header(p, `param.${p}`)),
    );
    const rows = page.rows.map((r) =>
      h(
        'tr',
        { 'data-number': r.number, className: `state-${r.state.toLowerCase()}`, onclick: () => this.open(r.number) },
        h('td', { className: 'num' }, r.number),
        h('td', {}, r.state),
        vnames.map((_, i) => h('td', { className: 'num' }, r.values === null ? '' : fmt(r.values[i]))),
        h('td', { className: 'num' }, fmtDuration(r.duration)),
        h('td', {}, fmtDate(r.datetimeStart)),
        pnames.map((p) => h('td', { className: typeof r.params[p] === 'number' ? 'num' : '' }, fmt(r.params[p]))),
      ),
    );
    replace(this.table, h('thead', {}, head), h('tbody', {}, rows));
    this.table.dataset.total = String(page.total);
    const last = Math.min(page.total, page.offset + page.rows.length);
    replace(
      this.pager,
      h('button', { type: 'button', disabled: page.offset === 0, 'data-page': 'prev', onclick: () => this.move(-PAGE) }, '‹ prev'),
      h('span', { className: 'range' }, page.total === 0 ? 'no trials' : `${page.offset + 1}–${last} of ${page.total}`),
      h('button', { type: 'button', disabled: last >= page.total, 'data-page': 'next', onclick: () => this.move(PAGE) }, 'next ›'),
    );
  }

  private move(by: number): void {
    this.offset = Math.max(0, this.offset + by);
    void this.load();
  }
}
