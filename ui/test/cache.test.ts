import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TimelineWindow } from '../src/api';
import { BUCKET_PX, covers, needsRefetch, planFetch, WindowCache, type Cached, type Plan } from '../src/timeline/cache';

const view = (from: number, to: number, width = 1000) => ({ from, to, width });
const win = (p: Plan, items = false): TimelineWindow => ({
  from: p.from, to: p.to, total: 0,
  lanes: [{ agencyId: 1, count: 0, items: items ? [] : null, buckets: items ? null : new Array(p.buckets).fill(0) }],
});
const cached = (p: Plan, complete = false): Cached => ({ ...p, data: win(p, complete), complete });

describe('planFetch', () => {
  it('asks for three times the visible span, centred, with buckets per pixel', () => {
    const p = planFetch(view(1000, 2000), 'k');
    expect(p.from).toBe(0);
    expect(p.to).toBe(3000);
    expect(p.viewSpan).toBe(1000);
    expect(p.buckets).toBe(Math.round(3000 / BUCKET_PX));
  });
});

describe('needsRefetch', () => {
  const p = planFetch(view(1000, 2000), 'k');
  const c = cached(p);
  it('fetches when nothing is cached', () => expect(needsRefetch(null, view(0, 1), 'k')).toBe(true));
  it('serves small pans from the cache', () => {
    expect(needsRefetch(c, view(1400, 2400), 'k')).toBe(false);
    expect(needsRefetch(c, view(600, 1600), 'k')).toBe(false);
  });
  it('refetches when the view leaves the cached range', () => {
    expect(needsRefetch(c, view(1900, 2900), 'k')).toBe(false);
    expect(needsRefetch(c, view(2100, 3100), 'k')).toBe(true);
    expect(needsRefetch(c, view(-100, 900), 'k')).toBe(true);
  });
  it('refetches when zoom changes by more than 1.5×', () => {
    expect(needsRefetch(c, view(1100, 1800), 'k')).toBe(false);   // 0.7×
    expect(needsRefetch(c, view(1200, 1800), 'k')).toBe(true);    // 0.6× → buckets too coarse
    expect(needsRefetch(c, view(800, 2200), 'k')).toBe(false);    // 1.4×
    expect(needsRefetch(c, view(700, 2300), 'k')).toBe(true);     // 1.6×
  });
  it('does not refetch on zoom-in when every lane came back as items', () => {
    expect(needsRefetch(cached(p, true), view(1400, 1450), 'k')).toBe(false);
  });
  it('refetches when the filter changes', () => {
    expect(needsRefetch(c, view(1000, 2000), 'other')).toBe(true);
  });
  it('covers() applies the same rules to a request in flight', () => {
    expect(covers(p, view(1100, 1900), 'k')).toBe(true);
    expect(covers(p, view(2600, 3600), 'k')).toBe(false);
  });
});

describe('WindowCache', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('debounces requests and keeps only the latest answer', async () => {
    const resolvers: ((w: TimelineWindow) => void)[] = [];
    const plans: Plan[] = [];
    const fetcher = vi.fn((p: Plan) => { plans.push(p); return new Promise<TimelineWindow>((r) => resolvers.push(r)); });
    const onUpdate = vi.fn();
    const c = new WindowCache(fetcher, onUpdate, () => {}, 50);
    c.request(view(0, 100), 'k');            // first request goes at once
    expect(fetcher).toHaveBeenCalledTimes(1);
    for (let i = 1; i <= 20; i++) c.request(view(i * 1000, i * 1000 + 100), 'k'); // a burst of pans
    expect(fetcher).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60);
    expect(fetcher).toHaveBeenCalledTimes(2);  // one fetch for the whole burst
    resolvers[1](win(plans[1]));               // the newer answer first
    await vi.runAllTimersAsync();
    resolvers[0](win(plans[0]));               // then the stale one
    await vi.runAllTimersAsync();
    expect(onUpdate).toHaveBeenCalledTimes(1);
    expect(c.current!.from).toBe(plans[1].from);
  });

  it('does not call the backend while the view stays inside the cache', async () => {
    const fetcher = vi.fn(async (p: Plan) => win(p));
    const c = new WindowCache(fetcher, () => {}, () => {}, 10);
    c.request(view(1000, 2000), 'k');
    await vi.runAllTimersAsync();
    for (let i = 0; i < 100; i++) c.request(view(1000 + i, 2000 + i), 'k');
    await vi.runAllTimersAsync();
    expect(fetcher).toHaveBeenCalledTimes(1);
  });

  it('reports errors', async () => {
    const onError = vi.fn();
    const c = new WindowCache(async () => { throw new Error('gone'); }, () => {}, onError, 10);
    c.request(view(0, 10), 'k');
    await vi.runAllTimersAsync();
    expect(onError).toHaveBeenCalled();
  });
});
