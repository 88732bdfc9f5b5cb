// A fictional backend for looking at the screens without the desktop shell. Loaded only
// in `--mode mock`. Every name, place and event here is invented. The timeline holds
// a large number of records (1,000,000 by default; `?n=` in the URL changes it), computed
// lazily from sorted typed arrays so windowed queries behave like the real thing.

import type {
  AppliedCorrection, Episode, EpisodeDraft, Fact, FactLine, Finding, FindingDraft, Findings, Reading,
  Agency, Backend, ChronologyPage, Filter, Flag, FlagMark, Glyph, ImportResult, Item, Knowledge, KnowledgeCell,
  Lane, Mapping, Preview, Progress, RecordDetail, RecordNote, ReviewInfo, Role, Row, RuleView, Subject, TimelineWindow,
} from '../api';

const DAY = 86400;
const LO = Date.UTC(2015, 0, 5) / 1000;
const HI = Date.UTC(2021, 5, 28) / 1000;

function hash(i: number, salt = 0): number {
  let x = (i * 2654435761 + salt * 97531) >>> 0;
  x ^= x >>> 16; x = Math.imul(x, 0x45d9f3b) >>> 0; x ^= x >>> 16; x = Math.imul(x, 0x45d9f3b) >>> 0; x ^= x >>> 16;
  return x >>> 0;
}

const AGENCIES: Omit<Agency, 'records'>[] = [
  { id: 1, name: 'Northshire Police', kind: 'police', colour: 0 },
  { id: 2, name: "Children's Social Care", kind: 'childrens_social_care', colour: 1 },
  { id: 3, name: 'Health Visiting', kind: 'health_visiting', colour: 2 },
  { id: 4, name: 'Elm Road GP Surgery', kind: 'gp', colour: 3 },
  { id: 5, name: 'Northshire General Hospital', kind: 'hospital', colour: 4 },
  { id: 6, name: 'Oakfield Primary School', kind: 'school', colour: 5 },
  { id: 7, name: 'Northshire Housing', kind: 'housing', colour: 6 },
  { id: 8, name: 'Probation Service', kind: 'probation', colour: 7 },
];
const WEIGHTS = [25, 20, 10, 10, 10, 15, 5, 5];
const GLYPHS_BY_KIND: Record<string, Glyph[]> = {
  police: ['incident', 'incident', 'contact', 'referral', 'meeting'],
  childrens_social_care: ['visit', 'visit', 'meeting', 'referral', 'contact'],
  health_visiting: ['visit', 'health', 'contact'],
  gp: ['health', 'health', 'contact', 'referral'],
  hospital: ['health', 'health', 'incident', 'referral'],
  school: ['education', 'education', 'contact', 'meeting'],
  housing: ['housing', 'housing', 'visit', 'other'],
  probation: ['contact', 'visit', 'meeting', 'other'],
};
const TEXTS = [
  'Home visit. Child seen, appeared well. Mother reports no concerns.',
  'Domestic abuse incident reported by neighbour. Officers attended; mother declined to make a statement.',
  'Child brought to A&E with bruising to the upper arm. Explanation: fell from sofa.',
  'Child absent from school without explanation; call to mother not answered.',
  'Strategy discussion held. Police and social care present; health invited but absent.',
  'Referral received from school regarding comments made by child.',
  'Missed health visitor appointment. Letter sent offering new date.',
  'Tenancy warning issued following complaints of noise and shouting.',
  'GP consultation: mother requests repeat prescription; mentions feeling low.',
  'Child not seen on visit; told he was asleep upstairs.',
  'Case closed to children\'s social care. No further action.',
  'Telephone call from hospital social worker; information shared about injury.',
  'Parenting assessment concluded. Risk graded low.',
  'Core group meeting. School reports improved attendance.',
  'Child reported missing by mother at 21:30; returned home at 02:10.',
  'Probation supervision appointment; partner reports stable accommodation.',
];
const OUTCOMES = ['No further action', 'Referred to children\'s social care', 'Letter sent', 'Assessment to follow', null, 'Shared with school', 'Advice given', null];
const AUTHORS = ['PC 4471', 'Social worker SW1', 'Health visitor HV2', 'Dr A. Okafor', 'Nurse', 'Designated safeguarding lead', 'Housing officer', 'Probation officer'];
const INDICATORS = [
  { id: 'injury', label: 'Injury' }, { id: 'suspected_nai', label: 'Suspected non-accidental injury' },
  { id: 'neglect', label: 'Neglect' }, { id: 'domestic_abuse', label: 'Domestic abuse incident' },
  { id: 'missing_episode', label: 'Missing episode' }, { id: 'missing_education', label: 'Missing education' },
  { id: 'allegation', label: 'Allegation' }, { id: 'retraction', label: 'Retraction' },
  { id: 'child_not_seen', label: 'Child not seen / not spoken to alone' }, { id: 'substance_misuse', label: 'Substance misuse' },
  { id: 'mental_health_crisis', label: 'Mental health crisis' }, { id: 'unsuitable_accommodation', label: 'Unsuitable accommodation' },
];

const rules: RuleView[] = [
  {
    id: 'no-strategy-discussion', name: 'No strategy discussion', enabled: true,
    description: 'Suspected significant harm known to children\'s social care with no strategy discussion within the standard.',
    severity: 'High: it is raised only on suspected significant harm known to children\'s social care.',
    thresholds: [{ setting: 'working_days', meaning: 'working days from suspected significant harm to a strategy discussion', value: '3', default: '3', basis: 'local procedure', source: 'national guidance says only "as soon as possible"' }],
  },
  {
    id: 'late-conference', name: 'Late child protection conference', enabled: true,
    description: 'A child protection conference was held later than the standard.',
    severity: 'Medium: the conference was held, late.',
    thresholds: [{ setting: 'working_days', meaning: 'working days from the strategy discussion to the initial conference', value: '15', default: '15', basis: 'national guidance', source: 'Working Together 2023' }],
  },
];

