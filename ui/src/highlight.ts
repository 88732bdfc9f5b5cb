// Highlighting the words a fact was read from in a record's text. The
// analysis gives UTF-8 byte offsets; the page holds UTF-16 strings, so the
// offsets are converted character by character. The text is only ever
// inserted as text nodes, each highlighted run in a <mark> built with DOM
// calls: record text from agencies never becomes markup.

/** A stretch of a string in UTF-16 indices, tagged with the facts read from it. */
export interface Span { start: number; end: number; key: number }

/** One run of a string and the facts (keys) whose words cover it. */
export interface Segment { text: string; keys: number[] }

function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/**
 * The UTF-16 index in `s` of UTF-8 byte offset `byte`. An offset inside a
 * character goes to the character's start (`floor`) or past its end
 * (`ceil`); one past the end of the string gives its length.
 */
export function byteToIndex(s: string, byte: number, round: 'floor' | 'ceil' = 'floor'): number {
  if (byte <= 0) return 0;
  let bytes = 0;
  let index = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const next = bytes + utf8Length(cp);
    if (next > byte) return round === 'ceil' && byte > bytes ? index + ch.length : index;
    bytes = next;
    index += ch.length;
    if (bytes === byte) return index;
  }
  return s.length;
}

/** The UTF-8 length of a string, in bytes. */
export function byteLength(s: string): number {
  let n = 0;
  for (const ch of s) n += utf8Length(ch.codePointAt(0)!);
  return n;
}

/**
 * Where the words [start, end) (UTF-8 bytes) fall in `s`, in UTF-16
 * indices. When `expect` (the words as the analysis read them) is given
 * and the offsets do not hold them, the nearest place that does is used
 * (compared without case); null when the words are nowhere.
 */
export function locate(s: string, start: number, end: number, expect?: string): [number, number] | null {
  const a = byteToIndex(s, start, 'floor');
  const b = byteToIndex(s, end, 'ceil');
  const fits = a < b && b <= s.length;
  if (expect == null || expect === '') return fits ? [a, b] : null;
  const want = expect.toLocaleLowerCase();
  if (fits && s.slice(a, b).toLocaleLowerCase() === want) return [a, b];
  const lower = s.toLocaleLowerCase();
  if (lower.length !== s.length) return fits ? [a, b] : null;
  let best = -1;
  for (let i = lower.indexOf(want); i >= 0; i = lower.indexOf(want, i + 1)) {
    if (best < 0 || Math.abs(i - a) < Math.abs(best - a)) best = i;
  }
  return best >= 0 ? [best, best + expect.length] : null;
}

/**
 * `s` cut into runs at every edge of every span, each run with the keys of
 * the spans covering it (in the order given); neighbouring runs with the
 * same keys are joined. Spans out of range are clipped; empty ones ignored.
 */
export function segments(s: string, spans: Span[]): Segment[] {
  const clipped = spans
    .map((sp) => ({ start: Math.max(0, Math.min(s.length, sp.start)), end: Math.max(0, Math.min(s.length, sp.end)), key: sp.key }))
    .filter((sp) => sp.end > sp.start);
  const edges = new Set<number>([0, s.length]);
  for (const sp of clipped) { edges.add(sp.start); edges.add(sp.end); }
  const cuts = [...edges].sort((x, y) => x - y);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const keys: number[] = [];
    for (const sp of clipped) if (sp.start <= a && sp.end >= b && !keys.includes(sp.key)) keys.push(sp.key);
    const prev = out[out.length - 1];
    if (prev && prev.keys.length === keys.length && prev.keys.every((k, j) => k === keys[j])) prev.text += s.slice(a, b);
    else out.push({ text: s.slice(a, b), keys });
  }
  return out;
}

/**
 * `s` as DOM nodes: plain runs as text nodes, highlighted runs as <mark>
 * elements (their text set as text) carrying `data-facts` (the keys) and
 * the class and title `mark` gives for their keys.
 */
export function highlighted(s: string, spans: Span[], mark: (keys: number[]) => { class: string; title: string }): DocumentFragment {
  const frag = document.createDocumentFragment();
  for (const seg of segments(s, spans)) {
    if (seg.keys.length === 0) { frag.appendChild(document.createTextNode(seg.text)); continue; }
    const m = document.createElement('mark');
    const look = mark(seg.keys);
    m.className = look.class;
    m.title = look.title;
    m.dataset.facts = seg.keys.join(' ');
    m.textContent = seg.text;
    frag.appendChild(m);
  }
  return frag;
}
