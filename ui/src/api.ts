// The IPC contract between the front end and the Tauri shell (see the project's
// contract document). Every backend call goes through `call`, which routes to the
// active Backend: the Tauri one in the app, or a test/mock one injected with
// setBackend(). Commands reject with a reviewer-readable string.

import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { open as dialogOpen, save as dialogSave } from '@tauri-apps/plugin-dialog';

// ---------- shapes ----------

export interface Agency { id: number; name: string; kind: string; records: number; colour: number }
export interface Extent { lo: number; hi: number }
export interface ReviewInfo {
  path: string; title: string; encrypted: boolean;
  records: number; sources: number;
  extent: Extent | null;
  agencies: Agency[];
  /** The name the audit log records for changes made now (null: the computer's user name). */
  reviewer: string | null;
  /** Who last changed the review, to offer next time. */
  lastReviewer: string | null;
}
export interface Recent { path: string; name: string; folder: string }
export interface Startup { review: ReviewInfo | null; pendingPath: string | null; needsPassphrase: boolean; recent: Recent[] }

export type AnalysisState = 'idle' | 'running' | 'ready' | 'failed';
export interface AnalysisStatus { state: AnalysisState; error: string | null }
export type Task = 'analysis' | 'import' | 'export';
export interface Progress { task: Task; stage: string; done: number; total: number; finished: boolean; error: string | null }
export interface ReviewChanged { what: 'records' | 'flags' | 'subjects' | 'episodes' | 'findings' | 'all' }

export interface Filter { agencies?: number[]; subjects?: number[]; indicators?: string[]; search?: string; flaggedOnly?: boolean }

export type Glyph = 'contact' | 'visit' | 'referral' | 'meeting' | 'incident' | 'health' | 'education' | 'housing' | 'other';
export interface Item { id: number; lo: number; hi: number; glyph: Glyph; approx: boolean; flagged: boolean; label: string }
export interface Lane { agencyId: number; count: number; items: Item[] | null; buckets: number[] | null }
export interface TimelineWindow { from: number; to: number; total: number; lanes: Lane[] }
export type Severity = 'high' | 'medium' | 'low';
export type FlagStatus = 'open' | 'accepted' | 'dismissed';
export interface FlagMark { id: string; agencyId: number; at: number; severity: Severity; status: FlagStatus }

export interface Row {
  id: number; agency: string; agencyId: number; when: string; lo: number;
  text: string; outcome: string | null; author: string | null; flagged: boolean;
}
export interface ChronologyPage { total: number; rows: Row[] }

export interface RecordDetail {
  id: number; agency: string; agencyId: number; kind: string;
  when: { start: string; end: string | null; precision: string; qualifier: string };
  whenDisplay: string; lo: number; hi: number;
  text: string; outcome: string | null; eventType: string | null; author: string | null; reference: string | null;
  source: { file: string; sheet: string | null; row: number };
  cells: { header: string; value: string }[];
  subjects: { id: number; label: string }[];
  indicators: { id: string; label: string; negated: boolean }[];
  flags: string[];
  notes: RecordNote[];
}

/** A word left in the anonymised text that may be a name. */
export interface Leftover { word: string; count: number; example: string; quoted: boolean }

/** A reviewer's note on a record: who wrote it, when (UTC), what. */
export interface RecordNote { id: number; record: number; text: string; at: string; by: string }

export interface Subject { id: number; label: string; role: string; names: string[]; records: number; dob: string | null }
export interface IndicatorDef { id: string; label: string }

export interface KnowledgeCell {
  indicator: string; agencyId: number; firstKnown: string; at: number;
  via: 'own' | 'shared'; viaRecord: number | null; possible: boolean;
}
export interface Knowledge {
  asAt: number | null; range: Extent | null;
  indicators: IndicatorDef[];
  agencies: { id: number; name: string }[];
  cells: KnowledgeCell[];
}

/** A threshold of a rule, in force in the open review, with where its figure comes from. */
export interface ThresholdView {
  setting: string;
  meaning: string;
  value: string;
  default: string;
  /** "statutory", "national guidance", "local procedure" or "Sightline default". */
  basis: string;
  source: string;
}

/** A rule as it stands in the open review. */
export interface RuleView {
  id: string;
  name: string;
  description: string;
  severity: string;
  enabled: boolean;
  thresholds: ThresholdView[];
}

