// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { byteLength, byteToIndex, highlighted, locate, segments } from '../src/highlight';

/** The UTF-8 byte offset of a substring, as the analysis gives it. */
const byteAt = (s: string, sub: string) => new TextEncoder().encode(s.slice(0, s.indexOf(sub))).length;
const span = (s: string, sub: string): [number, number] => [byteAt(s, sub), byteAt(s, sub) + byteLength(sub)];

describe('byte offsets to string indices', () => {
  it('is the identity for ASCII', () => {
    const s = 'Tyler arrived with a bruise';
    expect(byteToIndex(s, 21)).toBe(21);
    expect(locate(s, 21, 27, 'bruise')).toEqual([21, 27]);
  });

  it('counts accented letters as two bytes and one index', () => {
    const s = 'Zoë told Renée about the bruise on her arm';
    const [a, b] = span(s, 'bruise');
    expect(a).toBe(s.indexOf('bruise') + 2);          // ë and é take a byte more each
    expect(locate(s, a, b, 'bruise')).toEqual([s.indexOf('bruise'), s.indexOf('bruise') + 6]);
  });

  it('handles three-byte characters and astral-plane characters (two UTF-16 units)', () => {
    const s = 'Note — “worried” 😟 about the bruising, said Zoë';
    for (const w of ['worried', 'about', 'bruising', 'Zoë']) {
      const [a, b] = span(s, w);
      const at = locate(s, a, b, w)!;
      expect(s.slice(at[0], at[1])).toBe(w);
    }
  });

  it('rounds an offset inside a character to its edges', () => {
    const s = 'aé b';                                     // é is bytes 1..3
    expect(byteToIndex(s, 2, 'floor')).toBe(1);
    expect(byteToIndex(s, 2, 'ceil')).toBe(2);
    expect(byteToIndex(s, 99)).toBe(s.length);
    expect(byteToIndex(s, -3)).toBe(0);
  });

  it('finds the words nearby when the offsets do not hold them, and gives null when they are nowhere', () => {
    const s = 'Bruise seen. Later another bruise.';
    expect(locate(s, 27, 33, 'bruise')).toEqual([27, 33]);
    expect(locate(s, 2, 8, 'bruise')).toEqual([0, 6]);    // case aside, the nearest
    expect(locate(s, 0, 5, 'burn')).toBeNull();
  });
});

describe('segments', () => {
  it('cuts the text at every edge and keeps the facts covering each run', () => {
    const s = 'domestic abuse incident reported';
    const segs = segments(s, [{ start: 0, end: 14, key: 1 }, { start: 9, end: 23, key: 2 }]);
    expect(segs).toEqual([
      { text: 'domestic ', keys: [1] },
      { text: 'abuse', keys: [1, 2] },
      { text: ' incident', keys: [2] },
      { text: ' reported', keys: [] },
    ]);
    expect(segs.map((x) => x.text).join('')).toBe(s);
  });

  it('clips spans and ignores empty ones', () => {
    expect(segments('abc', [{ start: 2, end: 10, key: 0 }, { start: 1, end: 1, key: 3 }])).toEqual([
      { text: 'ab', keys: [] }, { text: 'c', keys: [0] },
    ]);
  });
});

describe('highlighted', () => {
  it('builds text nodes and marks, never markup', () => {
    const s = 'Mum said <b>he fell</b> — bruise ✓';
    const [a, b] = span(s, 'bruise');
    const at = locate(s, a, b, 'bruise')!;
    const p = document.createElement('p');
    p.appendChild(highlighted(s, [{ start: at[0], end: at[1], key: 4 }, { start: 9, end: 12, key: 5 }], (k) => ({ class: `hl k${k[0]}`, title: 'Injury' })));
    expect(p.textContent).toBe(s);
    expect(p.querySelector('b')).toBeNull();
    const marks = [...p.querySelectorAll('mark')];
    expect(marks.map((m) => m.textContent)).toEqual(['<b>', 'bruise']);
    expect(marks[1].dataset.facts).toBe('4');
    expect(marks[1].className).toBe('hl k4');
  });
});
