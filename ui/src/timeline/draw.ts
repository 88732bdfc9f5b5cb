// Drawing the timeline on a canvas, from cached data only. Also the geometry helpers
// (lane layout, bucket bars) and the hit list used to turn a click into a record.

import type { Agency, FlagMark, Glyph, Item, Lane } from '../api';
import { fmtInt } from '../format';
import { agencyColour, GRID, INK, LANE_ALT, MUTED, SEVERITY_COLOURS, ACCENT } from '../palette';
import type { Cached } from './cache';
import { TimeScale, ticks } from './scale';
import { BAND_PAD, BAND_ROW_H, bandBoxes, bandHeight, type BandBox, type BandEpisode } from './episodes';

export const GUTTER = 176;   // left column for lane labels, CSS px
export const AXIS_H = 30;    // time axis height at the top
export const MIN_LANE_H = 34;
export const MAX_LANE_H = 96;

export interface LaneBox { top: number; height: number }

/** Lanes share the height below the axis (and the episode band, `band` px), within [MIN_LANE_H, MAX_LANE_H]. */
export function laneLayout(height: number, n: number, band = 0): LaneBox[] {
  if (n <= 0) return [];
  const avail = Math.max(0, height - AXIS_H - band - 4);
  const h = Math.max(MIN_LANE_H, Math.min(MAX_LANE_H, Math.floor(avail / n)));
  return Array.from({ length: n }, (_, i) => ({ top: AXIS_H + band + i * h, height: h }));
}

export function laneAt(boxes: LaneBox[], y: number): number {
  for (let i = 0; i < boxes.length; i++) {
    if (y >= boxes[i].top && y < boxes[i].top + boxes[i].height) return i;
  }
  return -1;
}

export interface Bar { x: number; y: number; w: number; h: number; count: number; from: number; to: number }

/**
 * Bars for a lane's bucket counts over [from, to): bucket i covers
 * [from + i·w, from + (i+1)·w). Heights use a square-root scale against maxCount so
 * sparse lanes stay visible next to busy ones. Zero buckets and bars outside [0, width]
 * are left out. x is relative to the plotting area (0 = scale.t0).
 */
export function bucketBars(buckets: number[], from: number, to: number, scale: TimeScale, box: LaneBox, maxCount: number): Bar[] {
  const out: Bar[] = [];
  if (buckets.length === 0 || maxCount <= 0) return out;
  const bw = (to - from) / buckets.length;
  const usable = box.height - 12;
  const base = box.top + box.height - 4;
  for (let i = 0; i < buckets.length; i++) {
    const c = buckets[i];
    if (c <= 0) continue;
    const t0 = from + i * bw;
    const x0 = scale.x(t0);
    const x1 = scale.x(t0 + bw);
    if (x1 <= 0 || x0 >= scale.width) continue;
    const h = Math.max(2, Math.sqrt(c / maxCount) * usable);
    out.push({ x: x0, y: base - h, w: Math.max(1, x1 - x0 - (x1 - x0 > 3 ? 1 : 0)), h, count: c, from: t0, to: t0 + bw });
  }
  return out;
}

/** Vertical position of an item inside its lane: up to three rows to spread dense clusters. */
export function itemY(box: LaneBox, id: number): number {
  const mid = box.top + 6 + (box.height - 6) / 2;
  if (box.height < 44) return mid;
  const row = (id % 3) - 1;
  return mid + row * Math.min(12, (box.height - 24) / 3);
}

// ---------- hit list ----------

export interface HitList {
  n: number;
  x: Float32Array; y: Float32Array; x1: Float32Array; ids: Float64Array;
}
function newHitList(cap: number): HitList {
  return { n: 0, x: new Float32Array(cap), y: new Float32Array(cap), x1: new Float32Array(cap), ids: new Float64Array(cap) };
}
function pushHit(h: HitList, x: number, y: number, x1: number, id: number): HitList {
  if (h.n === h.x.length) {
    const g = newHitList(h.x.length * 2);
    g.x.set(h.x); g.y.set(h.y); g.x1.set(h.x1); g.ids.set(h.ids); g.n = h.n;
    h = g;
  }
  h.x[h.n] = x; h.y[h.n] = y; h.x1[h.n] = x1; h.ids[h.n] = id; h.n++;
  return h;
}

