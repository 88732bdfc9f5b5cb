// A virtualised list: only the rows in view are in the DOM. A spacer gives the scroll
// height; past MAX_SCROLL_PX the scroll position is scaled, because browsers cap an
// element's height (about 16–33 million px). Rows come from a page cache.

import { h, replace } from './dom';

export const MAX_SCROLL_PX = 8_000_000;

export interface RowWindow {
  first: number;       // index of the first row drawn
  count: number;       // rows drawn
  top: number;         // offset (px, in scroll content) of the first row drawn
  spacer: number;      // total scroll height
}

/** The spacer height for `total` rows: natural, or capped (then scrolling is scaled). */
export function spacerHeight(total: number, rowH: number, max = MAX_SCROLL_PX): number {
  return Math.min(total * rowH, max);
}

/**
 * Which rows to draw for a scroll position. With scaling, scroll fraction maps linearly
 * onto the first visible row, so the last row is reachable and nothing is skipped
 * between adjacent scroll positions more than the scale factor.
 */
export function rowWindow(scrollTop: number, viewH: number, total: number, rowH: number, max = MAX_SCROLL_PX): RowWindow {
  const spacer = spacerHeight(total, rowH, max);
  if (total <= 0) return { first: 0, count: 0, top: 0, spacer: 0 };
  const maxScroll = Math.max(0, spacer - viewH);
  const maxFirst = Math.max(0, total - viewH / rowH);
  const st = Math.min(Math.max(0, scrollTop), maxScroll);
  const exact = maxScroll > 0 ? (st / maxScroll) * maxFirst : 0;
  const first = Math.floor(exact);
  const top = st - (exact - first) * rowH;
  const count = Math.min(total - first, Math.ceil(viewH / rowH) + 1);
  return { first, count, top, spacer };
}

/** The scroll position that puts row `index` at the top. */
export function scrollTopFor(index: number, viewH: number, total: number, rowH: number, max = MAX_SCROLL_PX): number {
  const spacer = spacerHeight(total, rowH, max);
  const maxScroll = Math.max(0, spacer - viewH);
  const maxFirst = Math.max(0, total - viewH / rowH);
  if (maxFirst <= 0) return 0;
  return Math.min(maxScroll, (Math.min(index, maxFirst) / maxFirst) * maxScroll);
}

/** Pages of rows by offset, with a small LRU and one request per page in flight. */
export class PageCache<R> {
  private pages = new Map<number, R[]>();
  private inflight = new Map<number, Promise<void>>();
  private generation = 0;
  total: number | null = null;

  constructor(
    private fetchPage: (offset: number, limit: number) => Promise<{ total: number; rows: R[] }>,
    public pageSize = 200,
    private maxPages = 24,
  ) {}

  pageOf(index: number): number { return Math.floor(index / this.pageSize); }

  get(index: number): R | undefined {
    const p = this.pages.get(this.pageOf(index));
    if (!p) return undefined;
    // refresh LRU position
    this.pages.delete(this.pageOf(index));
    this.pages.set(this.pageOf(index), p);
    return p[index % this.pageSize];
  }

  has(page: number): boolean { return this.pages.has(page); }

  /** Load the pages covering [first, first+count); resolves when all are present. */
  async ensure(first: number, count: number): Promise<void> {
    const a = this.pageOf(first);
    const b = this.pageOf(Math.max(first, first + count - 1));
    const waits: Promise<void>[] = [];
    for (let p = a; p <= b; p++) waits.push(this.load(p));
    await Promise.all(waits);
  }

  private load(page: number): Promise<void> {
    if (this.pages.has(page)) return Promise.resolve();
    const existing = this.inflight.get(page);
    if (existing) return existing;
    const gen = this.generation;
    const pr = this.fetchPage(page * this.pageSize, this.pageSize).then((res) => {
      if (gen !== this.generation) return;
      this.total = res.total;
      this.pages.set(page, res.rows);
      while (this.pages.size > this.maxPages) {
        const oldest = this.pages.keys().next().value as number;
        this.pages.delete(oldest);
      }
    }).finally(() => { if (gen === this.generation) this.inflight.delete(page); });
    this.inflight.set(page, pr);
    return pr;
  }

  clear(): void {
    this.generation += 1;
    this.pages.clear();
    this.inflight.clear();
    this.total = null;
  }
}

export interface VirtualTableOptions<R> {
  rowHeight: number;
  columns: { label: string; className: string }[];
  fetchPage: (offset: number, limit: number) => Promise<{ total: number; rows: R[] }>;
  renderCells: (row: R) => (HTMLElement | string)[];
  rowLabel: (row: R) => string;
  onActivate: (row: R) => void;
  onError: (e: unknown) => void;
  onTotal?: (total: number) => void;
  rowClass?: (row: R) => string;
  empty: string;
}

