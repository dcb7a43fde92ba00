/**
 * DOM helpers of the dashboard page: elements built with `h` (text always as text nodes, never
 * HTML, so nothing read from a study can inject markup), and the number, date and duration
 * formats of the tables.
 */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** An element with attributes (`on*` keys add listeners; `false`/null/undefined are left out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'className') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

/** Appends children (nested arrays flattened; strings and numbers as text). */
export function append(el: Node, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces an element's children. */
export function replace(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A JSON number as the API sends it ('NaN', 'Infinity' for non-finite ones). */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** A value for a table: 6 significant digits, integers in full. */
export function fmt(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A duration in seconds as text. */
export function fmtDuration(s: number | null): string {
  if (s === null) return '';
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 120) return `${s.toFixed(1)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(2)} h`;
}

/** A date as local date and time. */
export function fmtDate(iso: string | null): string {
  if (iso === null) return '';
  const d = new Date(iso);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** How long ago a date was. */
export function fmtAgo(iso: string | null, now = Date.now()): string {
  if (iso === null) return '';
  const s = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (s < 60) return `${Math.round(s)} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 172800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

/** A button that copies `text()` to the clipboard and says so. */
export function copyButton(label: string, text: () => string): HTMLButtonElement {
  const b = h('button', { type: 'button', className: 'copy' }, label);
  b.addEventListener('click', () => {
    const done = (ok: boolean): void => {
      b.textContent = ok ? 'Copied' : 'Copy failed';
      setTimeout(() => (b.textContent = label), 1500);
    };
    if (navigator.clipboard === undefined) {
      done(false);
      return;
    }
    navigator.clipboard.writeText(text()).then(
      () => done(true),
      () => done(false),
    );
  });
  return b;
}

/** A key → value table of attributes (values as JSON when not text). */
export function attrTable(attrs: Record<string, unknown>, empty: string): HTMLElement {
  const keys = Object.keys(attrs).sort();
  if (keys.length === 0) return h('p', { className: 'muted' }, empty);
  return h(
    'table',
    { className: 'kv' },
    h('tbody', {}, keys.map((k) => h('tr', {}, h('th', {}, k), h('td', {}, h('code', {}, typeof attrs[k] === 'string' ? (attrs[k] as string) : JSON.stringify(attrs[k])))))),
  );
}
