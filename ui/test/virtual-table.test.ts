import { describe, expect, it, vi } from 'vitest';
import { MAX_SCROLL_PX, PageCache, rowWindow, scrollTopFor, spacerHeight } from '../src/virtual-table';

describe('rowWindow', () => {
  it('draws only the rows in view, plus one', () => {
    const w = rowWindow(0, 300, 1000, 30);
    expect(w).toEqual({ first: 0, count: 11, top: 0, spacer: 30000 });
    const w2 = rowWindow(3015, 300, 1000, 30);
    expect(w2.first).toBe(100);
    expect(w2.top).toBe(3000);
  });
  it('stops at the last row', () => {
    const w = rowWindow(1e9, 300, 1000, 30);
    expect(w.first + w.count).toBe(1000);
    expect(w.first).toBe(990);
  });
  it('scales the scroll height for a million rows and still reaches both ends', () => {
    const total = 1_000_000;
    expect(spacerHeight(total, 30)).toBe(MAX_SCROLL_PX);
    expect(rowWindow(0, 600, total, 30).first).toBe(0);
    const end = rowWindow(MAX_SCROLL_PX - 600, 600, total, 30);
    expect(end.first + end.count).toBe(total);
    const mid = rowWindow((MAX_SCROLL_PX - 600) / 2, 600, total, 30);
    expect(Math.abs(mid.first - (total - 20) / 2)).toBeLessThan(2);
    // the drawn rows stay inside the viewport's scroll content
    expect(mid.top).toBeLessThanOrEqual((MAX_SCROLL_PX - 600) / 2);
    expect(mid.top).toBeGreaterThan((MAX_SCROLL_PX - 600) / 2 - 30);
  });
  it('handles an empty table', () => {
    expect(rowWindow(0, 300, 0, 30)).toEqual({ first: 0, count: 0, top: 0, spacer: 0 });
  });
  it('scrollTopFor inverts rowWindow', () => {
    for (const total of [500, 1_000_000]) {
      const st = scrollTopFor(4321 % total, 600, total, 30);
      expect(rowWindow(st, 600, total, 30).first).toBe(4321 % total);
    }
  });
});

describe('PageCache', () => {
  it('fetches each page once, even when asked twice at the same time', async () => {
    const fetch = vi.fn(async (offset: number, limit: number) => ({ total: 1000, rows: Array.from({ length: limit }, (_, i) => offset + i) }));
    const c = new PageCache<number>(fetch, 200, 3);
    await Promise.all([c.ensure(150, 100), c.ensure(190, 20)]);
    expect(fetch.mock.calls.map((a) => a[0])).toEqual([0, 200]);
    expect(c.get(150)).toBe(150);
    expect(c.get(299)).toBe(299);
    expect(c.total).toBe(1000);
  });
  it('evicts the least recently used pages', async () => {
    const fetch = vi.fn(async (offset: number, limit: number) => ({ total: 10000, rows: Array.from({ length: limit }, (_, i) => offset + i) }));
    const c = new PageCache<number>(fetch, 100, 2);
    await c.ensure(0, 1);
    await c.ensure(100, 1);
    c.get(0);                 // page 0 is now the most recent
    await c.ensure(200, 1);   // evicts page 1
    expect(c.has(0)).toBe(true);
    expect(c.has(1)).toBe(false);
    expect(c.has(2)).toBe(true);
  });
  it('drops answers that arrive after clear()', async () => {
    let resolve!: (v: { total: number; rows: number[] }) => void;
    const c = new PageCache<number>(() => new Promise((r) => { resolve = r; }), 10, 4);
    const p = c.ensure(0, 5);
    c.clear();
    resolve({ total: 5, rows: [1, 2, 3, 4, 5] });
    await p;
    expect(c.has(0)).toBe(false);
    expect(c.total).toBeNull();
  });
});
