import { describe, expect, it } from 'vitest';
import { chooseInterval, DAY, HOUR, MAX_SPAN, MIN_SPAN, ticks, TimeScale } from '../src/timeline/scale';
import { ukInstant, ukOffset, ukParts } from '../src/format';

const T2020 = Date.UTC(2020, 0, 1) / 1000;

describe('TimeScale', () => {
  it('maps time to pixels and back', () => {
    const s = new TimeScale(T2020, T2020 + 100 * DAY, 1000);
    expect(s.x(T2020)).toBe(0);
    expect(s.x(T2020 + 50 * DAY)).toBe(500);
    expect(s.t(250)).toBe(T2020 + 25 * DAY);
    expect(s.secPerPx).toBe(100 * DAY / 1000);
  });

  it('pans by pixels: dragging right shows earlier times', () => {
    const s = new TimeScale(T2020, T2020 + 100 * DAY, 1000);
    s.pan(100);
    expect(s.t0).toBe(T2020 - 10 * DAY);
    expect(s.span).toBe(100 * DAY);
  });

  it('zooms about the pointer, keeping the time under it fixed', () => {
    const s = new TimeScale(T2020, T2020 + 100 * DAY, 1000);
    const under = s.t(200);
    s.zoomAt(4, 200);
    expect(s.span).toBeCloseTo(25 * DAY);
    expect(s.t(200)).toBeCloseTo(under);
    s.zoomAt(0.25, 200);
    expect(s.span).toBeCloseTo(100 * DAY);
    expect(s.t(200)).toBeCloseTo(under);
  });

  it('clamps zoom to the minimum and maximum spans', () => {
    const s = new TimeScale(T2020, T2020 + DAY, 1000);
    s.zoomAt(1e9, 500);
    expect(s.span).toBe(MIN_SPAN);
    s.zoomAt(1e-12, 500);
    expect(s.span).toBe(MAX_SPAN);
  });

  it('fits an extent with a margin and centres on it', () => {
    const s = new TimeScale(0, 1, 1000);
    s.fit(T2020, T2020 + 100 * DAY, 0.05);
    expect(s.span).toBeCloseTo(110 * DAY);
    expect((s.t0 + s.t1) / 2).toBeCloseTo(T2020 + 50 * DAY);
  });

  it('keeps the view centre within the data', () => {
    const s = new TimeScale(T2020 + 500 * DAY, T2020 + 510 * DAY, 1000);
    s.clampTo(T2020, T2020 + 100 * DAY);
    expect((s.t0 + s.t1) / 2).toBe(T2020 + 100 * DAY);
    expect(s.span).toBe(10 * DAY);
  });
});

describe('tick choice', () => {
  it('goes from years to months to days to hours as you zoom in', () => {
    const at = (span: number) => chooseInterval(span / 1000, 90);
    expect(at(40 * 365 * DAY).unit).toBe('year');
    expect(at(10 * 365 * DAY)).toMatchObject({ unit: 'year', step: 1 });
    expect(at(2 * 365 * DAY).unit).toBe('month');
    expect(at(60 * DAY).unit).toBe('day');
    expect(at(3 * DAY).unit).toBe('hour');
  });

  it('never puts ticks closer than the minimum spacing', () => {
    for (const span of [3 * HOUR, 2 * DAY, 20 * DAY, 200 * DAY, 3000 * DAY, 30000 * DAY]) {
      const s = new TimeScale(T2020, T2020 + span, 1100);
      const { ticks: tk } = ticks(s, 90);
      expect(tk.length).toBeGreaterThan(0);
      for (let i = 1; i < tk.length; i++) expect(s.x(tk[i].t) - s.x(tk[i - 1].t)).toBeGreaterThanOrEqual(80);
    }
  });

  it('labels years, months and days on calendar boundaries in UK time', () => {
    const years = ticks(new TimeScale(Date.UTC(2014, 5, 1) / 1000, Date.UTC(2021, 5, 1) / 1000, 1000)).ticks;
    expect(years.map((t) => t.label)).toEqual(['2015', '2016', '2017', '2018', '2019', '2020', '2021']);
    const months = ticks(new TimeScale(Date.UTC(2020, 10, 15) / 1000, Date.UTC(2021, 4, 15) / 1000, 1000)).ticks;
    expect(months.map((t) => t.label)).toEqual(['Dec 2020', '2021', 'Feb 2021', 'Mar 2021', 'Apr 2021', 'May 2021']);
    expect(months.find((t) => t.label === '2021')!.major).toBe(true);
    // 1 July is in British Summer Time: midnight local is 23:00 UTC the day before
    const days = ticks(new TimeScale(Date.UTC(2021, 5, 20) / 1000, Date.UTC(2021, 6, 10) / 1000, 1000)).ticks;
    expect(days.every((t) => !t.label.includes(':'))).toBe(true);
    const july = days.find((t) => t.label.startsWith('Jul'))!;
    expect(july.t).toBe(Date.UTC(2021, 5, 30, 23) / 1000);
    const hours = ticks(new TimeScale(Date.UTC(2021, 0, 4, 6) / 1000, Date.UTC(2021, 0, 4, 18) / 1000, 1000)).ticks;
    expect(hours[0].label).toMatch(/^\d\d:00$/);
  });
});

describe('UK time', () => {
  it('knows British Summer Time', () => {
    expect(ukOffset(Date.UTC(2021, 0, 10) / 1000)).toBe(0);
    expect(ukOffset(Date.UTC(2021, 6, 10) / 1000)).toBe(3600);
    expect(ukOffset(Date.UTC(2021, 2, 28, 0, 59) / 1000)).toBe(0);
    expect(ukOffset(Date.UTC(2021, 2, 28, 1, 0) / 1000)).toBe(3600);
    expect(ukParts(ukInstant(2021, 6, 1))).toMatchObject({ y: 2021, m: 6, d: 1, hh: 0 });
    expect(ukParts(ukInstant(2021, 0, 1))).toMatchObject({ y: 2021, m: 0, d: 1, hh: 0 });
  });
});