export class VirtualTable<R extends { id: number }> {
  readonly el: HTMLElement;
  private viewport: HTMLElement;
  private spacer: HTMLElement;
  private rowsEl: HTMLElement;
  private emptyEl: HTMLElement;
  readonly cache: PageCache<R>;
  private raf = 0;
  private viewH = 400;
  selectedId: number | null = null;

  constructor(private o: VirtualTableOptions<R>) {
    this.cache = new PageCache<R>(o.fetchPage);
    const head = h('div', { class: 'vt-head', role: 'row' },
      o.columns.map((c) => h('div', { class: `vt-cell ${c.className}`, role: 'columnheader', text: c.label })));
    this.spacer = h('div', { class: 'vt-spacer' });
    this.rowsEl = h('div', { class: 'vt-rows', role: 'rowgroup' });
    this.emptyEl = h('div', { class: 'vt-empty muted', text: o.empty, hidden: true });
    this.viewport = h('div', { class: 'vt-viewport', tabindex: '-1' }, this.spacer, this.rowsEl, this.emptyEl);
    this.el = h('div', { class: 'vt', role: 'table', 'aria-label': 'Merged chronology', 'aria-rowcount': '0' }, head, this.viewport);
    this.viewport.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => { this.viewH = this.viewport.clientHeight || this.viewH; this.schedule(); }).observe(this.viewport);
  }

  /** Start again (filters changed). */
  reload(): void {
    this.cache.clear();
    this.viewport.scrollTop = 0;
    this.cache.ensure(0, 1).then(() => { this.o.onTotal?.(this.cache.total ?? 0); this.render(); }, this.o.onError);
    this.render();
  }

  scrollToIndex(i: number): void {
    const total = this.cache.total ?? 0;
    this.viewport.scrollTop = scrollTopFor(Math.max(0, i - 3), this.viewH, total, this.o.rowHeight);
    this.render();
  }

  private schedule(): void {
    if (this.raf) return;
    this.raf = requestAnimationFrame(() => { this.raf = 0; this.render(); });
  }

  render(): void {
    const total = this.cache.total;
    if (total == null) { replace(this.rowsEl); this.emptyEl.hidden = true; return; }
    this.el.setAttribute('aria-rowcount', String(total));
    this.emptyEl.hidden = total > 0;
    const w = rowWindow(this.viewport.scrollTop, this.viewH, total, this.o.rowHeight);
    this.spacer.style.height = `${w.spacer}px`;
    this.rowsEl.style.transform = `translateY(${w.top}px)`;
    let missing = false;
    const focusedId = (document.activeElement as HTMLElement | null)?.dataset?.recordId;
    const rows: HTMLElement[] = [];
    for (let i = w.first; i < w.first + w.count; i++) {
      const r = this.cache.get(i);
      if (!r) {
        missing = true;
        rows.push(h('div', { class: 'vt-row loading', role: 'row', 'aria-rowindex': String(i + 1) },
          h('div', { class: 'vt-cell muted', role: 'cell', text: 'Loading…' })));
        continue;
      }
      const extra = this.o.rowClass?.(r) ?? '';
      const row = h('div', {
        class: `vt-row ${i % 2 ? 'odd' : ''} ${r.id === this.selectedId ? 'selected' : ''} ${extra}`,
        role: 'row', tabindex: '0', 'aria-rowindex': String(i + 1), 'data-record-id': String(r.id),
        'aria-label': this.o.rowLabel(r),
      }, this.o.renderCells(r).map((c, ci) => {
        const cell = h('div', { class: `vt-cell ${this.o.columns[ci]?.className ?? ''}`, role: 'cell' });
        if (typeof c === 'string') { cell.textContent = c; cell.title = c; } else cell.appendChild(c);
        return cell;
      }));
      row.addEventListener('click', () => this.activate(r));
      row.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); this.activate(r); }
        else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          this.viewport.scrollTop += (e.key === 'ArrowDown' ? 1 : -1) * this.o.rowHeight;
          const sib = (e.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null;
          sib?.focus();
        }
      });
      rows.push(row);
    }
    replace(this.rowsEl, rows);
    if (focusedId) (this.rowsEl.querySelector(`[data-record-id="${focusedId}"]`) as HTMLElement | null)?.focus({ preventScroll: true });
    if (missing) {
      this.cache.ensure(w.first, w.count).then(() => this.schedule(), this.o.onError);
    }
  }

  private activate(r: R): void {
    this.selectedId = r.id;
    this.o.onActivate(r);
    this.render();
  }
}
