// The timeline's time scale: a linear map from UTC seconds to CSS pixels, with pan,
// zoom about a point, fit, and calendar-aligned ticks (years → months → days → hours).

import { MONTHS, ukInstant, ukParts } from '../format';

export const HOUR = 3600;
export const DAY = 86400;
export const MIN_SPAN = 2 * HOUR;              // most zoomed in: two hours across the view
export const MAX_SPAN = 200 * 365.25 * DAY;    // most zoomed out

export class TimeScale {
  constructor(public t0: number, public t1: number, public width: number) {
    if (!(t1 > t0)) this.t1 = t0 + DAY;
  }
  get span(): number { return this.t1 - this.t0; }
  get secPerPx(): number { return this.span / Math.max(1, this.width); }
  x(t: number): number { return ((t - this.t0) / this.span) * this.width; }
  t(x: number): number { return this.t0 + (x / Math.max(1, this.width)) * this.span; }
  clone(): TimeScale { return new TimeScale(this.t0, this.t1, this.width); }

  /** Move the view by dx pixels (drag right = positive dx = earlier times come into view). */
  pan(dx: number): void {
    const dt = dx * this.secPerPx;
    this.t0 -= dt;
    this.t1 -= dt;
  }

  /** Zoom by factor (> 1 zooms in) keeping the time under pixel px where it is. */
  zoomAt(factor: number, px: number): void {
    const anchor = this.t(px);
    const span = Math.min(MAX_SPAN, Math.max(MIN_SPAN, this.span / factor));
    const frac = px / Math.max(1, this.width);
    this.t0 = anchor - frac * span;
    this.t1 = this.t0 + span;
  }

  /** Show [lo, hi] with a small margin either side. */
  fit(lo: number, hi: number, margin = 0.03): void {
    let span = Math.max(MIN_SPAN, hi - lo);
    const pad = span * margin;
    span = Math.min(MAX_SPAN, span + 2 * pad);
    const c = (lo + hi) / 2;
    this.t0 = c - span / 2;
    this.t1 = c + span / 2;
  }

  /** Centre the view on t keeping the span. */
  centreOn(t: number): void {
    const s = this.span;
    this.t0 = t - s / 2;
    this.t1 = t + s / 2;
  }

  /** Keep the view from drifting far from the data: the centre stays within [lo, hi]. */
  clampTo(lo: number, hi: number): void {
    const c = (this.t0 + this.t1) / 2;
    const s = this.span;
    if (c < lo) { this.t0 = lo - s / 2; this.t1 = lo + s / 2; }
    if (c > hi) { this.t0 = hi - s / 2; this.t1 = hi + s / 2; }
  }
}

export type TickUnit = 'year' | 'month' | 'day' | 'hour';
export interface TickInterval { unit: TickUnit; step: number; approx: number }
export interface Tick { t: number; label: string; major: boolean }

const Y = 365.25 * DAY;
const M = Y / 12;
export const TICK_INTERVALS: TickInterval[] = [
  { unit: 'hour', step: 1, approx: HOUR },
  { unit: 'hour', step: 3, approx: 3 * HOUR },
  { unit: 'hour', step: 6, approx: 6 * HOUR },
  { unit: 'hour', step: 12, approx: 12 * HOUR },
  { unit: 'day', step: 1, approx: DAY },
  { unit: 'day', step: 2, approx: 2 * DAY },
  { unit: 'day', step: 7, approx: 7 * DAY },
  { unit: 'month', step: 1, approx: M },
  { unit: 'month', step: 3, approx: 3 * M },
  { unit: 'month', step: 6, approx: 6 * M },
  { unit: 'year', step: 1, approx: Y },
  { unit: 'year', step: 2, approx: 2 * Y },
  { unit: 'year', step: 5, approx: 5 * Y },
  { unit: 'year', step: 10, approx: 10 * Y },
  { unit: 'year', step: 25, approx: 25 * Y },
  { unit: 'year', step: 50, approx: 50 * Y },
];

/** The finest interval whose ticks are at least minPx apart. */
export function chooseInterval(secPerPx: number, minPx = 90): TickInterval {
  for (const iv of TICK_INTERVALS) {
    if (iv.approx / secPerPx >= minPx) return iv;
  }
  return TICK_INTERVALS[TICK_INTERVALS.length - 1];
}

function label(t: number, iv: TickInterval): { label: string; major: boolean } {
  const p = ukParts(t);
  switch (iv.unit) {
    case 'year': return { label: String(p.y), major: true };
    case 'month': return p.m === 0 ? { label: String(p.y), major: true } : { label: `${MONTHS[p.m]} ${p.y}`, major: false };
    case 'day': return p.d === 1 ? { label: `${MONTHS[p.m]} ${p.y}`, major: true } : { label: `${p.d} ${MONTHS[p.m]}`, major: false };
    case 'hour': return p.hh === 0
      ? { label: `${p.d} ${MONTHS[p.m]} ${p.y}`, major: true }
      : { label: `${String(p.hh).padStart(2, '0')}:00`, major: false };
  }
}

/** Calendar-aligned ticks (UK local time) covering [scale.t0, scale.t1]. */
export function ticks(scale: TimeScale, minPx = 90): { interval: TickInterval; ticks: Tick[] } {
  const iv = chooseInterval(scale.secPerPx, minPx);
  const out: Tick[] = [];
  const s = ukParts(scale.t0);
  const push = (t: number) => {
    if (t >= scale.t0 && t <= scale.t1) out.push({ t, ...label(t, iv) });
  };
  const LIMIT = 400;
  if (iv.unit === 'year') {
    let y = Math.floor(s.y / iv.step) * iv.step;
    for (let i = 0; i < LIMIT; i++, y += iv.step) {
      const t = ukInstant(y, 0, 1);
      if (t > scale.t1) break;
      push(t);
    }
  } else if (iv.unit === 'month') {
    let m = Math.floor((s.y * 12 + s.m) / iv.step) * iv.step;
    for (let i = 0; i < LIMIT; i++, m += iv.step) {
      const t = ukInstant(Math.floor(m / 12), m % 12, 1);
      if (t > scale.t1) break;
      push(t);
    }
  } else if (iv.unit === 'day') {
    if (iv.step === 7) {
      // weeks start on Monday
      const dow = (new Date(Date.UTC(s.y, s.m, s.d)).getUTCDay() + 6) % 7;
      for (let i = 0, d = s.d - dow; i < LIMIT; i++, d += 7) {
        const t = ukInstant(s.y, s.m, d);
        if (t > scale.t1) break;
        push(t);
      }
    } else {
      for (let i = 0, d = s.d; i < LIMIT; i++, d += 1) {
        const date = new Date(Date.UTC(s.y, s.m, d));
        const t = ukInstant(s.y, s.m, d);
        if (t > scale.t1) break;
        if ((date.getUTCDate() - 1) % iv.step === 0) push(t);
      }
    }
  } else {
    for (let i = 0, hh = 0; i < LIMIT * iv.step; i++, hh += 1) {
      const t = ukInstant(s.y, s.m, s.d, hh);
      if (t > scale.t1) break;
      if (ukParts(t).hh % iv.step === 0) push(t);
    }
  }
  return { interval: iv, ticks: out };
}
