// The timeline's window cache. The view is drawn from cached data only; the backend is
// asked for a window around the view (margin × the visible span) and asked again only
// when the view leaves that window, the zoom changes by more than `zoomTolerance`, or
// the filter changes. Requests are debounced, and only the latest one's answer is kept.

import type { Filter, TimelineWindow } from '../api';

export const MARGIN = 3;            // fetch 3× the visible span
export const ZOOM_TOLERANCE = 1.5;  // refetch when zoom changes by more than this
export const BUCKET_PX = 4;         // one histogram bucket per 4 CSS pixels
export const MAX_BUCKETS = 6000;
export const MAX_ITEMS = 1500;      // items per lane before the backend sends buckets

export interface View { from: number; to: number; width: number }
export interface Plan { from: number; to: number; buckets: number; viewSpan: number; filterKey: string }
export interface Cached extends Plan { data: TimelineWindow; complete: boolean }

export function filterKey(f: Filter): string {
  return JSON.stringify(f);
}

/** The window to ask for, centred on the view. */
export function planFetch(view: View, key: string, margin = MARGIN): Plan {
  const span = view.to - view.from;
  const c = (view.from + view.to) / 2;
  const buckets = Math.max(1, Math.min(MAX_BUCKETS, Math.round((view.width * margin) / BUCKET_PX)));
  return { from: c - (span * margin) / 2, to: c + (span * margin) / 2, buckets, viewSpan: span, filterKey: key };
}

/**
 * Whether `have` (cached or in flight) can serve `view`.
 * `complete` means every lane came back as items: then zooming in needs nothing new.
 */
export function covers(have: Plan & { complete?: boolean }, view: View, key: string, tol = ZOOM_TOLERANCE): boolean {
  if (have.filterKey !== key) return false;
  if (view.from < have.from || view.to > have.to) return false;
  const ratio = (view.to - view.from) / have.viewSpan;
  if (ratio > tol) return false;                 // zoomed out: buckets too fine, window too small
  if (ratio < 1 / tol && !have.complete) return false; // zoomed in: buckets too coarse
  return true;
}

export function needsRefetch(cached: Cached | null, view: View, key: string, tol = ZOOM_TOLERANCE): boolean {
  return cached === null || !covers(cached, view, key, tol);
}

export type Fetcher = (p: Plan) => Promise<TimelineWindow>;

export class WindowCache {
  current: Cached | null = null;
  private pending: Plan | null = null;
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  fetches = 0;

  constructor(private fetcher: Fetcher, private onUpdate: () => void, private onError: (e: unknown) => void, private debounceMs = 60) {}

  /** Call on every view change; cheap, never calls the backend directly. */
  request(view: View, key: string, immediate = false): void {
    if (!needsRefetch(this.current, view, key)) {
      if (this.timer !== undefined) { clearTimeout(this.timer); this.timer = undefined; }
      return;
    }
    if (this.pending && covers(this.pending, view, key)) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const go = () => { this.timer = undefined; void this.fetch(planFetch(view, key)); };
    if (immediate || (this.current === null && this.pending === null)) go();
    else this.timer = setTimeout(go, this.debounceMs);
  }

  /** Drop the cache (data changed) and fetch again. */
  invalidate(view: View, key: string): void {
    this.current = null;
    this.pending = null;
    this.request(view, key, true);
  }

  private async fetch(plan: Plan): Promise<void> {
    const mine = ++this.seq;
    this.pending = plan;
    this.fetches += 1;
    try {
      const data = await this.fetcher(plan);
      if (mine !== this.seq) return; // a newer request superseded this one
      const complete = data.lanes.every((l) => l.items !== null);
      this.current = { ...plan, data, complete };
      this.pending = null;
      this.onUpdate();
    } catch (e) {
      if (mine === this.seq) { this.pending = null; this.onError(e); }
    }
  }
}