export interface Flag {
  id: string; rule: string; ruleLabel: string; severity: Severity;
  agency: string; agencyId: number; at: string; atDisplay: string; atSeconds: number;
  subject: string | null; explanation: string;
  evidence: { id: number; agency: string; when: string; text: string }[];
  heldBy: { agency: string; since: string; indicator: string; records: number[] }[];
  status: FlagStatus; reason: string | null;
  annotations: { at: string; by: string; text: string }[];
  /** The reviewer's corrections to what was read that the flag rests on. */
  corrections: FlagCorrection[];
  /** The panel's findings resting on the flag (number: as the report numbers them). */
  findings: FindingRef[];
}
export interface FindingRef { id: number; number: number; title: string }
export interface FlagCorrection { id: number; record: number; change: Change; what: string; reason: string }

// ---------- what was read in a record, and the reviewer's corrections ----------

export type Change = 'add' | 'remove';
export type Flow = 'to' | 'from' | 'with';
/** One fact of a record, in the terms a correction takes (the library's `Fact`). */
export type Fact =
  | { fact: 'indicator'; indicator: string; about?: string[] }
  | { fact: 'sharing'; flow: Flow; agency: string; method?: string; on?: string }
  | { fact: 'attendance'; agency: string; present: boolean }
  | { fact: 'meeting'; kind: string }
  | { fact: 'decision'; kind: string }
  | { fact: 'about'; person: string }
  | { fact: 'seen'; seen: string };
export type WordsField = 'text' | 'outcome' | 'event_type' | 'shared_with';
/** Where a fact was read: UTF-8 byte offsets into one field of the record. */
export interface Words { field: WordsField; start: number; end: number; text: string }
export interface FactLine {
  fact: Fact; label: string; words: Words[];
  /** the machine read it */ read: boolean;
  /** the analysis holds it now, corrections applied */ now: boolean;
  correction?: number;
}
export interface AppliedCorrection {
  id: number; record: number; change: Change; fact: Fact; reason: string; at: string; by: string;
  applied: boolean; problem?: string;
}
export interface Choice { id: string; label: string }
export interface FactChoices {
  indicators: IndicatorDef[]; people: Choice[]; agencies: string[]; ownAgency: string;
  methods: Choice[]; meetings: Choice[]; decisions: Choice[];
}
export interface Reading { record: number; facts: FactLine[]; corrections: AppliedCorrection[]; sharedWith: string[]; choices: FactChoices }
export interface Correction { id: number; record: number; change: Change; fact: Fact; reason: string; at: string; by: string }

// ---------- key practice episodes ----------

export interface EpisodeFlag { id: string; ruleLabel: string; title: string; severity: Severity; status: FlagStatus; atDisplay: string }
export interface Episode {
  id: number; title: string;
  /** YYYY-MM-DD, inclusive */ starts: string; ends: string;
  /** "01/02/2021 – 14/02/2021" */ period: string;
  /** UTC seconds: the first day's midnight and the midnight after the last (London) */ lo: number; hi: number;
  agencies: string[]; summary: string; analysis: string; learning: string;
  records: { id: number; agency: string; when: string; text: string }[];
  recordsTotal: number;
  flags: EpisodeFlag[];
  /** the panel's findings resting on it (number: as the report numbers them) */
  findings: FindingRef[];
}
export interface EpisodeDraft {
  title?: string; starts?: string; ends?: string; agencies?: string[];
  summary?: string; analysis?: string; learning?: string;
}

// ---------- the panel's findings ----------

/** A flag a finding may rest on: its number in the report (F1, F2, …), what it is, whom it names. */
export interface FlagChoice {
  id: string;
  /** ids of other rules' reasons merged into this flag (a finding may cite any of them) */ also: string[];
  number: number; ruleLabel: string; title: string; agency: string; atDisplay: string; atSeconds: number | null;
  severity: Severity; status: FlagStatus;
}
/** An episode a finding may rest on, with the ids of the flags raised on its records. */
export interface FindingEpisode { id: number; title: string; period: string; flags: string[] }
export interface Finding { id: number; title: string; text: string; episodes: number[]; flags: string[] }
/** The findings, in the order they were made, with every episode and flag they may rest on. */
export interface Findings { findings: Finding[]; episodes: FindingEpisode[]; flags: FlagChoice[] }
export interface FindingDraft { title?: string; text?: string; episodes?: number[]; flags?: string[] }

