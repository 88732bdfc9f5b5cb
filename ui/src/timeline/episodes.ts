// Key practice episodes on the timeline: the period a drag across the time
// axis marks (whole UK days), and the band above the lanes where each
// episode's period is drawn with its title.

import { ukParts } from '../format';
import type { TimeScale } from './scale';

export const BAND_ROW_H = 20;
export const BAND_PAD = 4;
export const MAX_BAND_ROWS = 3;

const pad = (n: number) => String(n).padStart(2, '0');

/** The UK calendar day an instant falls on, as YYYY-MM-DD. */
export function isoDay(t: number): string {
  const p = ukParts(t);
  return `${p.y}-${pad(p.m + 1)}-${pad(p.d)}`;
}

/** DD/MM/YYYY of a YYYY-MM-DD day. */
export function ukDay(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * A day as a reviewer types it — 12/03/2021, 12/3/21 (this century),
 * 12.03.2021, 12-03-2021 or 2021-03-12 — as YYYY-MM-DD; null when it is not
 * a day of the calendar. Day first, as in the UK.
 */
export function parseUkDay(text: string): string | null {
  const s = text.trim();
  let y: number, m: number, d: number;
  let g = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (g) { y = +g[1]; m = +g[2]; d = +g[3]; } else {
    g = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(s);
    if (!g) return null;
    d = +g[1]; m = +g[2]; y = g[3].length === 2 ? 2000 + +g[3] : +g[3];
  }
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * The period (first and last UK day, inclusive) a drag between plotting-area
 * pixels x0 and x1 marks, in either direction. A drag that ends exactly on
 * a midnight does not take in the day after it.
 */
export function dragPeriod(scale: TimeScale, x0: number, x1: number): { starts: string; ends: string } {
  const a = scale.t(Math.min(x0, x1));
  const b = scale.t(Math.max(x0, x1));
  const last = b > a && isoDay(b) !== isoDay(b - 1) ? b - 1 : b;
  return { starts: isoDay(a), ends: isoDay(Math.max(a, last)) };
}

/** An episode as the band draws it. */
export interface BandEpisode { id: number; title: string; lo: number; hi: number }
/** Where the band drew one episode (plotting-area x; the row from the top of the band). */
export interface BandBox { id: number; title: string; x0: number; x1: number; row: number }

/**
 * Each episode placed on a row of the band: the first row where its period
 * does not overlap one already placed, at most MAX_BAND_ROWS rows (later
 * ones share the last). Rows depend on the periods only, so the band keeps
 * its height while the view pans and zooms. Only episodes in view are
 * returned.
 */
export function bandBoxes(episodes: BandEpisode[], scale: TimeScale): BandBox[] {
  const sorted = [...episodes].sort((p, q) => p.lo - q.lo || q.hi - p.hi || p.id - q.id);
  const ends: number[] = [];
  const out: BandBox[] = [];
  for (const e of sorted) {
    let row = ends.findIndex((end) => end <= e.lo);
    if (row < 0) row = Math.min(ends.length, MAX_BAND_ROWS - 1);
    ends[row] = Math.max(ends[row] ?? -Infinity, e.hi);
    const x0 = scale.x(e.lo);
    const x1 = Math.max(scale.x(e.hi), x0 + 3);
    if (x1 < 0 || x0 > scale.width) continue;
    out.push({ id: e.id, title: e.title, x0, x1, row });
  }
  return out;
}

/** The rows the band needs for these episodes (0: none). */
export function bandRows(episodes: BandEpisode[]): number {
  const sorted = [...episodes].sort((p, q) => p.lo - q.lo || q.hi - p.hi || p.id - q.id);
  const ends: number[] = [];
  for (const e of sorted) {
    let row = ends.findIndex((end) => end <= e.lo);
    if (row < 0) row = Math.min(ends.length, MAX_BAND_ROWS - 1);
    ends[row] = Math.max(ends[row] ?? -Infinity, e.hi);
  }
  return ends.length;
}

/** The band's height: a row for each row of episodes, none without episodes. */
export function bandHeight(episodes: BandEpisode[]): number {
  const rows = bandRows(episodes);
  return rows ? rows * BAND_ROW_H + BAND_PAD * 2 : 0;
}

/** The episode under a point of the band (plotting-area x, y from the band's top). */
export function hitBand(boxes: BandBox[], x: number, y: number): number | null {
  const row = Math.floor((y - BAND_PAD) / BAND_ROW_H);
  for (let i = boxes.length - 1; i >= 0; i--) {
    const b = boxes[i];
    if (b.row === row && x >= b.x0 - 2 && x <= b.x1 + 2) return b.id;
  }
  return null;
}
