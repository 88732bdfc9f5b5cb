// Filters shared by the timeline and the chronology: the state, its translation into
// the contract's Filter object, and the filter bar.

import type { Agency, Filter, IndicatorDef, Subject } from './api';
import { debounce, h, nextId, replace } from './dom';
import { agencyColour } from './palette';
import { Emitter } from './state';

export interface FilterState {
  /** agencies hidden by the user (so a newly imported agency is shown by default) */
  hiddenAgencies: Set<number>;
  subjects: Set<number>;
  indicators: Set<string>;
  search: string;
  flaggedOnly: boolean;
}

export function emptyFilters(): FilterState {
  return { hiddenAgencies: new Set(), subjects: new Set(), indicators: new Set(), search: '', flaggedOnly: false };
}

/** The contract's Filter: fields left out when they do not restrict anything. */
export function toFilter(s: FilterState, agencies: Agency[]): Filter {
  const f: Filter = {};
  const hidden = agencies.filter((a) => s.hiddenAgencies.has(a.id));
  if (hidden.length > 0) f.agencies = agencies.filter((a) => !s.hiddenAgencies.has(a.id)).map((a) => a.id);
  if (s.subjects.size > 0) f.subjects = [...s.subjects].sort((a, b) => a - b);
  if (s.indicators.size > 0) f.indicators = [...s.indicators].sort();
  const q = s.search.trim();
  if (q) f.search = q;
  if (s.flaggedOnly) f.flaggedOnly = true;
  return f;
}

export function isFiltered(s: FilterState): boolean {
  return s.hiddenAgencies.size > 0 || s.subjects.size > 0 || s.indicators.size > 0 || s.search.trim() !== '' || s.flaggedOnly;
}

export class FilterStore {
  state: FilterState = emptyFilters();
  changed = new Emitter<FilterState>();
  update(fn: (s: FilterState) => void): void {
    fn(this.state);
    this.changed.emit(this.state);
  }
  reset(): void {
    this.state = emptyFilters();
    this.changed.emit(this.state);
  }
}

export const filters = new FilterStore();

interface Lists { agencies: () => Agency[]; subjects: () => Subject[]; indicators: () => IndicatorDef[] }

/** A filter bar bound to the shared store; call refresh() when the lists change. */
export function filterBar(store: FilterStore, lists: Lists): { el: HTMLElement; refresh: () => void } {
  const el = h('div', { class: 'filter-bar', role: 'search', 'aria-label': 'Filters' });
  const agencyMenu = menu('Agencies');
  const subjectMenu = menu('Subjects');
  const indicatorMenu = menu('Indicators');
  const searchId = nextId('search');
  const search = h('input', { type: 'search', id: searchId, class: 'filter-search', placeholder: 'Search text…', 'aria-label': 'Search record text' }) as HTMLInputElement;
  const flagged = h('input', { type: 'checkbox', id: nextId('flagged') }) as HTMLInputElement;
  const clearBtn = h('button', { type: 'button', class: 'link' }, 'Clear filters');

  const pushSearch = debounce(() => store.update((s) => { s.search = search.value; }), 300);
  search.addEventListener('input', pushSearch);
  search.addEventListener('keydown', (e) => { if (e.key === 'Enter') store.update((s) => { s.search = search.value; }); });
  flagged.addEventListener('change', () => store.update((s) => { s.flaggedOnly = flagged.checked; }));
  clearBtn.addEventListener('click', () => store.reset());

  el.append(agencyMenu.el, subjectMenu.el, indicatorMenu.el, search,
    h('label', { class: 'check', for: flagged.id }, flagged, ' Flagged only'), clearBtn);

  const refresh = () => {
    const s = store.state;
    const ags = lists.agencies();
    agencyMenu.fill(ags.map((a) => ({ key: String(a.id), label: a.name, checked: !s.hiddenAgencies.has(a.id), swatch: agencyColour(a.colour) })),
      (key, on) => store.update((st) => { if (on) st.hiddenAgencies.delete(Number(key)); else st.hiddenAgencies.add(Number(key)); }));
    agencyMenu.setCount(ags.length - ags.filter((a) => s.hiddenAgencies.has(a.id)).length, ags.length, false);
    const subs = lists.subjects();
    subjectMenu.fill(subs.map((x) => ({ key: String(x.id), label: `${x.label} (${x.role})`, checked: s.subjects.has(x.id) })),
      (key, on) => store.update((st) => { if (on) st.subjects.add(Number(key)); else st.subjects.delete(Number(key)); }));
    subjectMenu.setCount(s.subjects.size, subs.length, true);
    const inds = lists.indicators();
    indicatorMenu.fill(inds.map((x) => ({ key: x.id, label: x.label, checked: s.indicators.has(x.id) })),
      (key, on) => store.update((st) => { if (on) st.indicators.add(key); else st.indicators.delete(key); }));
    indicatorMenu.setCount(s.indicators.size, inds.length, true);
    if (document.activeElement !== search) search.value = s.search;
    flagged.checked = s.flaggedOnly;
    clearBtn.hidden = !isFiltered(s);
  };
  store.changed.on(refresh);
  refresh();
  return { el, refresh };
}

interface MenuEntry { key: string; label: string; checked: boolean; swatch?: string }

function menu(title: string) {
  const summary = h('summary', { class: 'menu-button' }, title);
  const list = h('div', { class: 'menu-list', role: 'group', 'aria-label': title });
  const el = h('details', { class: 'menu' }, summary, list) as HTMLDetailsElement;
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && el.open) { el.open = false; summary.focus(); e.stopPropagation(); }
  });
  document.addEventListener('click', (e) => { if (el.open && !el.contains(e.target as Node)) el.open = false; });
  return {
    el,
    fill(entries: MenuEntry[], onToggle: (key: string, on: boolean) => void) {
      if (entries.length === 0) { replace(list, h('div', { class: 'muted pad', text: 'None yet' })); return; }
      // keep focus position stable when re-rendered
      const focusedKey = (document.activeElement as HTMLElement | null)?.dataset?.key;
      replace(list, entries.map((en) => {
        const cb = h('input', { type: 'checkbox', id: nextId('m'), 'data-key': en.key, checked: en.checked }) as HTMLInputElement;
        cb.addEventListener('change', () => onToggle(en.key, cb.checked));
        return h('label', { class: 'check menu-item', for: cb.id }, cb,
          en.swatch ? swatch(en.swatch) : null, en.label);
      }));
      if (focusedKey) (list.querySelector(`[data-key="${CSS.escape(focusedKey)}"]`) as HTMLElement | null)?.focus();
    },
    setCount(n: number, of: number, selectionMeansFilter: boolean) {
      summary.textContent = selectionMeansFilter
        ? (n > 0 ? `${title} (${n})` : title)
        : (n < of ? `${title} (${n} of ${of})` : title);
      summary.classList.toggle('active', selectionMeansFilter ? n > 0 : n < of);
    },
  };
}

function swatch(colour: string): HTMLElement {
  const s = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  s.style.backgroundColor = colour;
  return s;
}
