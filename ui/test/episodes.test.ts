import { describe, expect, it } from 'vitest';
import { ukInstant } from '../src/format';
import { TimeScale } from '../src/timeline/scale';
import { BAND_PAD, BAND_ROW_H, bandBoxes, bandHeight, dragPeriod, hitBand, isoDay, parseUkDay } from '../src/timeline/episodes';
import { AXIS_H, laneLayout } from '../src/timeline/draw';

const DAY = 86400;

describe('dragPeriod', () => {
  // January 2021 (UK winter, UTC+0) across 310 px: 10 px a day.
  const scale = new TimeScale(ukInstant(2021, 0, 1), ukInstant(2021, 1, 1), 310);

  it('gives the days the drag covers, in either direction', () => {
    expect(dragPeriod(scale, 45, 135)).toEqual({ starts: '2021-01-05', ends: '2021-01-14' });
    expect(dragPeriod(scale, 135, 45)).toEqual({ starts: '2021-01-05', ends: '2021-01-14' });
  });

  it('does not take in the day after a drag that ends on a midnight', () => {
    expect(dragPeriod(scale, 40, 140)).toEqual({ starts: '2021-01-05', ends: '2021-01-14' });
    expect(dragPeriod(scale, 41, 41)).toEqual({ starts: '2021-01-05', ends: '2021-01-05' });
  });

  it('uses UK days in summer time (an hour ahead of UTC)', () => {
    // 1 July 2021 00:00 BST is 30 June 23:00 UTC.
    const summer = new TimeScale(ukInstant(2021, 6, 1), ukInstant(2021, 6, 11), 100);
    expect(isoDay(ukInstant(2021, 6, 1))).toBe('2021-07-01');
    expect(dragPeriod(summer, 0, 25)).toEqual({ starts: '2021-07-01', ends: '2021-07-03' });
  });

  it('survives a zoomed-in view (hours across the width)', () => {
    const hours = new TimeScale(ukInstant(2021, 2, 3, 9), ukInstant(2021, 2, 3, 17), 800);
    expect(dragPeriod(hours, 100, 700)).toEqual({ starts: '2021-03-03', ends: '2021-03-03' });
  });
});

describe('episode band', () => {
  const scale = new TimeScale(0, 100 * DAY, 1000);   // 10 px a day
  const eps = [
    { id: 1, title: 'A', lo: 10 * DAY, hi: 20 * DAY },
    { id: 2, title: 'B', lo: 15 * DAY, hi: 30 * DAY },   // overlaps A: second row
    { id: 3, title: 'C', lo: 20 * DAY, hi: 25 * DAY },   // after A: first row again
    { id: 4, title: 'D', lo: 200 * DAY, hi: 210 * DAY }, // out of view
  ];

  it('puts overlapping episodes on separate rows and leaves out what is not in view', () => {
    const boxes = bandBoxes(eps, scale);
    expect(boxes.map((b) => [b.id, b.row])).toEqual([[1, 0], [2, 1], [3, 0]]);
    expect(boxes[0].x0).toBe(100);
    expect(boxes[0].x1).toBe(200);
    expect(bandHeight(eps)).toBe(2 * BAND_ROW_H + 2 * BAND_PAD);
    expect(bandHeight([])).toBe(0);
  });

  it('keeps its height wherever the view is', () => {
    const far = new TimeScale(500 * DAY, 600 * DAY, 1000);
    expect(bandBoxes(eps, far)).toEqual([]);
    expect(bandHeight(eps)).toBe(2 * BAND_ROW_H + 2 * BAND_PAD);
  });

  it('finds the episode under a point', () => {
    const boxes = bandBoxes(eps, scale);
    expect(hitBand(boxes, 150, BAND_PAD + 5)).toBe(1);
    expect(hitBand(boxes, 150, BAND_PAD + BAND_ROW_H + 5)).toBe(2);
    expect(hitBand(boxes, 600, BAND_PAD + 5)).toBeNull();
  });

  it('moves the lanes down by the band', () => {
    expect(laneLayout(600, 4, 48)[0].top).toBe(AXIS_H + 48);
    expect(laneLayout(600, 4)[0].top).toBe(AXIS_H);
  });
});

describe('parseUkDay', () => {
  it('reads days day-first', () => {
    expect(parseUkDay('09/06/2021')).toBe('2021-06-09');
    expect(parseUkDay(' 9/6/21 ')).toBe('2021-06-09');
    expect(parseUkDay('25.12.2021')).toBe('2021-12-25');
    expect(parseUkDay('2021-12-25')).toBe('2021-12-25');
  });
  it('refuses what is not a day', () => {
    expect(parseUkDay('12/25/2021')).toBeNull();
    expect(parseUkDay('29/02/2021')).toBeNull();
    expect(parseUkDay('next Tuesday')).toBeNull();
    expect(parseUkDay('')).toBeNull();
  });
});
