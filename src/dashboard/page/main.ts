/**
 * The dashboard page's entry (bundled by esbuild into `dist/dashboard/assets/app.js`): reads
 * `/api/info`, then draws the page the URL's hash names — `#/` the study list,
 * `#/studies/ID` a study, `#/studies/ID/trials/N` a trial, `#/compare?study=1&study=2` a
 * comparison — and redraws on every hash change.
 */
import { get, type Info } from './api.js';
import { h, replace } from './dom.js';
import { comparePage } from './compare-page.js';
import { listPage } from './list-page.js';
import { studyPage } from './study-page.js';
import { trialPage } from './trial-page.js';

const main = document.getElementById('main') as HTMLElement;
const footer = document.getElementById('footer') as HTMLElement;
let cleanup: (() => void) | null = null;

function go(hash: string): void {
  window.location.hash = hash;
}

function route(info: Info): void {
  cleanup?.();
  cleanup = null;
  const page = h('div', { className: 'page' });
  replace(main, page);
  const hash = window.location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  let m: RegExpExecArray | null;
  if ((m = /^\/studies\/(\d+)\/trials\/(\d+)$/.exec(path)) !== null) {
    document.body.dataset.page = 'trial';
    cleanup = trialPage(page, info, Number(m[1]), Number(m[2]));
  } else if ((m = /^\/studies\/(\d+)$/.exec(path)) !== null) {
    document.body.dataset.page = 'study';
    cleanup = studyPage(page, info, Number(m[1]), go);
  } else if (path === '/compare') {
    document.body.dataset.page = 'compare';
    const ids = new URLSearchParams(query).getAll('study').map(Number).filter((x) => Number.isInteger(x));
    cleanup = comparePage(page, ids);
  } else {
    document.body.dataset.page = 'list';
    cleanup = listPage(page, info, go);
  }
  window.scrollTo(0, 0);
}

async function start(): Promise<void> {
  try {
    const info = await get<Info>('/api/info');
    replace(
      footer,
      `gbtune ${info.version} · ${info.storage} · `,
      info.allowWrite ? h('span', { className: 'badge write' }, 'writes allowed') : h('span', { className: 'badge' }, 'read-only'),
    );
    window.addEventListener('hashchange', () => route(info));
    route(info);
  } catch (e) {
    replace(main, h('p', { className: 'error' }, `The dashboard's server does not answer: ${(e as Error).message}`));
  }
}

void start();