function delay(ms: number): Promise<void> { return new Promise((r) => setTimeout(r, ms)); }

class Store {
  n: number;
  times: Float64Array;
  agencyOf: Uint8Array;
  lanes: Int32Array[] = [];
  counts: number[] = [];
  filterCache = new Map<string, Int32Array>();

  constructor(n: number) {
    this.n = n;
    this.times = new Float64Array(n);
    this.agencyOf = new Uint8Array(n);
    const span = HI - LO;
    const cum: number[] = [];
    let acc = 0;
    for (const w of WEIGHTS) { acc += w; cum.push(acc); }
    const counts = new Array(8).fill(0);
    for (let i = 0; i < n; i++) {
      const u = (i + (hash(i, 1) % 1000) / 1000) / n;
      // busier periods: a gentle wave plus a burst in 2019-20
      const w = u + 0.012 * Math.sin(u * 37) + 0.05 * (1 / (1 + Math.exp(-(u - 0.72) * 30)));
      this.times[i] = LO + span * (w / 1.05);
      const r = hash(i, 2) % acc;
      let a = 0;
      while (r >= cum[a]) a++;
      this.agencyOf[i] = a;
      counts[a]++;
    }
    // guarantee order (the wave is monotonic but be safe)
    for (let i = 1; i < n; i++) if (this.times[i] < this.times[i - 1]) this.times[i] = this.times[i - 1];
    this.counts = counts;
    const fill = new Array(8).fill(0);
    this.lanes = counts.map((c) => new Int32Array(c));
    for (let i = 0; i < n; i++) { const a = this.agencyOf[i]; this.lanes[a][fill[a]++] = i; }
  }

  glyph(i: number): Glyph { const g = GLYPHS_BY_KIND[AGENCIES[this.agencyOf[i]].kind]; return g[hash(i, 3) % g.length]; }
  approx(i: number): boolean { return hash(i, 4) % 23 === 0; }
  flagged(i: number): boolean { return hash(i, 5) % 1499 === 0; }
  text(i: number): string { return TEXTS[hash(i, 6) % TEXTS.length]; }
  subjectsOf(i: number): number[] { const a = 1 + (hash(i, 7) % 5); return hash(i, 8) % 3 === 0 ? [a, 1 + ((a) % 5)] : [a]; }
  indicatorOf(i: number): string | null { return hash(i, 9) % 3 === 0 ? INDICATORS[hash(i, 10) % INDICATORS.length].id : null; }
  lo(i: number): number {
    const t = this.times[i];
    if (!this.approx(i)) return t;
    const d = new Date(t * 1000);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
  }
  hi(i: number): number {
    const t = this.times[i];
    if (!this.approx(i)) return t + 3600;
    const d = new Date(t * 1000);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
  }

  predicate(f: Filter): ((i: number) => boolean) | null {
    const checks: ((i: number) => boolean)[] = [];
    if (f.flaggedOnly) checks.push((i) => this.flagged(i));
    if (f.subjects?.length) { const s = new Set(f.subjects); checks.push((i) => this.subjectsOf(i).some((x) => s.has(x))); }
    if (f.indicators?.length) { const s = new Set(f.indicators); checks.push((i) => { const x = this.indicatorOf(i); return x != null && s.has(x); }); }
    if (f.search) {
      const q = f.search.toLowerCase().replace(/\*$/, '');
      const ok = TEXTS.map((t) => t.toLowerCase().includes(q));
      checks.push((i) => ok[hash(i, 6) % TEXTS.length]);
    }
    if (!checks.length) return null;
    return (i) => checks.every((c) => c(i));
  }

  lowerBound(lane: Int32Array, t: number): number {
    let a = 0, b = lane.length;
    while (a < b) { const m = (a + b) >>> 1; if (this.times[lane[m]] < t) a = m + 1; else b = m; }
    return a;
  }

  window(from: number, to: number, buckets: number, maxItems: number, f: Filter): TimelineWindow {
    const pred = this.predicate(f);
    const allowed = f.agencies ? new Set(f.agencies) : null;
    let total = 0;
    const lanes: Lane[] = AGENCIES.map((ag, ai) => {
      if (allowed && !allowed.has(ag.id)) return { agencyId: ag.id, count: 0, items: [], buckets: null };
      const lane = this.lanes[ai];
      // approximate spans reach back a month: widen the search for items
      const a = this.lowerBound(lane, from - 31 * DAY);
      const b = this.lowerBound(lane, to);
      let count = 0;
      if (!pred) count = b - a;
      else for (let k = a; k < b; k++) if (pred(lane[k])) count++;
      total += count;
      if (count <= maxItems) {
        const items: Item[] = [];
        for (let k = a; k < b; k++) {
          const i = lane[k];
          if (pred && !pred(i)) continue;
          const lo = this.lo(i), hi = this.hi(i);
          if (hi < from) continue;
          items.push({ id: i + 1, lo, hi, glyph: this.glyph(i), approx: this.approx(i), flagged: this.flagged(i), label: `${fmt(this.times[i])} ${this.text(i).slice(0, 60)}` });
        }
        return { agencyId: ag.id, count, items, buckets: null };
      }
      const out = new Array(buckets).fill(0);
      const bw = (to - from) / buckets;
      const a2 = this.lowerBound(lane, from);
      for (let k = a2; k < b; k++) {
        const i = lane[k];
        if (pred && !pred(i)) continue;
        const j = Math.floor((this.times[i] - from) / bw);
        if (j >= 0 && j < buckets) out[j]++;
      }
      return { agencyId: ag.id, count, items: null, buckets: out };
    });
    return { from, to, total, lanes };
  }

