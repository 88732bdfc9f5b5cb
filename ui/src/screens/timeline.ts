// The timeline: one lane per agency on a canvas, panned and zoomed from cached data.

import { api, errorText, type FlagMark, type Item } from '../api';
import type { DetailPanel } from '../detail';
import { append, button, dayInput, debounce, field, h, replace } from '../dom';
import { filterBar, filters, toFilter } from '../filters';
import { fmtDate, fmtInt } from '../format';
import { agencyColour, INK } from '../palette';
import { app, type Nav, type Screen } from '../state';
import { filterKey, MAX_ITEMS, WindowCache, type View } from '../timeline/cache';
import { drawFrame, GLYPHS, glyphPath, GUTTER, hitFlag, hitTest, type DrawResult } from '../timeline/draw';
import { DAY, TimeScale } from '../timeline/scale';
import { dragPeriod, hitBand, parseUkDay, ukDay, type BandEpisode } from '../timeline/episodes';

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
  const markEpisode = button('Mark an episode', () => setMarking(!markMode), {
    id: 'timeline-mark-episode', 'aria-pressed': 'false',
    title: 'Drag across the timeline to mark the period of a key practice episode (or hold Shift and drag at any time)',
  });
  const markHint = h('span', { class: 'mark-hint', id: 'timeline-mark-hint', hidden: true, text: 'Drag across the timeline to mark the episode’s period. Esc to stop.' });
  const bar = filterBar(filters, { agencies: () => app.review?.agencies ?? [], subjects: () => app.subjects, indicators: () => app.indicators });

  const toolbar = h('div', { class: 'toolbar' },
    h('div', { class: 'btn-group', role: 'group', 'aria-label': 'Zoom' },
      button('−', () => zoomBy(1 / ZOOM_STEP), { id: 'zoom-out', 'aria-label': 'Zoom out', title: 'Zoom out (−)' }),
      button('+', () => zoomBy(ZOOM_STEP), { id: 'zoom-in', 'aria-label': 'Zoom in', title: 'Zoom in (+)' }),
      button('Fit all', () => fitAll(), { id: 'zoom-fit', title: 'Show the whole review (F)' })),
    rangeLabel,
    h('span', { class: 'spacer' }),
    markHint,
    markEpisode,
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
  let episodes: BandEpisode[] = [];
  let markMode = false;
  /** A period being marked by a drag: plotting-area x where it began and is now. */
  let marking: { x0: number; x1: number } | null = null;

  function setMarking(on: boolean): void {
    markMode = on;
    markEpisode.setAttribute('aria-pressed', String(on));
    markEpisode.classList.toggle('pressed', on);
    markHint.hidden = !on;
    canvas.classList.toggle('marking', on);
    if (!on) { marking = null; requestDraw(); }
  }

  function selection() {
    if (!marking) return null;
    const p = dragPeriod(scale, marking.x0, marking.x1);
    return { t0: scale.t(marking.x0), t1: scale.t(marking.x1), label: p.starts === p.ends ? ukDay(p.starts) : `${ukDay(p.starts)} – ${ukDay(p.ends)}` };
  }

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
      episodes, selection: selection(),
    });
    canvas.dataset.episodes = JSON.stringify(last.band.boxes.map((b) => b.title));
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
    if ((markMode || e.shiftKey) && e.offsetX > GUTTER && pointers.size === 0 && e.button === 0) {
      pointers.set(e.pointerId, { x: e.offsetX, y: e.offsetY });
      marking = { x0: e.offsetX - GUTTER, x1: e.offsetX - GUTTER };
      moved = false;
      requestDraw();
      return;
    }
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
    if (marking) {
      marking.x1 = Math.max(0, Math.min(scale.width, e.offsetX - GUTTER));
      if (Math.abs(marking.x1 - marking.x0) > 3) moved = true;
      requestDraw();
      return;
    }
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
    if (marking) {
      const m = marking;
      marking = null;
      if (moved && e.type === 'pointerup') {
        setMarking(false);
        void newEpisode(dragPeriod(scale, m.x0, m.x1));
      }
      requestDraw();
      return;
    }
    if (!moved && e.type === 'pointerup' && last) {
      if (last.band.height > 0 && e.offsetY >= last.band.top && e.offsetY < last.band.top + last.band.height && e.offsetX > GUTTER) {
        const ep = hitBand(last.band.boxes, e.offsetX - GUTTER, e.offsetY - last.band.top);
        if (ep != null) { nav.navigate('episodes', { episodeId: ep }); return; }
      }
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
    canvas.classList.toggle('marking', markMode || e.shiftKey);
    if (pointers.size || !last) return;
    const inBand = last.band.height > 0 && e.offsetY >= last.band.top && e.offsetY < last.band.top + last.band.height
      && hitBand(last.band.boxes, e.offsetX - GUTTER, e.offsetY - last.band.top) != null;
    const over = inBand || hitTest(last.hits, e.offsetX, e.offsetY) != null || (showFlags.checked && hitFlag(last.flagHits, e.offsetX, e.offsetY) != null);
    canvas.classList.toggle('over-item', over);
  });
  canvas.addEventListener('keydown', (e) => {
    const step = scale.width * 0.1;
    if (e.key === 'Escape' && (markMode || marking)) { setMarking(false); e.preventDefault(); e.stopPropagation(); return; }
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
      void loadEpisodes();
    }
    requestDraw();
  });
  app.dataChanged.on((what) => {
    if (!app.review) return;
    if (what === 'episodes' || what === 'all') void loadEpisodes();
    if (what === 'episodes') return;
    if (what === 'records' || what === 'all' || what === 'flags') cache.invalidate(view(), key());
    void loadFlags();
  });

  async function loadEpisodes(): Promise<void> {
    try { episodes = await api.episodes(false); requestDraw(); } catch (e) { nav.showError(errorText(e)); }
  }

  /** Asks the title of the episode a drag marked (its period filled in), and adds it. */
  async function newEpisode(p: { starts: string; ends: string }): Promise<void> {
    const title = h('input', { type: 'text', id: 'episode-new-title', required: true, placeholder: 'e.g. The strategy discussion of January 2021' }) as HTMLInputElement;
    const starts = dayInput('episode-new-starts', ukDay(p.starts));
    const ends = dayInput('episode-new-ends', ukDay(p.ends));
    const error = h('p', { class: 'error-text small', id: 'episode-new-error', hidden: true });
    const dlg = h('dialog', { class: 'modal episode-dialog', 'aria-labelledby': 'episode-new-heading' }) as HTMLDialogElement;
    const done = () => { dlg.close(); dlg.remove(); markEpisode.focus(); };
    const save = button('Add episode', async () => {
      if (!title.value.trim()) { error.textContent = 'Give the episode a title.'; error.hidden = false; title.focus(); return; }
      const [a, b] = [parseUkDay(starts.value), parseUkDay(ends.value)];
      if (!a || !b) { error.textContent = `“${(a ? ends : starts).value}” is not a day: write it as DD/MM/YYYY.`; error.hidden = false; (a ? ends : starts).focus(); return; }
      try {
        const e = await api.episodeAdd({ title: title.value.trim(), starts: a, ends: b });
        done();
        nav.showInfo(`Episode added: ${e.title} (${e.period}). The Episodes screen holds its details.`);
        await loadEpisodes();
      } catch (err) { error.textContent = errorText(err); error.hidden = false; }
    }, { class: 'primary', id: 'episode-new-save' });
    const form = h('form', { method: 'dialog' },
      h('h2', { id: 'episode-new-heading', text: 'New key practice episode' }),
      h('p', { class: 'muted small', text: 'What happened, the panel’s analysis and the learning can be written on the Episodes screen.' }),
      field('Title', title),
      h('div', { class: 'two-col' }, field('First day', starts), field('Last day', ends)),
      error,
      h('div', { class: 'actions' }, button('Cancel', done, { id: 'episode-new-cancel' }), save));
    form.addEventListener('submit', (e) => { e.preventDefault(); save.click(); });
    append(dlg, [form]);
    dlg.addEventListener('cancel', (e) => { e.preventDefault(); done(); });
    document.body.appendChild(dlg);
    if (typeof dlg.showModal === 'function') dlg.showModal(); else dlg.setAttribute('open', '');
    title.focus();
  }

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
      if (opts?.span) {
        const [lo, hi] = opts.span;
        scale.fit(lo, hi, 0.15);
      }
      viewChanged(true);
      if (opts?.recordId != null) openRecord(opts.recordId);
      if (opts?.at != null) canvas.focus();
    },
    hide() { visible = false; setMarking(false); },
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
