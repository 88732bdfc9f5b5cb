// Who knew what, when: indicators × agencies, as at a chosen date.

import { api, errorText, type Knowledge } from '../api';
import { button, debounce, field, h, replace } from '../dom';
import { fmtDate } from '../format';
import { buildMatrix } from '../matrix';
import { app, type Nav, type Screen } from '../state';

export function knowledgeScreen(nav: Nav): Screen {
  const subjectSel = h('select', { id: 'knowledge-subject' }) as HTMLSelectElement;
  const slider = h('input', { type: 'range', id: 'knowledge-asat', min: '0', max: '1000', step: '1', value: '1000', 'aria-describedby': 'knowledge-asat-label' }) as HTMLInputElement;
  const asAtLabel = h('output', { id: 'knowledge-asat-label', for: 'knowledge-asat', class: 'asat-label' });
  const latest = button('Latest', () => { slider.value = slider.max; onSlide(); }, { id: 'knowledge-latest' });
  const grid = h('div', { class: 'matrix-wrap', id: 'knowledge-matrix' });
  const legend = h('div', { class: 'legend-row', 'aria-label': 'Key' },
    h('span', { class: 'kcell own sample' }, 'date'), ' known first-hand ',
    h('span', { class: 'kcell shared sample' }, 'date'), ' learnt from another agency (via a record) ',
    h('span', { class: 'kcell possible sample' }, 'date ?'), ' possible (uncertain date or match) ',
    h('span', { class: 'kcell empty sample' }, '—'), ' not known');
  let extent: { lo: number; hi: number } | null = null;
  let seq = 0;
  let stale = true;
  let visible = false;

  const asAt = (): number | null => {
    if (!extent || slider.value === slider.max) return null;
    return extent.lo + (Number(slider.value) / Number(slider.max)) * (extent.hi - extent.lo);
  };
  const updateLabel = () => {
    const a = asAt();
    asAtLabel.textContent = a == null ? 'Latest (everything recorded)' : `As at ${fmtDate(a)}`;
    slider.setAttribute('aria-valuetext', asAtLabel.textContent);
  };
  const load = debounce(async () => {
    const mine = ++seq;
    const subj = subjectSel.value ? Number(subjectSel.value) : null;
    try {
      const k = await api.knowledge(asAt(), subj);
      if (mine !== seq) return;
      render(k);
    } catch (e) { if (mine === seq) nav.showError(errorText(e)); }
  }, 120);
  function onSlide(): void { updateLabel(); load(); }
  slider.addEventListener('input', onSlide);
  subjectSel.addEventListener('change', () => load());

  function render(k: Knowledge): void {
    if (k.range) extent = k.range;
    else if (!extent && app.review?.extent) extent = app.review.extent;
    updateLabel();
    const m = buildMatrix(k);
    if (m.rows.length === 0 || m.agencies.length === 0) {
      replace(grid, h('p', { class: 'muted pad', text: 'Nothing known yet: import chronologies and let the analysis finish.' }));
      return;
    }
    const table = h('table', { class: 'matrix' },
      h('caption', { class: 'sr-only', text: `Who knew what, ${asAtLabel.textContent}` }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'corner', text: 'Indicator' }),
        m.agencies.map((a) => h('th', { scope: 'col', text: a.name })))),
      h('tbody', {}, m.rows.map((r) => h('tr', { class: r.known ? '' : 'none-known' },
        h('th', { scope: 'row', text: r.label }),
        r.cells.map((c, i) => {
          if (!c) return h('td', { class: 'kcell empty', 'aria-label': `${m.agencies[i].name}: not known` }, '—');
          const cls = `kcell ${c.via} ${c.possible ? 'possible' : ''}`;
          const label = `${m.agencies[i].name} knew ${r.label} from ${c.firstKnown}, ${c.via === 'own' ? 'first-hand' : 'shared by another agency'}${c.possible ? ' (possible)' : ''}`;
          const td = h('td', { class: cls, 'aria-label': label, title: label, 'data-agency': String(c.agencyId), 'data-indicator': c.indicator },
            h('span', { class: 'kdate' }, c.firstKnown, c.possible ? ' ?' : ''));
          if (c.via === 'shared') {
            td.append(c.viaRecord != null
              ? button(`via record ${c.viaRecord}`, () => nav.openRecord(c.viaRecord!), { class: 'link small via', 'data-record-id': String(c.viaRecord) })
              : h('span', { class: 'via muted', text: 'shared' }));
          } else td.append(h('span', { class: 'via muted', text: 'own' }));
          return td;
        })))));
    replace(grid, table);
  }

  function fillSubjects(): void {
    const cur = subjectSel.value;
    replace(subjectSel, h('option', { value: '', text: 'All subjects' }),
      app.subjects.map((s) => h('option', { value: String(s.id), text: `${s.label} (${s.role})` })));
    subjectSel.value = app.subjects.some((s) => String(s.id) === cur) ? cur : '';
  }
  app.listsChanged.on(fillSubjects);
  app.reviewChanged.on((r) => { extent = r?.extent ?? null; stale = true; if (visible) load(); });
  app.dataChanged.on(() => { stale = true; if (visible) load(); });

  const el = h('section', { 'aria-labelledby': 'knowledge-title', class: 'knowledge-screen' },
    h('header', { class: 'screen-head' }, h('h1', { id: 'knowledge-title', text: 'Who knew what, when' }),
      h('p', { class: 'muted', text: 'The first date each agency knew of each indicator, first-hand or because another agency told it. Move the slider to see what was known at any date.' })),
    h('div', { class: 'toolbar wrap' }, field('Subject', subjectSel),
      h('div', { class: 'field grow' }, h('label', { for: slider.id, text: 'As at' }), h('div', { class: 'slider-row' }, slider, asAtLabel, latest))),
    legend, grid);

  return {
    el,
    show() { visible = true; fillSubjects(); updateLabel(); if (stale) { stale = false; load(); } },
    hide() { visible = false; },
  };
}