  filtered(f: Filter): Int32Array | null {
    const pred = this.predicate(f);
    const allowed = f.agencies ? new Set(f.agencies.map((id) => id - 1)) : null;
    if (!pred && !allowed) return null;
    const key = JSON.stringify(f);
    const hit = this.filterCache.get(key);
    if (hit) return hit;
    const out: number[] = [];
    for (let i = 0; i < this.n; i++) {
      if (allowed && !allowed.has(this.agencyOf[i])) continue;
      if (pred && !pred(i)) continue;
      out.push(i);
    }
    const arr = Int32Array.from(out);
    if (this.filterCache.size > 8) this.filterCache.clear();
    this.filterCache.set(key, arr);
    return arr;
  }

  row(i: number): Row {
    return {
      id: i + 1, agency: AGENCIES[this.agencyOf[i]].name, agencyId: AGENCIES[this.agencyOf[i]].id,
      when: this.approx(i) ? monthFmt(this.times[i]) : fmt(this.times[i]), lo: this.lo(i), text: this.text(i),
      outcome: OUTCOMES[hash(i, 11) % OUTCOMES.length], author: AUTHORS[this.agencyOf[i]], flagged: this.flagged(i),
    };
  }
}

function pad(n: number) { return String(n).padStart(2, '0'); }
function fmt(t: number): string { const d = new Date(t * 1000); return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`; }
function dayFmt(t: number): string { const d = new Date(t * 1000); return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`; }
function monthFmt(t: number): string { const d = new Date(t * 1000); return `${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`; }