/**
 * The record under (x, y) in canvas CSS pixels: the nearest glyph within `radius`, or an
 * approximate span containing the point; later-drawn (top-most) items win ties.
 */
export function hitTest(h: HitList, x: number, y: number, radius = 7): number | null {
  let best: number | null = null;
  let bestD = radius * radius + 0.001;
  for (let i = h.n - 1; i >= 0; i--) {
    const dy = h.y[i] - y;
    if (Math.abs(dy) > radius) continue;
    let dx = 0;
    const a = h.x[i];
    const b = h.x1[i];
    if (b > a + 1) { dx = x < a ? a - x : x > b ? x - b : 0; } // a span
    else dx = x - a;
    const d = dx * dx + dy * dy;
    if (d < bestD) { bestD = d; best = h.ids[i]; }
  }
  return best;
}

export interface FlagHit { id: string; x: number; y: number }
export function hitFlag(flags: FlagHit[], x: number, y: number, radius = 8): string | null {
  for (let i = flags.length - 1; i >= 0; i--) {
    if (Math.abs(flags[i].x - x) <= radius && Math.abs(flags[i].y - y) <= radius) return flags[i].id;
  }
  return null;
}

// ---------- glyphs ----------

export function glyphPath(ctx: CanvasRenderingContext2D | Path2D, g: Glyph, x: number, y: number, s = 4.5): void {
  switch (g) {
    case 'contact': ctx.moveTo(x + s, y); ctx.arc(x, y, s, 0, Math.PI * 2); break;
    case 'visit': ctx.rect(x - s * 0.85, y - s * 0.85, s * 1.7, s * 1.7); break;
    case 'referral': ctx.moveTo(x - s, y - s); ctx.lineTo(x + s, y); ctx.lineTo(x - s, y + s); ctx.closePath(); break;
    case 'meeting': ctx.moveTo(x, y - s * 1.2); ctx.lineTo(x + s * 1.2, y); ctx.lineTo(x, y + s * 1.2); ctx.lineTo(x - s * 1.2, y); ctx.closePath(); break;
    case 'incident': {
      const a = s * 0.38, b = s * 1.1;
      const pts = [[-b, -b + a], [-b + a, -b], [0, -a], [b - a, -b], [b, -b + a], [a, 0], [b, b - a], [b - a, b], [0, a], [-b + a, b], [-b, b - a], [-a, 0]];
      ctx.moveTo(x + pts[0][0], y + pts[0][1]);
      for (let i = 1; i < pts.length; i++) ctx.lineTo(x + pts[i][0], y + pts[i][1]);
      ctx.closePath();
      break;
    }
    case 'health': {
      const a = s * 0.4, b = s * 1.1;
      const pts = [[-a, -b], [a, -b], [a, -a], [b, -a], [b, a], [a, a], [a, b], [-a, b], [-a, a], [-b, a], [-b, -a], [-a, -a]];
      ctx.moveTo(x + pts[0][0], y + pts[0][1]);
      for (let i = 1; i < pts.length; i++) ctx.lineTo(x + pts[i][0], y + pts[i][1]);
      ctx.closePath();
      break;
    }
    case 'education': ctx.moveTo(x - s, y - s * 0.8); ctx.lineTo(x + s, y - s * 0.8); ctx.lineTo(x, y + s); ctx.closePath(); break;
    case 'housing': ctx.moveTo(x, y - s * 1.1); ctx.lineTo(x + s, y - s * 0.1); ctx.lineTo(x + s, y + s); ctx.lineTo(x - s, y + s); ctx.lineTo(x - s, y - s * 0.1); ctx.closePath(); break;
    default: ctx.moveTo(x + s * 0.7, y); ctx.arc(x, y, s * 0.7, 0, Math.PI * 2); break;
  }
}

