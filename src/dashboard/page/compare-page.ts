/**
 * Several studies side by side: their optimization histories and value distributions (EDF) in
 * one chart each (the first objective of a multi-objective study), updated live.
 */
import { get, listen, throttle } from './api.js';
import { ChartSet, type ChartJson } from './charts.js';
import { h, replace } from './dom.js';
import type { StudyStats } from './list-page.js';

/** Draws the compare page for `ids` into `root`; returns its cleanup. */
export function comparePage(root: HTMLElement, ids: number[]): () => void {
  const status = h('p', { className: 'muted' });
  const names = h('ul', { className: 'compared' });
  const chartRoot = h('div', { id: 'charts' });
  const charts = new ChartSet(chartRoot, null);
  replace(root, h('h1', {}, h('a', { href: '#/' }, 'Studies'), ' / compare'), names, status, chartRoot);
  let closed = false;
  const load = async (): Promise<void> => {
    try {
      const [list, c] = await Promise.all([
        get<{ studies: StudyStats[] }>('/api/studies'),
        get<{ charts: ChartJson[] }>(`/api/compare?${ids.map((id) => `study=${id}`).join('&')}`),
      ]);
      if (closed) return;
      const byId = new Map(list.studies.map((s) => [s.studyId, s]));
      replace(names, ids.map((id) => h('li', {}, h('a', { href: `#/studies/${id}` }, byId.get(id)?.studyName ?? `study ${id}`), ` (${byId.get(id)?.nTrials ?? 0} trials)`)));
      charts.update(c.charts, []);
      status.textContent = '';
      root.dataset.loaded = 'true';
    } catch (e) {
      status.textContent = (e as Error).message;
    }
  };
  const soon = throttle(() => void load(), 1000);
  const stop = listen(ids.map((id) => `study=${id}`).join('&'), { study: soon }, () => void load());
  return () => {
    closed = true;
    stop();
    charts.dispose();
  };
}
