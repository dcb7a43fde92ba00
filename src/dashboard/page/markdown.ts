/**
 * Notes are Markdown; this draws the common part of it as DOM nodes built one by one (text only
 * ever as text nodes, links only to http(s) and mailto), so a note cannot run script or load
 * anything: headings, paragraphs, **bold**, *italic*, `code`, fenced code blocks, lists (- and
 * 1.), > quotes, --- rules and [links](https://...).
 */
import { h } from './dom.js';

/** Inline markup of one line of text. */
function inline(text: string): Node[] {
  const out: Node[] = [];
  const re = /(`[^`]+`)|(\*\*[^*]+\*\*)|(__[^_]+__)|(\*[^*\s][^*]*\*)|(_[^_\s][^_]*_)|(\[[^\]]+\]\([^)\s]+\))/;
  let rest = text;
  for (;;) {
    const m = re.exec(rest);
    if (m === null) break;
    if (m.index > 0) out.push(document.createTextNode(rest.slice(0, m.index)));
    const tok = m[0];
    if (m[1] !== undefined) out.push(h('code', {}, tok.slice(1, -1)));
    else if (m[2] !== undefined || m[3] !== undefined) out.push(h('strong', {}, ...inline(tok.slice(2, -2))));
    else if (m[4] !== undefined || m[5] !== undefined) out.push(h('em', {}, ...inline(tok.slice(1, -1))));
    else {
      const lm = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(tok) as RegExpExecArray;
      const href = lm[2];
      out.push(/^(https?:|mailto:)/i.test(href) ? h('a', { href, rel: 'noopener noreferrer', target: '_blank' }, ...inline(lm[1])) : document.createTextNode(tok));
    }
    rest = rest.slice(m.index + tok.length);
  }
  if (rest !== '') out.push(document.createTextNode(rest));
  return out;
}

/** Draws Markdown text into a new `div.markdown`. */
export function markdown(text: string): HTMLElement {
  const root = h('div', { className: 'markdown' });
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  let para: string[] = [];
  const flush = (): void => {
    if (para.length > 0) root.appendChild(h('p', {}, ...inline(para.join(' '))));
    para = [];
  };
  while (i < lines.length) {
    const line = lines[i];
    const fence = /^```/.exec(line);
    if (fence !== null) {
      flush();
      const code: string[] = [];
      i++;
      while (i < lines.length && !/^```/.test(lines[i])) code.push(lines[i++]);
      i++;
      root.appendChild(h('pre', {}, h('code', {}, code.join('\n'))));
      continue;
    }
    const head = /^(#{1,6})\s+(.*)$/.exec(line);
    if (head !== null) {
      flush();
      root.appendChild(h(`h${Math.min(6, head[1].length + 2)}` as 'h3', {}, ...inline(head[2])));
      i++;
      continue;
    }
    if (/^\s*(-{3,}|\*{3,})\s*$/.test(line)) {
      flush();
      root.appendChild(h('hr'));
      i++;
      continue;
    }
    const item = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item !== null) {
      flush();
      const ordered = /\d/.test(item[1]);
      const list = h(ordered ? 'ol' : 'ul');
      while (i < lines.length) {
        const it = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(lines[i]);
        if (it === null || /\d/.test(it[1]) !== ordered) break;
        list.appendChild(h('li', {}, ...inline(it[2])));
        i++;
      }
      root.appendChild(list);
      continue;
    }
    if (/^>\s?/.test(line)) {
      flush();
      const quote: string[] = [];
      while (i < lines.length && /^>\s?/.test(lines[i])) quote.push(lines[i++].replace(/^>\s?/, ''));
      root.appendChild(h('blockquote', {}, ...inline(quote.join(' '))));
      continue;
    }
    if (line.trim() === '') flush();
    else para.push(line.trim());
    i++;
  }
  flush();
  return root;
}