export const GLYPHS: Glyph[] = ['contact', 'visit', 'referral', 'meeting', 'incident', 'health', 'education', 'housing', 'other'];

function flagTriangle(ctx: CanvasRenderingContext2D, x: number, y: number, s: number): void {
  ctx.moveTo(x - s, y - s);
  ctx.lineTo(x + s, y - s);
  ctx.lineTo(x, y + s * 0.7);
  ctx.closePath();
}

// ---------- the frame ----------

export interface DrawInput {
  scale: TimeScale;           // plotting area: width = canvas width - GUTTER
  width: number; height: number;
  agencies: Agency[];
  data: Cached | null;
  flags: FlagMark[];
  showFlags: boolean;
  selectedId: number | null;
  highlightFlag: string | null;
  loading: boolean;
  /** The review's key practice episodes, drawn in a band above the lanes. */
  episodes?: BandEpisode[];
  /** A period being marked (a drag), in seconds. */
  selection?: { t0: number; t1: number; label: string } | null;
}
export interface DrawResult {
  hits: HitList; flagHits: FlagHit[]; items: number; visibleIds: number[]; laneCounts: number[];
  /** The episodes drawn (plotting-area x) and the band's top and height. */
  band: { top: number; height: number; boxes: BandBox[] };
}

function visibleCount(lane: Lane, from: number, to: number, scale: TimeScale): number {
  if (lane.items) {
    let n = 0;
    for (const it of lane.items) if (it.hi >= scale.t0 && it.lo <= scale.t1) n++;
    return n;
  }
  if (lane.buckets) {
    const bw = (to - from) / lane.buckets.length;
    let n = 0;
    for (let i = 0; i < lane.buckets.length; i++) {
      const a = from + i * bw;
      if (a + bw >= scale.t0 && a <= scale.t1) n += lane.buckets[i];
    }
    return n;
  }
  return 0;
}

