import { describe, expect, it } from 'vitest';
import type { Agency } from '../src/api';
import { emptyFilters, isFiltered, toFilter } from '../src/filters';

const ags: Agency[] = [1, 2, 3].map((id) => ({ id, name: `A${id}`, kind: 'other', records: 1, colour: id }));

describe('toFilter', () => {
  it('sends nothing when nothing is filtered', () => {
    expect(toFilter(emptyFilters(), ags)).toEqual({});
    expect(isFiltered(emptyFilters())).toBe(false);
  });
  it('lists the agencies still shown when some are hidden', () => {
    const s = emptyFilters();
    s.hiddenAgencies.add(2);
    expect(toFilter(s, ags)).toEqual({ agencies: [1, 3] });
    s.hiddenAgencies.add(1); s.hiddenAgencies.add(3);
    expect(toFilter(s, ags)).toEqual({ agencies: [] });
  });
  it('maps subjects, indicators, search and flagged-only', () => {
    const s = emptyFilters();
    s.subjects.add(5); s.subjects.add(2);
    s.indicators.add('neglect'); s.indicators.add('injury');
    s.search = '  bruise*  ';
    s.flaggedOnly = true;
    expect(toFilter(s, ags)).toEqual({ subjects: [2, 5], indicators: ['injury', 'neglect'], search: 'bruise*', flaggedOnly: true });
    expect(isFiltered(s)).toBe(true);
  });
  it('ignores a blank search and hidden agencies no longer in the review', () => {
    const s = emptyFilters();
    s.search = '   ';
    s.hiddenAgencies.add(99);
    expect(toFilter(s, ags)).toEqual({});
  });
});