export function createMockBackend(): Backend {
  const params = new URLSearchParams(location.search);
  const n = Number(params.get('n') ?? 1_000_000);
  let store: Store | null = null;
  const getStore = () => (store ??= new Store(n));
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((cb) => cb(payload));
  let open = false;
  let reviewer: string | null = null;
  let notes: RecordNote[] = [];
  let encrypted = true;
  let path = '/home/reviewer/Reviews/cspr-child-a.sightline';
  let title = 'CSPR Child A (Northshire, 2021)';
  let subjects: Subject[] = [
    { id: 1, label: 'Child A', role: 'child', names: ['Leo Marsh', 'Leo Marsh-Tanner', 'L. Marsh'], records: 412_380, dob: '03/2014' },
    { id: 2, label: 'Sibling 1', role: 'sibling', names: ['Ruby Marsh', 'Rubie Marsh'], records: 201_112, dob: '11/2016' },
    { id: 3, label: 'Mother', role: 'parent', names: ['Kerry Marsh', 'Kerri Marsh', 'K. Tanner'], records: 188_904, dob: null },
    { id: 4, label: 'Mother\'s partner', role: 'partner', names: ['Dean Holloway', 'D. Holloway'], records: 140_511, dob: null },
    { id: 5, label: 'Maternal grandmother', role: 'other adult', names: ['Sandra Marsh'], records: 57_093, dob: null },
  ];
  let nextSubject = 6;
  const flags = makeFlags();

  function info(): ReviewInfo {
    const s = getStore();
    return {
      path, title, encrypted, records: s.n, sources: 11, extent: { lo: LO, hi: HI },
      agencies: AGENCIES.map((a, i) => ({ ...a, records: s.counts[i] })),
      reviewer, lastReviewer: reviewer,
    };
  }
  async function runTask(task: Progress['task'], stages: string[], total: number, ms: number): Promise<void> {
    const steps = 12;
    for (let k = 0; k <= steps; k++) {
      emit('progress', { task, stage: stages[Math.min(stages.length - 1, Math.floor((k / steps) * stages.length))], done: Math.round((k / steps) * total), total, finished: false, error: null });
      await delay(ms / steps);
    }
    emit('progress', { task, stage: 'done', done: total, total, finished: true, error: null });
  }
  const analyse = () => void runTask('analysis', ['indicators', 'sharing', 'knowledge', 'flags'], 100, 2500);

  function preview(mapping: Mapping | null, agency: string): Preview {
    const headers = ['Date', 'Time', 'Contact type', 'Details', 'Action taken', 'Practitioner', 'Child', 'Ward'];
    const guess: Role[] = ['date', 'time', 'event_type', 'description', 'outcome', 'author', 'subject', 'extra'];
    const columns = headers.map((h, i) => ({ header: h, role: (mapping?.[h] ?? guess[i]) as Role, guessed: !mapping?.[h] }));
    const raw = [
      ['03/02/2019', '09:15', 'Visit', 'Home visit, child seen with mother', 'None', 'HV2', 'Leo', 'Elm'],
      ['?12/03/2019', '', 'Phone', 'Call from school about bruise on arm', 'Referred to CSC', 'SW1', 'Leo', 'Elm'],
      ['March 2019', '', 'Letter', 'Letter to GP re missed appointment', '', 'HV2', 'Ruby', 'Elm'],
      ['14/04/2019', '14:30', 'Visit', 'No answer at the door', 'Card left', 'HV2', 'Leo', 'Elm'],
      ['w/c 06/05/2019', '', 'Meeting', 'Core group', 'Plan reviewed', 'SW1', 'Leo', 'Elm'],
      ['31/02/2019', '10:00', 'Visit', 'Child seen alone in bedroom', 'None', 'HV2', 'Leo', 'Elm'],
      ['between 01/06/2019 and 07/06/2019', '', 'Email', 'Information shared with school nurse', '', 'HV2', 'Leo', 'Elm'],
      ['20/06/2019', '16:05', 'Visit', 'Mother reports partner has left', 'Advice given', 'HV2', 'Leo', 'Elm'],
      ['before 01/07/2019', '', 'Note', 'Entry added late', '', 'HV2', 'Ruby', 'Elm'],
      ['02/07/2019', '11:00', 'Visit', 'Child not present, said to be at grandmother\'s', 'Revisit planned', 'HV2', 'Leo', 'Elm'],
    ];
    const dateCol = columns.findIndex((c) => c.role === 'date');
    const rows = raw.map((cells, k) => {
      const row = k + 2;
      const v = dateCol >= 0 ? cells[dateCol] : '';
      const bad = dateCol < 0 || v === '31/02/2019';
      return {
        row, cells,
        when: bad ? null : v.replace('?', 'c. '),
        error: bad ? { column: dateCol >= 0 ? headers[dateCol] : null, value: v, error: dateCol < 0 ? 'no column is mapped to "date"' : `"${v}" is not a date (February has 28 or 29 days)` } : null,
      };
    });
    return {
      file: 'health-visiting.csv', format: 'csv', sheets: [], sheet: null, headerRow: 1, columns,
      roles: ['date', 'time', 'end_date', 'end_time', 'sequence', 'description', 'outcome', 'source_ref', 'author', 'subject', 'subject_dob', 'event_type', 'shared_with', 'agency', 'extra', 'ignore'],
      rows, rowsRead: 10, errors: rows.filter((r) => r.error).map((r) => ({ row: r.row, ...r.error! })),
      agencyGuess: agency || 'Health Visiting', kindGuess: 'health_visiting',
    };
  }

  const handlers: Record<string, (a: Record<string, unknown>) => unknown | Promise<unknown>> = {
    startup: () => ({ review: null, pendingPath: null, needsPassphrase: false, recent: recent() }),
    recent_reviews: () => recent(),
    forget_recent: () => recent().slice(1),
    is_encrypted: (a) => !String(a.path).includes('plain'),
    open_review: async (a) => {
      await delay(250);
      const p = String(a.path);
      if (!p.endsWith('.sightline')) throw `${p} is not a Sightline review (expected a .sightline file)`;
      if (!p.includes('plain') && a.passphrase !== 'correct horse') throw `wrong passphrase for ${p.split('/').pop()}`;
      path = p; encrypted = !p.includes('plain'); open = true;
      reviewer = a.reviewer ? String(a.reviewer) : null;
      getStore();
      setTimeout(analyse, 50);
      return info();
    },
    create_review: async (a) => { path = String(a.path); title = String(a.title); encrypted = a.passphrase != null; open = true; reviewer = a.reviewer ? String(a.reviewer) : null; getStore(); return info(); },
    close_review: () => { open = false; return null; },
    review_info: () => info(),
    analysis_status: () => ({ state: open ? 'ready' : 'idle', error: null }),
    timeline_window: async (a) => {
      await delay(12);
      return getStore().window(Number(a.from), Number(a.to), Number(a.buckets), Number(a.maxItems), (a.filter ?? {}) as Filter);
    },
    timeline_flags: (): FlagMark[] => flags.map((f) => ({ id: f.id, agencyId: f.agencyId, at: f.atSeconds, severity: f.severity, status: f.status })),
    search: (a) => ({ total: 0, ids: [] as number[], query: a.query }),
    chronology: async (a): Promise<ChronologyPage> => {
      await delay(15);
      const s = getStore();
      const f = (a.filter ?? {}) as Filter;
      const idx = s.filtered(f);
      const total = idx ? idx.length : s.n;
      const off = Number(a.offset), lim = Number(a.limit);
      const rows: Row[] = [];
      for (let k = off; k < Math.min(total, off + lim); k++) rows.push(s.row(idx ? idx[k] : k));
      return { total, rows };
    },
    chronology_position: (a) => {
      const s = getStore();
      const idx = s.filtered((a.filter ?? {}) as Filter);
      const i = Number(a.id) - 1;
      if (!idx) return i;
      const k = idx.indexOf(i);
      return k < 0 ? null : k;
    },
    record: async (a): Promise<RecordDetail> => {
      await delay(20);
      const s = getStore();
      const i = Number(a.id) - 1;
      if (!(i >= 0 && i < s.n)) throw `no record ${a.id}`;
      const r = s.row(i);
      const ind = s.indicatorOf(i);
      const indDef = INDICATORS.find((x) => x.id === ind);
      const ag = AGENCIES[s.agencyOf[i]];
      return {
        id: i + 1, agency: ag.name, agencyId: ag.id, kind: ag.kind,
        when: { start: new Date(s.lo(i) * 1000).toISOString(), end: s.approx(i) ? new Date(s.hi(i) * 1000).toISOString() : null, precision: s.approx(i) ? 'month' : 'instant', qualifier: s.approx(i) ? 'approx' : 'exact' },
        whenDisplay: s.approx(i) ? `c. ${monthFmt(s.times[i])}` : r.when, lo: s.lo(i), hi: s.hi(i),
        text: `${r.text} Mother said the family had been staying with her sister for a few days. Advised to contact the duty team if anything changes.`,
        outcome: r.outcome, eventType: s.glyph(i), author: r.author, reference: `${ag.kind.toUpperCase().slice(0, 3)}-${(hash(i, 12) % 90000) + 10000}`,
        source: { file: `${ag.kind.replace(/_/g, '-')}-chronology.xlsx`, sheet: 'Chronology', row: (hash(i, 13) % 4000) + 2 },
        cells: [
          { header: 'Date', value: s.approx(i) ? `approx. ${monthFmt(s.times[i])}` : dayFmt(s.times[i]) },
          { header: 'Time', value: s.approx(i) ? '' : fmt(s.times[i]).slice(11) },
          { header: 'Contact type', value: s.glyph(i) },
          { header: 'Details', value: r.text },
          { header: 'Action taken', value: r.outcome ?? '' },
          { header: 'Practitioner', value: r.author ?? '' },
          { header: 'Child', value: 'Leo' },
        ],
        subjects: s.subjectsOf(i).map((id) => ({ id, label: subjects.find((x) => x.id === id)?.label ?? `Subject ${id}` })),
        indicators: indDef ? [{ ...indDef, negated: hash(i, 14) % 5 === 0 }] : [],
        flags: s.flagged(i) ? [flags[hash(i, 15) % flags.length].id] : flags.filter((f) => f.evidence.some((e) => e.id === i + 1)).map((f) => f.id),
        notes: notes.filter((n) => n.record === i + 1),
      };
    },
    note_add: (a) => {
      const record = Number(a.record);
      notes.push({ id: notes.length + 1, record, text: String(a.text).trim(), at: new Date().toISOString(), by: reviewer ?? 'reviewer' });
      return notes.filter((n) => n.record === record);
    },
    note_remove: (a) => {
      notes = notes.filter((n) => n.id !== Number(a.id));
      return notes.filter((n) => n.record === Number(a.record));
    },
    record_reading: async (a): Promise<Reading> => {
      await delay(30);
      const s = getStore();
      const i = Number(a.id) - 1;
      const r = s.row(i);
      const text = `${r.text} Mother said the family had been staying with her sister for a few days. Advised to contact the duty team if anything changes.`;
      return mockReading(i + 1, text, r.outcome, AGENCIES[s.agencyOf[i]].name);
    },
    fact_correct: (a) => {
      const c = { id: corrections.length + 1, record: Number(a.record), change: a.change as 'add' | 'remove', fact: a.fact as Fact, reason: String(a.reason ?? ''), at: new Date().toISOString(), by: reviewer ?? 'reviewer' };
      corrections = corrections.filter((x) => !(x.record === c.record && factKey(x.fact) === factKey(c.fact)));
      corrections.push(c);
      void runTask('analysis', ['corrections', 'flags'], 10, 600);
      return c;
    },
    fact_undo: (a) => {
      const c = corrections.find((x) => x.id === Number(a.id));
      if (!c) throw `there is no correction ${a.id}`;
      corrections = corrections.filter((x) => x !== c);
      void runTask('analysis', ['corrections', 'flags'], 10, 600);
      return c;
    },
    episodes: async (a): Promise<Episode[]> => {
      await delay(20);
      return episodes.map((e) => ({
        ...e, records: a.contents ? e.records : [], flags: a.contents ? e.flags : [],
        findings: a.contents ? findings.map((f, i) => ({ id: f.id, number: i + 1, title: f.title, on: f.episodes.includes(e.id) })).filter((f) => f.on).map(({ on: _, ...f }) => f) : [],
      }));
    },
    episode_add: (a) => {
      const e = episodeOf(++episodeSeq, a.draft as EpisodeDraft);
      episodes.push(e);
      episodes.sort((x, y) => x.lo - y.lo);
      emit('review-changed', { what: 'episodes' });
      return e;
    },
    episode_edit: (a) => {
      const k = episodes.findIndex((e) => e.id === Number(a.id));
      if (k < 0) throw `there is no episode ${a.id}`;
      episodes[k] = episodeOf(episodes[k].id, { ...episodes[k], ...(a.draft as EpisodeDraft) });
      emit('review-changed', { what: 'episodes' });
      return episodes[k];
    },
    episode_remove: (a) => {
      episodes = episodes.filter((e) => e.id !== Number(a.id));
      findings = findings.map((f) => ({ ...f, episodes: f.episodes.filter((e) => e !== Number(a.id)) }));
      emit('review-changed', { what: 'episodes' });
      return null;
    },
    findings: async (): Promise<Findings> => {
      await delay(20);
      return {
        findings,
        episodes: episodes.map((e) => ({ id: e.id, title: e.title, period: e.period, flags: e.flags.map((f) => f.id) })),
        flags: flags.map((f, i) => ({
          id: f.id, also: [], number: i + 1, ruleLabel: f.ruleLabel, title: f.explanation.slice(0, 60), agency: f.agency,
          atDisplay: f.atDisplay, atSeconds: f.atSeconds, severity: f.severity, status: f.status,
        })),
      };
    },
    finding_add: (a) => {
      const f = findingOf(++findingSeq, a.draft as FindingDraft, undefined);
      findings.push(f);
      emit('review-changed', { what: 'findings' });
      return f;
    },
    finding_edit: (a) => {
      const k = findings.findIndex((f) => f.id === Number(a.id));
      if (k < 0) throw `there is no finding ${a.id}`;
      findings[k] = findingOf(findings[k].id, a.draft as FindingDraft, findings[k]);
      emit('review-changed', { what: 'findings' });
      return findings[k];
    },
    finding_remove: (a) => {
      findings = findings.filter((f) => f.id !== Number(a.id));
      emit('review-changed', { what: 'findings' });
      return null;
    },
    subjects: () => subjects,
    subject_merge: (a) => {
      const keep = subjects.find((s) => s.id === a.keep), other = subjects.find((s) => s.id === a.other);
      if (!keep || !other) throw 'no such subject';
      keep.names = [...keep.names, ...other.names]; keep.records += other.records;
      subjects = subjects.filter((s) => s.id !== other.id);
      emit('review-changed', { what: 'subjects' });
      return subjects;
    },
    subject_split: (a) => {
      const s = subjects.find((x) => x.id === a.id);
      if (!s) throw 'no such subject';
      s.names = s.names.filter((x) => x !== a.name);
      subjects = [...subjects, { id: nextSubject++, label: `Unconfirmed ${nextSubject - 6}`, role: 'other adult', names: [String(a.name)], records: 120, dob: null }];
      return subjects;
    },
    subject_label: (a) => { const s = subjects.find((x) => x.id === a.id); if (s) s.label = String(a.label); return subjects; },
    person_add: (a) => {
      const name = String(a.name ?? '').trim();
      if (!name) throw new Error('a person needs a name');
      const role = String(a.role ?? 'other');
      const label = role === 'child' ? `Child ${String.fromCharCode(64 + subjects.filter((x) => x.role === 'child').length + 1)}` : role;
      subjects.push({ id: nextSubject++, label, role: role === 'other' ? 'other adult' : role, names: [name, ...((a.aliases as string[]) ?? [])], records: 0, dob: (a.dob as string | null) ?? null });
      return subjects;
    },
    indicators: () => INDICATORS,
    knowledge: async (a): Promise<Knowledge> => {
      await delay(40);
      const asAt = a.asAt == null ? null : Number(a.asAt);
      const subj = a.subject == null ? 0 : Number(a.subject);
      const cells: KnowledgeCell[] = [];
      INDICATORS.forEach((ind, ii) => {
        AGENCIES.forEach((ag, ai) => {
          const hsh = hash(ii * 31 + ai, 20 + subj);
          if (hsh % 10 < 3) return;
          const at = LO + ((hsh % 1000) / 1000) * (HI - LO) * 0.9 + ii * 20 * DAY;
          if (asAt != null && at > asAt) return;
          const own = hsh % 3 === 0;
          cells.push({ indicator: ind.id, agencyId: ag.id, firstKnown: dayFmt(at), at, via: own ? 'own' : 'shared', viaRecord: own ? null : (hsh % getStore().n) + 1, possible: hsh % 7 === 0 });
        });
      });
      return { asAt, range: { lo: LO, hi: HI }, indicators: INDICATORS, agencies: AGENCIES.map((x) => ({ id: x.id, name: x.name })), cells };
    },
    flags: () => flags.map(withFindings),
    flag_decide: (a) => {
      const f = flags.find((x) => x.id === a.id);
      if (!f) throw `no flag ${a.id}`;
      if (a.status === 'dismissed' && !String(a.reason ?? '').trim()) throw 'a reason is needed to dismiss a flag';
      f.status = a.status as Flag['status']; f.reason = (a.reason as string | null) ?? null;
      f.annotations.push({ at: dayFmt(Date.now() / 1000), by: 'Lead reviewer', text: `Status set to ${f.status}${f.reason ? `: ${f.reason}` : ''}` });
      return withFindings(f);
    },
    rules: () => rules,
    rule_change: (a) => {
      const r = rules.find((x) => x.id === a.rule);
      if (!r) throw `there is no rule "${String(a.rule)}"`;
      if (typeof a.enabled === 'boolean') r.enabled = a.enabled;
      else {
        const t = r.thresholds.find((x) => x.setting === a.setting);
        if (!t) throw `the rule ${r.name} has no threshold "${String(a.setting)}"`;
        if (!/^\d+$/.test(String(a.value).trim())) throw `${r.name} — ${t.setting}: "${String(a.value)}" is not a value for ${t.meaning}`;
        t.value = String(a.value).trim();
      }
      return rules;
    },
    flag_annotate: (a) => {
      const f = flags.find((x) => x.id === a.id);
      if (!f) throw `no flag ${a.id}`;
      f.annotations.push({ at: dayFmt(Date.now() / 1000), by: 'Lead reviewer', text: String(a.text) });
      return withFindings(f);
    },
    import_preview: async (a) => { await delay(150); return preview((a.mapping as Mapping | null) ?? null, String(a.agency ?? '')); },
    import_run: async (args): Promise<ImportResult[]> => {
      const a = args.request as Record<string, unknown>;
      const p = preview((a.mapping as Mapping | null) ?? null, String(a.agency));
      if (p.errors.length && !a.skipBadRows) {
        const e = p.errors[0];
        throw `${p.file}, row ${e.row}, column "${e.column}": "${e.value}" is not a date`;
      }
      await runTask('import', ['reading', 'parsing dates', 'writing'], 10, 1500);
      setTimeout(() => { emit('review-changed', { what: 'records' }); analyse(); }, 50);
      return [{ source: p.file, rowsRead: 10, imported: 10 - p.errors.length, rejected: a.skipBadRows ? p.errors : [] }];
    },
    save_profile: () => null,
    agency_kinds: () => ['police', 'childrens_social_care', 'health_visiting', 'gp', 'hospital', 'school', 'probation', 'housing', 'voluntary', 'other'],
    export_pdf: async (a) => {
      await runTask('export', ['cover', 'flags', 'knowledge', 'chronology', 'appendix'], 214, 1800);
      return { path: String(a.path), pages: 214, bytes: 1_874_331, sha256: '9f2c4e1a7b3d8c60e5f41a29b7d03c6e8a1f5b2d7c94e03a6b8f1d2c5e7a9b04' };
    },
    redaction_check: () => [{ word: 'Pritchard', count: 56, example: 'Sarah Pritchard (HV)', quoted: false }],
    export_papers: async (a) => ({ path: String(a.path), pages: getStore().n, bytes: 412_000, sha256: '' }),
    open_file: () => null,
  };

  function recent() {
    return [
      { path: '/home/reviewer/Reviews/cspr-child-a.sightline', name: 'cspr-child-a.sightline', folder: '/home/reviewer/Reviews' },
      { path: '/home/reviewer/Reviews/thematic-2020.sightline', name: 'thematic-2020.sightline', folder: '/home/reviewer/Reviews' },
      { path: '/home/reviewer/Training/practice-plain.sightline', name: 'practice-plain.sightline', folder: '/home/reviewer/Training' },
    ];
  }

  function makeFlags(): Flag[] {
    const rules = [
      ['decision-without-information', 'Decision without information', 'high'],
      ['never-shared', 'Information never shared', 'high'],
      ['late-sharing', 'Information shared late', 'medium'],
      ['no-strategy-discussion', 'No strategy discussion', 'high'],
      ['absent-from-meeting', 'Agency absent from meeting', 'medium'],
      ['child-not-seen', 'Child not seen', 'medium'],
      ['closed-despite-indicators', 'Case closed despite indicators', 'high'],
      ['fragmented-picture', 'Fragmented picture', 'low'],
      ['late-conference', 'Late initial conference', 'low'],
    ] as const;
    const out: Flag[] = [];
    for (let k = 0; k < 14; k++) {
      const [rule, label, sev] = rules[k % rules.length];
      const ag = AGENCIES[(k * 3 + 1) % 8];
      const holder = AGENCIES[(k * 3 + 4) % 8];
      const at = LO + (HI - LO) * (0.1 + 0.06 * k);
      const ev = [1, 2, 3].map((j) => Math.floor(((at - LO) / (HI - LO)) * n * 0.95) + j * 17);
      out.push({
        id: `F-${String(k + 1).padStart(3, '0')}`, rule, ruleLabel: label, severity: sev,
        agency: ag.name, agencyId: ag.id, at: new Date(at * 1000).toISOString(), atDisplay: dayFmt(at), atSeconds: at,
        subject: k % 3 === 0 ? 'Sibling 1' : 'Child A',
        explanation: `${holder.name} held information about ${INDICATORS[k % INDICATORS.length].label.toLowerCase()} concerning ${k % 3 === 0 ? 'Sibling 1' : 'Child A'} since ${dayFmt(at - (20 + k * 3) * DAY)}; it was not known to ${ag.name} when ${ag.name} recorded "${TEXTS[(k * 5) % TEXTS.length].slice(0, 48)}…" on ${dayFmt(at)}.`,
        evidence: ev.map((id) => ({ id: id + 1, agency: AGENCIES[(id + k) % 8].name, when: dayFmt(at - id % 30 * DAY), text: TEXTS[id % TEXTS.length] })),
        heldBy: [{ agency: holder.name, since: dayFmt(at - (20 + k * 3) * DAY), indicator: INDICATORS[k % INDICATORS.length].label, records: ev.slice(0, 2).map((x) => x + 1) }],
        status: k === 2 ? 'accepted' : k === 5 ? 'dismissed' : 'open', reason: k === 5 ? 'Information reached the school by telephone the same day (confirmed at panel).' : null,
        annotations: k === 0 ? [{ at: '14/09/2021', by: 'Lead reviewer', text: 'Discuss with the police representative at the next panel.' }] : [],
        corrections: [], findings: [],
      });
    }
    return out;
  }

  // ---- what was read, and the reviewer's corrections (fictional)
  let corrections: Omit<AppliedCorrection, 'applied'>[] = [];
  const enc = new TextEncoder();
  const bytes = (s: string) => enc.encode(s).length;
  function factKey(f: Fact): string { return JSON.stringify({ ...f, about: undefined, method: undefined, on: undefined, present: undefined }); }
  const LEXICON: [RegExp, Fact, string][] = [
    [/bruis\w*/i, { fact: 'indicator', indicator: 'injury' }, 'Injury, about Child A'],
    [/domestic abuse/i, { fact: 'indicator', indicator: 'domestic_abuse' }, 'Domestic abuse incident, about Child A'],
    [/missing/i, { fact: 'indicator', indicator: 'missing_episode' }, 'Missing episode, about Child A'],
    [/not seen/i, { fact: 'seen', seen: 'not_seen' }, 'Child not seen'],
    [/strategy discussion/i, { fact: 'meeting', kind: 'strategy_discussion' }, 'A strategy discussion, held'],
    [/no further action|case closed/i, { fact: 'decision', kind: 'no_further_action' }, 'Decision: no further action'],
    [/shared with school/i, { fact: 'sharing', flow: 'to', agency: 'Oakfield Primary School', method: 'unspecified' }, 'Information shared to Oakfield Primary School'],
    [/referred to children's social care/i, { fact: 'sharing', flow: 'to', agency: "Children's Social Care", method: 'referral' }, "Information shared to Children's Social Care by referral"],
  ];
  function mockReading(record: number, text: string, outcome: string | null, own: string): Reading {
    const facts: FactLine[] = [];
    for (const [re, fact, label] of LEXICON) {
      for (const [field, s] of [['text', text], ['outcome', outcome ?? '']] as const) {
        const m = re.exec(s);
        if (!m) continue;
        const start = bytes(s.slice(0, m.index));
        facts.push({ fact, label, words: [{ field, start, end: start + bytes(m[0]), text: m[0] }], read: true, now: true });
      }
    }
    facts.push({ fact: { fact: 'about', person: 'Leo Marsh' }, label: 'About Child A', words: [], read: true, now: true });
    const mine = corrections.filter((c) => c.record === record).map((c) => ({ ...c, applied: true }));
    for (const c of mine) {
      const line = facts.find((l) => factKey(l.fact) === factKey(c.fact));
      if (line) { line.correction = c.id; line.now = c.change === 'add'; if (c.change === 'add') line.fact = c.fact; }
      else facts.push({ fact: c.fact, label: describe(c.fact), words: [], read: false, now: c.change === 'add', correction: c.id });
    }
    return {
      record, facts, corrections: mine, sharedWith: [],
      choices: {
        indicators: INDICATORS, ownAgency: own,
        people: subjects.map((x) => ({ id: x.names[0], label: `${x.label} (${x.names[0]})` })),
        agencies: AGENCIES.map((x) => x.name).filter((n) => n !== own),
        methods: ['phone', 'email', 'letter', 'referral', 'meeting'].map((id) => ({ id, label: id[0].toUpperCase() + id.slice(1) })),
        meetings: [{ id: 'strategy_discussion', label: 'Strategy discussion' }, { id: 'initial_cp_conference', label: 'Initial child protection conference' }, { id: 'core_group', label: 'Core group' }],
        decisions: [{ id: 'no_further_action', label: 'No further action' }, { id: 'case_closed', label: 'Case closed' }, { id: 'step_down', label: 'Step down' }],
      },
    };
  }
  function describe(f: Fact): string {
    switch (f.fact) {
      case 'indicator': return `${INDICATORS.find((x) => x.id === f.indicator)?.label ?? f.indicator}${f.about?.length ? `, about ${f.about.join(', ')}` : ''}`;
      case 'sharing': return `Information shared ${f.flow} ${f.agency}${f.method ? ` by ${f.method}` : ''}`;
      case 'attendance': return `${f.agency} ${f.present ? 'attended the meeting' : 'absent from the meeting'}`;
      case 'meeting': return `A ${f.kind.replace(/_/g, ' ')}, held`;
      case 'decision': return `Decision: ${f.kind.replace(/_/g, ' ')}`;
      case 'seen': return `Child ${f.seen.replace(/_/g, ' ')}`;
      default: return `About ${f.person}`;
    }
  }

  // ---- key practice episodes (fictional)
  let episodeSeq = 1;
  const dayIso = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);
  const isoSeconds = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 1000;
  function episodeOf(id: number, d: EpisodeDraft): Episode {
    const starts = d.starts ?? dayIso(LO);
    const ends = d.ends ?? starts;
    const lo = isoSeconds(starts);
    const hi = isoSeconds(ends) + DAY;
    const f = flags.filter((x) => x.atSeconds >= lo && x.atSeconds < hi);
    const uk = (x: string) => x.split('-').reverse().join('/');
    return {
      id, title: d.title ?? 'Untitled', starts, ends, period: starts === ends ? uk(starts) : `${uk(starts)} – ${uk(ends)}`, lo, hi,
      agencies: d.agencies ?? [], summary: d.summary ?? '', analysis: d.analysis ?? '', learning: d.learning ?? '',
      records: f.flatMap((x) => x.evidence).slice(0, 20), recordsTotal: Math.round((hi - lo) / DAY) * 7,
      flags: f.map((x) => ({ id: x.id, ruleLabel: x.ruleLabel, title: x.explanation.slice(0, 60), severity: x.severity, status: x.status, atDisplay: x.atDisplay })),
      findings: [],
    };
  }
  let episodes: Episode[] = [episodeOf(1, {
    title: 'The bruising of March 2017 and the strategy discussion', starts: dayIso(LO + (HI - LO) * 0.34), ends: dayIso(LO + (HI - LO) * 0.37),
    summary: 'Bruising seen at school; referral to social care; a strategy discussion without health.',
    analysis: 'Health held the earlier injury and was not invited.', learning: 'Invite health to every strategy discussion about an injury.',
  })];

  // ---- the panel's findings (fictional)
  let findingSeq = 1;
  function findingOf(id: number, d: FindingDraft, base: Finding | undefined): Finding {
    const title = (d.title ?? base?.title ?? '').trim();
    if (!title) throw 'a finding needs a title';
    for (const f of d.flags ?? []) if (!flags.some((x) => x.id === f)) throw `there is no flag ${f} (\`sightline flags\` lists them)`;
    for (const e of d.episodes ?? []) if (!episodes.some((x) => x.id === e)) throw `there is no episode ${e}`;
    return { id, title, text: (d.text ?? base?.text ?? '').trim(), episodes: d.episodes ?? base?.episodes ?? [], flags: d.flags ?? base?.flags ?? [] };
  }
  const withFindings = (f: Flag): Flag => ({
    ...f, findings: findings.map((x, i) => ({ id: x.id, number: i + 1, title: x.title, on: x.flags.includes(f.id) })).filter((x) => x.on).map(({ on: _, ...x }) => x),
  });
  let findings: Finding[] = [{
    id: 1, title: 'Health’s knowledge of the earlier injury never reached the strategy discussion',
    text: 'Health held the record of an earlier injury. It was not invited to the strategy discussion that decided on enquiries, and no one asked it.',
    episodes: [1], flags: episodes[0].flags.slice(0, 2).map((f) => f.id),
  }];

  return {
    async invoke<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
      const h = handlers[cmd];
      if (!h) throw `unknown command ${cmd}`;
      return (await h(args ?? {})) as T;
    },
    async listen<T>(event: string, cb: (p: T) => void) {
      let set = listeners.get(event);
      if (!set) { set = new Set(); listeners.set(event, set); }
      const f = cb as (p: unknown) => void;
      set.add(f);
      return () => { set!.delete(f); };
    },
    async openDialog(opts) {
      return opts.multiple ? ['/home/reviewer/Chronologies/health-visiting.csv'] : ['/home/reviewer/Reviews/cspr-child-a.sightline'];
    },
    async saveDialog(opts) { return `/home/reviewer/Reviews/${opts.defaultPath ?? 'untitled'}`; },
  };
}