export type Role = 'date' | 'time' | 'end_date' | 'end_time' | 'sequence' | 'description' | 'detail' | 'outcome' | 'source_ref'
  | 'author' | 'subject' | 'subject_dob' | 'event_type' | 'shared_with' | 'agency' | 'extra' | 'ignore';
export type Mapping = Record<string, Role>;
export interface RowError { row: number; column: string | null; value: string; error: string }
export interface Preview {
  file: string; format: 'csv' | 'xlsx' | 'docx' | 'json'; sheets: string[]; sheet: string | null; headerRow: number;
  columns: { header: string; role: Role; guessed: boolean }[];
  roles: Role[];
  rows: { row: number; cells: string[]; when: string | null; error: { column: string | null; value: string; error: string } | null }[];
  rowsRead: number; errors: RowError[];
  agencyGuess: string | null; kindGuess: string;
}
export interface ImportResult { source: string; rowsRead: number; imported: number; rejected: RowError[] }
export interface ExportResult { path: string; pages: number; bytes: number; sha256: string }

// ---------- backend plumbing ----------

export interface DialogFilter { name: string; extensions: string[] }
export interface Backend {
  invoke<T>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  listen<T>(event: string, cb: (payload: T) => void): Promise<() => void>;
  openDialog(opts: { multiple: boolean; filters?: DialogFilter[]; title?: string }): Promise<string[] | null>;
  saveDialog(opts: { defaultPath?: string; filters?: DialogFilter[]; title?: string }): Promise<string | null>;
}

export const tauriBackend: Backend = {
  invoke: (cmd, args) => invoke(cmd, args),
  listen: async (event, cb) => listen(event, (e) => cb(e.payload as never)),
  openDialog: async (opts) => {
    const r = await dialogOpen({ multiple: opts.multiple, directory: false, filters: opts.filters, title: opts.title });
    if (r == null) return null;
    return Array.isArray(r) ? r : [r];
  },
  saveDialog: async (opts) => (await dialogSave({ defaultPath: opts.defaultPath, filters: opts.filters, title: opts.title })) ?? null,
};

let backend: Backend = tauriBackend;
export function setBackend(b: Backend): void { backend = b; }
export function getBackend(): Backend { return backend; }

/** Commands reject with a string; anything else is turned into one so it can be shown. */
export function errorText(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e instanceof Error) return e.message;
  try { return JSON.stringify(e); } catch { return String(e); }
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await backend.invoke<T>(cmd, args);
  } catch (e) {
    throw new Error(errorText(e));
  }
}

// ---------- commands (names and argument keys exactly as in the contract) ----------

