import { describe, expect, it } from 'vitest';
import type { Knowledge } from '../src/api';
import { buildMatrix } from '../src/matrix';

const base: Knowledge = {
  asAt: null, range: { lo: 0, hi: 100 },
  indicators: [{ id: 'injury', label: 'Injury' }, { id: 'neglect', label: 'Neglect' }, { id: 'missing', label: 'Missing episode' }],
  agencies: [{ id: 10, name: 'Police' }, { id: 20, name: 'School' }],
  cells: [
    { indicator: 'neglect', agencyId: 20, firstKnown: '02/01/2020', at: 50, via: 'shared', viaRecord: 7, possible: false },
    { indicator: 'injury', agencyId: 10, firstKnown: '01/01/2020', at: 10, via: 'own', viaRecord: null, possible: false },
    { indicator: 'injury', agencyId: 10, firstKnown: '01/01/2019', at: 5, via: 'shared', viaRecord: 3, possible: true },
    { indicator: 'injury', agencyId: 99, firstKnown: 'x', at: 1, via: 'own', viaRecord: null, possible: false },
  ],
};

describe('buildMatrix', () => {
  it('puts each cell under its indicator and agency, keeping the earliest', () => {
    const m = buildMatrix(base);
    expect(m.agencies.map((a) => a.name)).toEqual(['Police', 'School']);
    const injury = m.rows.find((r) => r.indicator === 'injury')!;
    expect(injury.cells[0]).toMatchObject({ at: 5, via: 'shared', viaRecord: 3, possible: true });
    expect(injury.cells[1]).toBeNull();
    const neglect = m.rows.find((r) => r.indicator === 'neglect')!;
    expect(neglect.cells[1]).toMatchObject({ via: 'shared', viaRecord: 7 });
  });
  it('sorts indicators nobody knew after the others, keeping order otherwise', () => {
    expect(buildMatrix(base).rows.map((r) => r.indicator)).toEqual(['injury', 'neglect', 'missing']);
  });
  it('leaves out knowledge after the as-at date', () => {
    const m = buildMatrix({ ...base, asAt: 20 });
    expect(m.rows.find((r) => r.indicator === 'neglect')!.cells[1]).toBeNull();
    expect(m.rows.find((r) => r.indicator === 'injury')!.known).toBe(1);
    expect(m.rows.map((r) => r.indicator)).toEqual(['injury', 'neglect', 'missing']);
  });
});
