// The timeline: one lane per agency on a canvas, panned and zoomed from cached data.

import { api, errorText, type FlagMark, type Item } from '../api';
import type { DetailPanel } from '../detail';
import { button, debounce, h, replace } from '../dom';
import { filterBar, filters, toFilter } from '../filters';
import { fmtDate, fmtInt } from '../format';
import { agencyColour, INK } from '../palette';
import { app, type Nav, type Screen } from '../state';
import { filterKey, MAX_ITEMS, WindowCache, type View } from '../timeline/cache';
import { drawFrame, GLYPHS, glyphPath, GUTTER, hitFlag, hitTest, type DrawResult } from '../timeline/draw';
import { DAY, TimeScale } from '../timeline/scale';

const ZOOM_STEP = 1.5;

export function timelineScreen(nav: Nav, detail: DetailPanel): Screen {
  const canvas = h('canvas', {
    id: 'timeline-canvas', tabindex: '0', class: 'timeline-canvas', 'data-lanes': '[]', 'data-items': '0',
    role: 'img',
    'aria-label': 'Timeline. Drag or use the arrow keys to move in time; plus and minus keys to zoom; F to fit everything. The list of records in view follows.',
  }) as HTMLCanvasElement;
  const ctx = canvas.getContext('2d', { alpha: false })!;
  const itemList = h('ul', { class: 'sr-only', id: 'timeline-items', 'aria-label': 'Records in view' });
  const rangeLabel = h('span', { class: 'range-label', id: 'timeline-range', 'aria-live': 'polite' });
  const showFlags = h('input', { type: 'checkbox', id: 'timeline-show-flags', checked: true }) as HTMLInputElement;
  const legend = glyphLegend();
  const bar = filterBar(filters, { agencies: () => app.review?.agencies ?? [], subjects: () => app.subjects, indicators: () => app.indicators });

  const toolbar = h('div', { class: 'toolbar' },
    h('div', { class: 'btn-group', role: 'group', 'aria-label': 'Zoom' },
      button('−', () => zoomBy(1 / ZOOM_STEP), { id: 'zoom-out', 'aria-label': 'Zoom out', title: 'Zoom out (−)' }),
      button('+', () => zoomBy(ZOOM_STEP), { id: 'zoom-in', 'aria-label': 'Zoom in', title: 'Zoom in (+)' }),
      button('Fit all', () => fitAll(), { id: 'zoom-fit', title: 'Show the whole review (F)' })),
    rangeLabel,
    h('span', { class: 'spacer' }),
    h('label', { class: 'check', for: showFlags.id }, showFlags, ' Show flags'),
    legend);
  const wrap = h('div', { class: 'canvas-wrap' }, canvas);
  const el = h('section', { 'aria-labelledby': 'timeline-title', class: 'timeline-screen' },
    h('h1', { id: 'timeline-title', class: 'sr-only', text: 'Timeline' }),
    bar.el, toolbar, wrap, itemList);

  // ---- state
  let cssW = 800;
  let cssH = 400;
  const scale = new TimeScale(0, 365 * DAY, cssW - GUTTER);
  let flagMarks: FlagMark[] = [];
  let highlightFlag: string | null = null;
  let last: DrawResult | null = null;
  let visible = false;
  let reviewPath: string | null = null;
  let raf = 0;
  let lastLanes = '';
  let frameCount = 0;

  const cache = new WindowCache(
    (p) => api.timelineWindow(p.from, p.to, p.buckets, MAX_ITEMS, toFilter(filters.state, app.review?.agencies ?? [])),
    () => requestDraw(),
    (e) => nav.showError(errorText(e)),
  );
  const key = () => filterKey(toFilter(filters.state, app.review?.agencies ?? []));
  const view = (): View => ({ from: scale.t0, to: scale.t1, width: scale.width });

  function viewChanged(immediate = false): void {
    if (app.review?.extent) scale.clampTo(app.review.extent.lo, app.review.extent.hi);
    if (app.review) cache.request(view(), key(), immediate);
    requestDraw();
  }

  function requestDraw(): void {
    if (!visible || raf) return;
    raf = requestAnimationFrame(frame);
  }

  function frame(): void {
    raf = 0;
    const agencies = app.review?.agencies ?? [];
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    last = drawFrame(ctx, {
      scale, width: cssW, height: cssH, agencies, data: cache.current, flags: flagMarks,
      showFlags: showFlags.checked, selectedId: detail.currentId, highlightFlag,
      loading: cache.current === null && agencies.length > 0,
    });
    frameCount++;
    const lanes = JSON.stringify(agencies.map((a) => a.name));
    if (lanes !== lastLanes) { canvas.dataset.lanes = lanes; lastLanes = lanes; }
    canvas.dataset.items = String(last.items);
    canvas.dataset.frames = String(frameCount);
    rangeLabel.textContent = `${fmtDate(scale.t0)} – ${fmtDate(scale.t1)}`;
    updateList();
  }

  const updateList = debounce(() => {
    if (!last) return;
    const byId = new Map<number, { it: Item; agency: string }>();
    const agencies = app.review?.agencies ?? [];
    for (const lane of cache.current?.data.lanes ?? []) {
      const name = agencies.find((a) => a.id === lane.agencyId)?.name ?? '';
      for (const it of lane.items ?? []) byId.set(it.id, { it, agency: name });
    }
    const ids = last.visibleIds.slice(0, 400);
    replace(itemList, ids.map((id) => {
      const e = byId.get(id);
      return h('li', {}, button(e ? `${e.agency}: ${e.it.label}` : `Record ${id}`, () => openRecord(id), { 'data-record-id': String(id) }));
    }), last.visibleIds.length > ids.length ? h('li', { text: `and ${fmtInt(last.visibleIds.length - ids.length)} more; zoom in to list them` }) : null);
  }, 250);

  function openRecord(id: number): void {
    void detail.open(id);
    requestDraw();
  }
  detail.onClose = () => requestDraw();

  // ---- sizing
  new ResizeObserver(() => {
    const r = wrap.getBoundingClientRect();
    if (r.width < 10 || r.height < 10) return;
    const dpr = window.devicePixelRatio || 1;
    cssW = Math.floor(r.width);
    cssH = Math.floor(r.height);
    canvas.width = Math.round(cssW * dpr);
    canvas.height = Math.round(cssH * dpr);
    canvas.style.width = `${cssW}px`;
    canvas.style.height = `${cssH}px`;
    // the visible span is kept: a wider window shows the same stretch of time, larger
    scale.width = Math.max(50, cssW - GUTTER);
    viewChanged();
  }).observe(wrap);

  // ---- interaction
  function zoomBy(f: number, px = scale.width / 2): void {
    scale.zoomAt(f, px);
    viewChanged();
  }
  function fitAll(): void {
    const ex = app.review?.extent;
    if (ex) scale.fit(ex.lo, ex.hi);
    viewChanged(true);
  }

  const pointers = new Map<number, { x: number; y: number }>();
  let dragStart: { x: number; y: number } | null = null;
  let moved = false;
  let pinchDist = 0;
  canvas.addEventListener('pointerdown', (e) => {
    canvas.setPointerCapture(e.pointerId);
    pointers.set(e.pointerId, { x: e.offsetX, y: e.offsetY });
    if (pointers.size === 1) { dragStart = { x: e.offsetX, y: e.offsetY }; moved = false; }
    if (pointers.size === 2) { const [a, b] = [...pointers.values()]; pinchDist = Math.hypot(a.x - b.x, a.y - b.y); moved = true; }
    canvas.classList.add('dragging');
  });
  canvas.addEventListener('pointermove', (e) => {
    const prev = pointers.get(e.pointerId);
    if (!prev) return;
    const cur = { x: e.offsetX, y: e.offsetY };
    pointers.set(e.pointerId, cur);
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const d = Math.hypot(a.x - b.x, a.y - b.y);
      if (pinchDist > 0 && d > 0) scale.zoomAt(d / pinchDist, (a.x + b.x) / 2 - GUTTER);
      pinchDist = d;
      viewChanged();
      return;
    }
    if (dragStart && (Math.abs(cur.x - dragStart.x) > 3 || Math.abs(cur.y - dragStart.y) > 3)) moved = true;
    if (moved) { scale.pan(cur.x - prev.x); viewChanged(); }
  });
  const endPointer = (e: PointerEvent) => {
    const had = pointers.delete(e.pointerId);
    if (pointers.size === 0) canvas.classList.remove('dragging');
    if (!had || pointers.size > 0) return;
    if (!moved && e.type === 'pointerup' && last) {
      const fid = showFlags.checked ? hitFlag(last.flagHits, e.offsetX, e.offsetY) : null;
      if (fid) { nav.navigate('flags', { flagId: fid }); return; }
      const id = hitTest(last.hits, e.offsetX, e.offsetY);
      if (id != null) openRecord(id);
    }
    dragStart = null;
  };
  canvas.addEventListener('pointerup', endPointer);
  canvas.addEventListener('pointercancel', endPointer);
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? cssW : 1;
    if (e.ctrlKey || e.metaKey) {
      scale.zoomAt(Math.exp(-e.deltaY * unit * 0.0025), e.offsetX - GUTTER);
    } else {
      const d = Math.abs(e.deltaX) > Math.abs(e.deltaY) ? e.deltaX : e.deltaY;
      scale.pan(-d * unit);
    }
    viewChanged();
  }, { passive: false });
  canvas.addEventListener('mousemove', (e) => {
    if (pointers.size || !last) return;
    const over = hitTest(last.hits, e.offsetX, e.offsetY) != null || (showFlags.checked && hitFlag(last.flagHits, e.offsetX, e.offsetY) != null);
    canvas.classList.toggle('over-item', over);
  });
  canvas.addEventListener('keydown', (e) => {
    const step = scale.width * 0.1;
    switch (e.key) {
      case 'ArrowLeft': scale.pan(e.shiftKey ? step * 5 : step); viewChanged(); break;
      case 'ArrowRight': scale.pan(-(e.shiftKey ? step * 5 : step)); viewChanged(); break;
      case '+': case '=': zoomBy(ZOOM_STEP); break;
      case '-': case '_': zoomBy(1 / ZOOM_STEP); break;
      case 'f': case 'F': case 'Home': fitAll(); break;
      default: return;
    }
    e.preventDefault();
  });
  showFlags.addEventListener('change', requestDraw);

  filters.changed.on(() => { if (app.review) viewChanged(true); });
  app.listsChanged.on(() => bar.refresh());
  app.reviewChanged.on((r) => {
    bar.refresh();
    if (!r) { reviewPath = null; cache.current = null; return; }
    if (r.path !== reviewPath) {
      reviewPath = r.path;
      const ex = r.extent;
      if (ex) scale.fit(ex.lo, ex.hi);
      cache.invalidate(view(), key());
      void loadFlags();
    }
    requestDraw();
  });
  app.dataChanged.on((what) => {
    if (!app.review) return;
    if (what === 'records' || what === 'all' || what === 'flags') cache.invalidate(view(), key());
    void loadFlags();
  });

  async function loadFlags(): Promise<void> {
    try { flagMarks = await api.timelineFlags(); requestDraw(); } catch (e) { nav.showError(errorText(e)); }
  }

  return {
    el,
    show(opts) {
      visible = true;
      if (opts?.at != null) {
        const span = Math.min(scale.span, 120 * DAY);
        scale.t0 = opts.at - span / 2;
        scale.t1 = opts.at + span / 2;
        highlightFlag = opts.flagId ?? null;
        if (opts.flagId && !showFlags.checked) showFlags.checked = true;
      }
      viewChanged(true);
      if (opts?.recordId != null) openRecord(opts.recordId);
      if (opts?.at != null) canvas.focus();
    },
    hide() { visible = false; },
  };
}