export const api = {
  startup: () => call<Startup>('startup'),
  recentReviews: () => call<Recent[]>('recent_reviews'),
  forgetRecent: (path: string) => call<Recent[]>('forget_recent', { path }),
  isEncrypted: (path: string) => call<boolean>('is_encrypted', { path }),
  openReview: (path: string, passphrase: string | null, reviewer: string | null = null) => call<ReviewInfo>('open_review', { path, passphrase, reviewer }),
  createReview: (path: string, title: string, passphrase: string | null, reviewer: string | null = null) => call<ReviewInfo>('create_review', { path, title, passphrase, reviewer }),
  closeReview: () => call<null>('close_review'),
  reviewInfo: () => call<ReviewInfo>('review_info'),
  analysisStatus: () => call<AnalysisStatus>('analysis_status'),

  timelineWindow: (from: number, to: number, buckets: number, maxItems: number, filter: Filter) =>
    call<TimelineWindow>('timeline_window', { from, to, buckets, maxItems, filter }),
  timelineFlags: () => call<FlagMark[]>('timeline_flags'),
  search: (query: string, limit: number) => call<{ total: number; ids: number[] }>('search', { query, limit }),

  chronology: (filter: Filter, offset: number, limit: number) => call<ChronologyPage>('chronology', { filter, offset, limit }),
  chronologyPosition: (filter: Filter, id: number) => call<number | null>('chronology_position', { filter, id }),
  record: (id: number) => call<RecordDetail>('record', { id }),
  noteAdd: (record: number, text: string) => call<RecordNote[]>('note_add', { record, text }),
  noteRemove: (id: number, record: number) => call<RecordNote[]>('note_remove', { id, record }),
  /** What was read in a record (waits for the analysis when it is running). */
  recordReading: (id: number) => call<Reading>('record_reading', { id }),
  factCorrect: (record: number, change: Change, fact: Fact, reason: string | null) =>
    call<Correction>('fact_correct', { record, change, fact, reason }),
  factUndo: (id: number) => call<Correction>('fact_undo', { id }),

  /** Every episode; with contents, each with its records and flags (waits for the analysis). */
  episodes: (contents = true) => call<Episode[]>('episodes', { contents }),
  episodeAdd: (draft: EpisodeDraft) => call<Episode>('episode_add', { draft }),
  episodeEdit: (id: number, draft: EpisodeDraft) => call<Episode>('episode_edit', { id, draft }),
  episodeRemove: (id: number) => call<null>('episode_remove', { id }),

  /** The panel's findings with every episode and flag (waits for the analysis). */
  findings: () => call<Findings>('findings'),
  findingAdd: (draft: FindingDraft) => call<Finding>('finding_add', { draft }),
  findingEdit: (id: number, draft: FindingDraft) => call<Finding>('finding_edit', { id, draft }),
  findingRemove: (id: number) => call<null>('finding_remove', { id }),

  subjects: () => call<Subject[]>('subjects'),
  subjectMerge: (keep: number, other: number) => call<Subject[]>('subject_merge', { keep, other }),
  subjectSplit: (id: number, name: string) => call<Subject[]>('subject_split', { id, name }),
  subjectLabel: (id: number, label: string) => call<Subject[]>('subject_label', { id, label }),
  personAdd: (name: string, role: string, aliases: string[], dob: string | null) =>
    call<Subject[]>('person_add', { name, role, aliases, dob }),
  indicators: () => call<IndicatorDef[]>('indicators'),

  knowledge: (asAt: number | null, subject: number | null) => call<Knowledge>('knowledge', { asAt, subject }),

  flags: () => call<Flag[]>('flags'),
  flagDecide: (id: string, status: FlagStatus, reason: string | null) => call<Flag>('flag_decide', { id, status, reason }),
  flagAnnotate: (id: string, text: string) => call<Flag>('flag_annotate', { id, text }),
  rules: () => call<RuleView[]>('rules'),
  ruleEnable: (rule: string, enabled: boolean) => call<RuleView[]>('rule_change', { rule, enabled, setting: null, value: null }),
  ruleThreshold: (rule: string, setting: string, value: string) => call<RuleView[]>('rule_change', { rule, enabled: null, setting, value }),

  importPreview: (paths: string[], agency: string, mapping: Mapping | null, sheet: string | null) =>
    call<Preview>('import_preview', { paths, agency, mapping, sheet }),
  importRun: (paths: string[], agency: string, kind: string, mapping: Mapping | null, sheet: string | null, skipBadRows: boolean) =>
    call<ImportResult[]>('import_run', { request: { paths, agency, kind, mapping, sheet, skipBadRows } }),
  saveProfile: (path: string, mapping: Mapping) => call<null>('save_profile', { path, mapping }),
  agencyKinds: () => call<string[]>('agency_kinds'),

  exportPdf: (path: string, anonymise: boolean, marking: string, notes = false) => call<ExportResult>('export_pdf', { path, anonymise, marking, notes }),
  /** The working papers; `pages` holds the number of records written. */
  exportPapers: (path: string, anonymise: boolean, docx: boolean) => call<ExportResult>('export_papers', { path, anonymise, docx }),
  redactionCheck: () => call<Leftover[]>('redaction_check'),
  openFile: (path: string) => call<null>('open_file', { path }),
};

export function onProgress(cb: (p: Progress) => void): Promise<() => void> {
  return backend.listen<Progress>('progress', cb);
}
export function onReviewChanged(cb: (p: ReviewChanged) => void): Promise<() => void> {
  return backend.listen<ReviewChanged>('review-changed', cb);
}

export const dialogs = {
  openFiles: (multiple: boolean, filters?: DialogFilter[], title?: string) => backend.openDialog({ multiple, filters, title }),
  saveFile: (defaultPath?: string, filters?: DialogFilter[], title?: string) => backend.saveDialog({ defaultPath, filters, title }),
};
