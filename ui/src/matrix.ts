// Builds the knowledge matrix (indicators × agencies) from the backend's cell list.

import type { Knowledge, KnowledgeCell } from './api';

export interface MatrixRow { indicator: string; label: string; cells: (KnowledgeCell | null)[]; known: number }
export interface Matrix { agencies: { id: number; name: string }[]; rows: MatrixRow[]; asAt: number | null }

/**
 * One row per indicator, one column per agency, in the backend's orders. A cell is the
 * earliest knowledge of that indicator by that agency; cells after `asAt` are left out
 * (the matrix is "as at" that moment). Rows with no knowledge at all are kept (so the
 * grid does not jump as the slider moves) but sorted after rows with some.
 */
export function buildMatrix(k: Knowledge): Matrix {
  const col = new Map<number, number>();
  k.agencies.forEach((a, i) => col.set(a.id, i));
  const rowIdx = new Map<string, number>();
  const rows: MatrixRow[] = k.indicators.map((ind, i) => {
    rowIdx.set(ind.id, i);
    return { indicator: ind.id, label: ind.label, cells: k.agencies.map(() => null), known: 0 };
  });
  for (const c of k.cells) {
    if (k.asAt != null && c.at > k.asAt) continue;
    const r = rowIdx.get(c.indicator);
    const ci = col.get(c.agencyId);
    if (r === undefined || ci === undefined) continue;
    const prev = rows[r].cells[ci];
    if (!prev) rows[r].known += 1;
    if (!prev || c.at < prev.at) rows[r].cells[ci] = c;
  }
  const order = rows.map((r, i) => ({ r, i }));
  order.sort((a, b) => (a.r.known > 0 ? 0 : 1) - (b.r.known > 0 ? 0 : 1) || a.i - b.i);
  return { agencies: k.agencies, rows: order.map((o) => o.r), asAt: k.asAt };
}
