import { describe, expect, it } from 'vitest';
import { AXIS_H, bucketBars, hitFlag, hitTest, laneAt, laneLayout, MIN_LANE_H, type HitList } from '../src/timeline/draw';
import { TimeScale } from '../src/timeline/scale';

describe('lane layout', () => {
  it('shares the height between lanes within limits', () => {
    const b = laneLayout(30 + 4 + 8 * 50, 8);
    expect(b).toHaveLength(8);
    expect(b[0].top).toBe(AXIS_H);
    expect(b[1].top - b[0].top).toBe(50);
    expect(laneLayout(100, 8)[0].height).toBe(MIN_LANE_H);
    expect(laneAt(b, AXIS_H + 75)).toBe(1);
    expect(laneAt(b, 5)).toBe(-1);
  });
});

describe('bucketBars', () => {
  const box = { top: 100, height: 60 };
  it('places each bucket at its time, scaled by sqrt of count', () => {
    const s = new TimeScale(0, 100, 1000);   // 10 px per second
    const bars = bucketBars([4, 0, 1, 16], 0, 40, s, box, 16);
    expect(bars).toHaveLength(3);            // the empty bucket is left out
    expect(bars[0].x).toBe(0);
    expect(bars[1].x).toBe(200);
    expect(bars[2].x).toBe(300);
    expect(bars[0].w).toBe(99);              // 1px gap between wide bars
    const usable = box.height - 12;
    expect(bars[2].h).toBeCloseTo(usable);   // the max count fills the lane
    expect(bars[0].h).toBeCloseTo(usable / 2); // sqrt(4/16)
    expect(bars[2].y + bars[2].h).toBe(box.top + box.height - 4); // bars stand on the baseline
  });
  it('drops bars outside the view and keeps tiny ones visible', () => {
    const s = new TimeScale(1000, 1100, 1000);
    const bars = bucketBars([1, 1000], 0, 2000, s, box, 1000);
    expect(bars).toHaveLength(1);
    expect(bars[0].count).toBe(1000);
    const thin = bucketBars([1, 10000], 1000, 1100, s, box, 10000);
    expect(thin[0].h).toBeGreaterThanOrEqual(2);
  });
});

function hits(rows: [number, number, number, number][]): HitList {
  const n = rows.length;
  const h: HitList = { n, x: new Float32Array(n), y: new Float32Array(n), x1: new Float32Array(n), ids: new Float64Array(n) };
  rows.forEach(([x, y, x1, id], i) => { h.x[i] = x; h.y[i] = y; h.x1[i] = x1; h.ids[i] = id; });
  return h;
}

describe('hitTest', () => {
  it('finds the nearest glyph within the radius', () => {
    const h = hits([[100, 50, 100, 1], [108, 50, 108, 2], [300, 80, 300, 3]]);
    expect(hitTest(h, 101, 51)).toBe(1);
    expect(hitTest(h, 106, 50)).toBe(2);
    expect(hitTest(h, 300, 84)).toBe(3);
    expect(hitTest(h, 200, 50)).toBeNull();
    expect(hitTest(h, 100, 70)).toBeNull();
  });
  it('hits anywhere along an approximate span', () => {
    const h = hits([[100, 50, 400, 9]]);
    expect(hitTest(h, 250, 52)).toBe(9);
    expect(hitTest(h, 405, 50)).toBe(9);
    expect(hitTest(h, 420, 50)).toBeNull();
  });
  it('prefers the item drawn last when two overlap exactly', () => {
    const h = hits([[100, 50, 100, 1], [100, 50, 100, 2]]);
    expect(hitTest(h, 100, 50)).toBe(2);
  });
  it('hits flag markers', () => {
    expect(hitFlag([{ id: 'F-1', x: 10, y: 10 }], 14, 12)).toBe('F-1');
    expect(hitFlag([{ id: 'F-1', x: 10, y: 10 }], 30, 12)).toBeNull();
  });
});