export function drawFrame(ctx: CanvasRenderingContext2D, inp: DrawInput): DrawResult {
  const { scale, width, height, agencies, data } = inp;
  const episodes = inp.episodes ?? [];
  const bandH = bandHeight(episodes);
  const boxes = laneLayout(height, agencies.length, bandH);
  const band = { top: AXIS_H, height: bandH, boxes: bandBoxes(episodes, scale) };
  let hits = newHitList(4096);
  const flagHits: FlagHit[] = [];
  const visibleIds: number[] = [];
  const laneCounts: number[] = [];
  let items = 0;

  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#FFFFFF';
  ctx.fillRect(0, 0, width, height);

  // lane backgrounds
  boxes.forEach((b, i) => {
    ctx.fillStyle = i % 2 ? LANE_ALT : '#FFFFFF';
    ctx.fillRect(0, b.top, width, b.height);
  });

  // grid and axis
  const { ticks: tks } = ticks(scale);
  ctx.save();
  ctx.translate(GUTTER, 0);
  ctx.font = '12px "Noto Sans", "DejaVu Sans", system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (const tk of tks) {
    const x = Math.round(scale.x(tk.t)) + 0.5;
    ctx.fillStyle = tk.major ? '#CBD3DC' : GRID;
    ctx.fillRect(x - 0.5, AXIS_H - 6, 1, height - AXIS_H + 6);
    ctx.fillStyle = tk.major ? INK : MUTED;
    ctx.font = `${tk.major ? '600 ' : ''}12px "Noto Sans", "DejaVu Sans", system-ui, sans-serif`;
    ctx.fillText(tk.label, x + 4, AXIS_H / 2);
  }
  ctx.fillStyle = '#CBD3DC';
  ctx.fillRect(0, AXIS_H - 1, width, 1);

  // clip the plotting area
  ctx.beginPath();
  ctx.rect(0, AXIS_H, width - GUTTER, height - AXIS_H);
  ctx.clip();

  if (data) {
    const lanes = data.data.lanes;
    let maxBucket = 0;
    for (const l of lanes) if (l.buckets) for (const c of l.buckets) if (c > maxBucket) maxBucket = c;
    agencies.forEach((ag, i) => {
      const lane = lanes.find((l) => l.agencyId === ag.id);
      const box = boxes[i];
      if (!lane || !box) { laneCounts.push(0); return; }
      laneCounts.push(visibleCount(lane, data.data.from, data.data.to, scale));
      const colour = agencyColour(ag.colour);
      if (lane.buckets) {
        const bars = bucketBars(lane.buckets, data.data.from, data.data.to, scale, box, maxBucket);
        ctx.fillStyle = colour;
        ctx.globalAlpha = 0.85;
        ctx.beginPath();
        for (const b of bars) ctx.rect(b.x, b.y, b.w, b.h);
        ctx.fill();
        ctx.globalAlpha = 1;
        items += bars.length;
      } else if (lane.items) {
        items += drawItems(ctx, lane.items, scale, box, colour, inp.selectedId, (x, y, x1, id) => {
          hits = pushHit(hits, x + GUTTER, y, x1 + GUTTER, id);
          visibleIds.push(id);
        });
      }
    });
  } else {
    agencies.forEach(() => laneCounts.push(0));
  }

  // flag markers
  if (inp.showFlags) {
    for (const f of inp.flags) {
      const i = agencies.findIndex((a) => a.id === f.agencyId);
      if (i < 0) continue;
      const x = scale.x(f.at);
      if (x < -10 || x > scale.width + 10) continue;
      const y = boxes[i].top + 8;
      const hl = f.id === inp.highlightFlag;
      const s = hl ? 8 : 6;
      if (hl) {
        ctx.strokeStyle = ACCENT;
        ctx.lineWidth = 2;
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(x, AXIS_H);
        ctx.lineTo(x, height);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      ctx.beginPath();
      flagTriangle(ctx, x, y, s);
      if (f.status === 'dismissed') {
        ctx.fillStyle = '#FFFFFF';
        ctx.fill();
        ctx.strokeStyle = '#8795A3';
        ctx.lineWidth = 1.25;
        ctx.stroke();
      } else {
        ctx.fillStyle = SEVERITY_COLOURS[f.severity] ?? SEVERITY_COLOURS.low;
        ctx.fill();
        ctx.strokeStyle = f.status === 'accepted' ? INK : '#FFFFFF';
        ctx.lineWidth = f.status === 'accepted' ? 1.5 : 1;
        ctx.stroke();
      }
      flagHits.push({ id: f.id, x: x + GUTTER, y });
    }
  }
  if (bandH > 0) drawBand(ctx, band.boxes, scale, bandH, width);
  if (inp.selection) drawSelection(ctx, scale, inp.selection, height);
  ctx.restore();

  // gutter with lane labels (drawn last, over anything that strayed left)
  ctx.fillStyle = '#F1F4F7';
  ctx.fillRect(0, 0, GUTTER, height);
  ctx.fillStyle = '#CBD3DC';
  ctx.fillRect(GUTTER - 1, 0, 1, height);
  ctx.textBaseline = 'alphabetic';
  agencies.forEach((ag, i) => {
    const b = boxes[i];
    if (!b) return;
    ctx.fillStyle = agencyColour(ag.colour);
    ctx.fillRect(8, b.top + 6, 4, b.height - 12);
    ctx.fillStyle = INK;
    ctx.font = '600 13px "Noto Sans", "DejaVu Sans", system-ui, sans-serif';
    const name = ellipsis(ctx, ag.name, GUTTER - 28);
    const mid = b.top + b.height / 2;
    ctx.fillText(name, 18, b.height >= 40 ? mid - 2 : mid + 4);
    if (b.height >= 40) {
      ctx.fillStyle = MUTED;
      ctx.font = '12px "Noto Sans", "DejaVu Sans", system-ui, sans-serif';
      const c = laneCounts[i] ?? 0;
      ctx.fillText(`${fmtInt(c)} in view · ${fmtInt(ag.records)}`, 18, mid + 14);
    }
    ctx.fillStyle = GRID;
    ctx.fillRect(0, b.top + b.height - 1, width, 1);
  });
  if (bandH > 0) {
    ctx.fillStyle = MUTED;
    ctx.font = '600 12px "Noto Sans", "DejaVu Sans", system-ui, sans-serif';
    ctx.fillText('Episodes', 18, AXIS_H + BAND_PAD + BAND_ROW_H / 2 + 4);
    ctx.fillStyle = '#CBD3DC';
    ctx.fillRect(0, AXIS_H + bandH - 1, width, 1);
  }
  if (inp.loading) {
    ctx.fillStyle = MUTED;
    ctx.font = '12px "Noto Sans", "DejaVu Sans", system-ui, sans-serif';
    ctx.fillText('Loading…', 10, 19);
  }
  return { hits, flagHits, items, visibleIds, laneCounts, band };
}

