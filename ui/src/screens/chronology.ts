// The merged chronology: a virtualised table over every matching record.

import { api, errorText, type Row } from '../api';
import type { DetailPanel } from '../detail';
import { h } from '../dom';
import { filterBar, filters, toFilter } from '../filters';
import { plural } from '../format';
import { agencyColour } from '../palette';
import { app, type Nav, type Screen } from '../state';
import { VirtualTable } from '../virtual-table';

export function chronologyScreen(nav: Nav, detail: DetailPanel): Screen {
  const bar = filterBar(filters, { agencies: () => app.review?.agencies ?? [], subjects: () => app.subjects, indicators: () => app.indicators });
  const count = h('span', { class: 'muted', id: 'chronology-count', 'aria-live': 'polite' });
  const currentFilter = () => toFilter(filters.state, app.review?.agencies ?? []);
  let stale = true;
  let visible = false;

  const table = new VirtualTable<Row>({
    rowHeight: 30,
    columns: [
      { label: 'When', className: 'c-when' },
      { label: 'Agency', className: 'c-agency' },
      { label: 'Entry', className: 'c-text' },
      { label: 'Outcome', className: 'c-outcome' },
      { label: 'Author', className: 'c-author' },
      { label: 'Flag', className: 'c-flag' },
    ],
    fetchPage: (offset, limit) => api.chronology(currentFilter(), offset, limit),
    renderCells: (r) => {
      const ag = app.review?.agencies.find((a) => a.id === r.agencyId);
      const sw = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      sw.style.backgroundColor = agencyColour(ag?.colour ?? 0);
      const agency = h('span', { class: 'agency-cell', title: r.agency }, sw, r.agency);
      const flag = r.flagged ? h('span', { class: 'flag-mark', title: 'Cited by a flag' }, '▲ Flag') : '';
      return [r.when, agency, r.text, r.outcome ?? '', r.author ?? '', flag];
    },
    rowLabel: (r) => `${r.when}, ${r.agency}: ${r.text}${r.flagged ? ' (flagged)' : ''}`,
    rowClass: (r) => (r.flagged ? 'flagged' : ''),
    onActivate: (r) => { void detail.open(r.id); },
    onError: (e) => nav.showError(errorText(e)),
    onTotal: (n) => { count.textContent = plural(n, 'record'); },
    empty: 'No records match these filters.',
  });

  const el = h('section', { 'aria-labelledby': 'chronology-title', class: 'chronology-screen' },
    h('header', { class: 'screen-head row' }, h('h1', { id: 'chronology-title', text: 'Merged chronology' }), count),
    bar.el, table.el);

  const reload = () => { if (visible) { stale = false; table.reload(); } else stale = true; };
  filters.changed.on(reload);
  app.listsChanged.on(() => bar.refresh());
  app.reviewChanged.on(() => { bar.refresh(); stale = true; if (visible) reload(); });
  app.dataChanged.on((w) => { if (w !== 'subjects') reload(); });

  return {
    el,
    show(opts) {
      visible = true;
      if (stale) reload();
      if (opts?.recordId != null) {
        const id = opts.recordId;
        api.chronologyPosition(currentFilter(), id).then((pos) => {
          if (pos != null) table.scrollToIndex(pos);
          void detail.open(id);
        }, (e) => nav.showError(errorText(e)));
      }
    },
    hide() { visible = false; },
  };
}