function glyphLegend(): HTMLElement {
  const items = GLYPHS.map((g) => {
    const c = h('canvas', { width: '32', height: '32', class: 'legend-glyph', 'aria-hidden': 'true' }) as HTMLCanvasElement;
    const x = c.getContext('2d');
    if (x) {
      x.scale(2, 2);
      x.beginPath();
      glyphPath(x, g, 8, 8, 4.5);
      x.fillStyle = agencyColour(4);
      x.strokeStyle = INK;
      x.lineWidth = 0.75;
      x.fill();
      x.stroke();
    }
    return h('li', {}, c, g);
  });
  const flagIcon = h('span', { class: 'legend-flag', 'aria-hidden': 'true' });
  return h('details', { class: 'menu legend' },
    h('summary', { class: 'menu-button' }, 'Key'),
    h('div', { class: 'menu-list legend-list' },
      h('ul', { class: 'plain legend-glyphs' }, items),
      h('p', {}, flagIcon, ' Flag (red high, amber medium, grey-blue low; hollow when dismissed)'),
      h('p', {}, 'Ringed in red: a record cited by a flag. Pale bar: a date known only approximately (month, year, "about", "before/after", "between").'),
      h('p', {}, 'Zoomed out, each lane shows bars: how many records fall in each stretch of time.')));
}