const EPISODE_FILL = 'rgba(31, 111, 178, 0.14)';
const EPISODE_EDGE = '#1F6FB2';

/** The episode band (in the translated, clipped plotting area): each episode's period with its title. */
function drawBand(ctx: CanvasRenderingContext2D, boxes: BandBox[], scale: TimeScale, bandH: number, width: number): void {
  ctx.fillStyle = '#F7F9FB';
  ctx.fillRect(0, AXIS_H, width, bandH - 1);
  ctx.font = '600 12px "Noto Sans", "DejaVu Sans", system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (const [k, b] of boxes.entries()) {
    // The title may run on past a short episode, up to the next one on its row.
    const next = boxes.slice(k + 1).find((o) => o.row === b.row && o.x0 > b.x0);
    const x0 = Math.max(-2, b.x0);
    const x1 = Math.min(scale.width + 2, b.x1);
    const y = AXIS_H + BAND_PAD + b.row * BAND_ROW_H + 2;
    const hgt = BAND_ROW_H - 4;
    ctx.fillStyle = EPISODE_FILL;
    ctx.fillRect(x0, y, x1 - x0, hgt);
    ctx.fillStyle = EPISODE_EDGE;
    ctx.fillRect(b.x0, y, 2, hgt);
    ctx.fillRect(b.x1 - 2, y, 2, hgt);
    const room = Math.min(next ? next.x0 : scale.width, scale.width) - Math.max(0, x0) - 12;
    if (room > 18) {
      const label = ellipsis(ctx, b.title, room);
      const tx = Math.max(0, x0) + 6;
      const tw = ctx.measureText(label).width;
      if (tx + tw > x1 - 4) {
        // past the episode's end: on a light ground, so it reads as a label
        ctx.fillStyle = 'rgba(247, 249, 251, 0.92)';
        ctx.fillRect(Math.max(x1, tx), y, tx + tw + 4 - Math.max(x1, tx), hgt);
      }
      ctx.fillStyle = '#0F3B61';
      ctx.fillText(label, tx, y + hgt / 2 + 1);
    }
  }
  ctx.textBaseline = 'alphabetic';
}

/** A period being marked: a tint across the lanes with its dates. */
function drawSelection(ctx: CanvasRenderingContext2D, scale: TimeScale, sel: { t0: number; t1: number; label: string }, height: number): void {
  const x0 = scale.x(Math.min(sel.t0, sel.t1));
  const x1 = scale.x(Math.max(sel.t0, sel.t1));
  ctx.fillStyle = 'rgba(242, 169, 0, 0.16)';
  ctx.fillRect(x0, 0, Math.max(1, x1 - x0), height);
  ctx.fillStyle = '#B07A00';
  ctx.fillRect(x0, 0, 1.5, height);
  ctx.fillRect(x1 - 1.5, 0, 1.5, height);
  ctx.font = '600 12px "Noto Sans", "DejaVu Sans", system-ui, sans-serif';
  const w = ctx.measureText(sel.label).width + 12;
  const lx = Math.min(Math.max(0, x0), scale.width - w);
  ctx.fillStyle = '#FFF4DE';
  ctx.fillRect(lx, AXIS_H + 2, w, 20);
  ctx.strokeStyle = '#B07A00';
  ctx.lineWidth = 1;
  ctx.strokeRect(lx + 0.5, AXIS_H + 2.5, w - 1, 19);
  ctx.fillStyle = '#5A3900';
  ctx.textBaseline = 'middle';
  ctx.fillText(sel.label, lx + 6, AXIS_H + 12);
  ctx.textBaseline = 'alphabetic';
}

function ellipsis(ctx: CanvasRenderingContext2D, s: string, max: number): string {
  if (ctx.measureText(s).width <= max) return s;
  let t = s;
  while (t.length > 1 && ctx.measureText(`${t}…`).width > max) t = t.slice(0, -1);
  return `${t}…`;
}

function drawItems(
  ctx: CanvasRenderingContext2D, items: Item[], scale: TimeScale, box: LaneBox, colour: string,
  selectedId: number | null, onHit: (x: number, y: number, x1: number, id: number) => void,
): number {
  const w = scale.width;
  let n = 0;
  // approximate spans first (underneath)
  ctx.fillStyle = colour;
  ctx.globalAlpha = 0.2;
  ctx.beginPath();
  const spanItems: Item[] = [];
  for (const it of items) {
    if (!it.approx) continue;
    const x0 = scale.x(it.lo);
    const x1 = scale.x(it.hi);
    if (x1 < -8 || x0 > w + 8) continue;
    if (x1 - x0 >= 3) {
      const y = itemY(box, it.id);
      ctx.rect(x0, y - 3, x1 - x0, 6);
      spanItems.push(it);
    }
  }
  ctx.fill();
  ctx.globalAlpha = 0.55;
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1;
  ctx.stroke();
  ctx.globalAlpha = 1;

  // glyphs, one path per shape
  const byGlyph = new Map<Glyph, Item[]>();
  const flagged: Item[] = [];
  for (const it of items) {
    const xa = scale.x(it.lo);
    const xb = it.approx ? scale.x(it.hi) : xa;
    if (xb < -8 || xa > w + 8) continue;
    let arr = byGlyph.get(it.glyph);
    if (!arr) { arr = []; byGlyph.set(it.glyph, arr); }
    arr.push(it);
    if (it.flagged) flagged.push(it);
  }
  ctx.fillStyle = colour;
  ctx.strokeStyle = 'rgba(27,42,58,0.75)';
  ctx.lineWidth = 0.75;
  for (const [g, arr] of byGlyph) {
    ctx.beginPath();
    for (const it of arr) {
      const y = itemY(box, it.id);
      const xa = scale.x(it.lo);
      const spanned = it.approx && scale.x(it.hi) - xa >= 3;
      const gx = spanned ? (xa + scale.x(it.hi)) / 2 : xa;
      glyphPath(ctx, g, gx, y);
      onHit(spanned ? xa : gx, y, spanned ? scale.x(it.hi) : gx, it.id);
      n++;
    }
    ctx.globalAlpha = 1;
    ctx.fill();
    ctx.stroke();
  }
  // flagged items: a red ring
  if (flagged.length) {
    ctx.strokeStyle = SEVERITY_COLOURS.high;
    ctx.lineWidth = 1.75;
    ctx.beginPath();
    for (const it of flagged) {
      const y = itemY(box, it.id);
      const xa = scale.x(it.lo);
      const gx = it.approx && scale.x(it.hi) - xa >= 3 ? (xa + scale.x(it.hi)) / 2 : xa;
      ctx.moveTo(gx + 8, y);
      ctx.arc(gx, y, 8, 0, Math.PI * 2);
    }
    ctx.stroke();
  }
  if (selectedId != null) {
    const it = items.find((i) => i.id === selectedId);
    if (it) {
      const y = itemY(box, it.id);
      const xa = scale.x(it.lo);
      const gx = it.approx && scale.x(it.hi) - xa >= 3 ? (xa + scale.x(it.hi)) / 2 : xa;
      ctx.strokeStyle = ACCENT;
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.arc(gx, y, 10, 0, Math.PI * 2);
      ctx.stroke();
    }
  }
  return n;
}
