// Application state shared by the screens: the open review, the filters, and a tiny
// event bus. Screens subscribe; nothing here talks to the backend.

import type { IndicatorDef, ReviewInfo, Subject } from './api';

export type ScreenName = 'open' | 'timeline' | 'chronology' | 'knowledge' | 'flags' | 'episodes' | 'subjects' | 'import' | 'export';
export const SCREENS: { name: ScreenName; label: string; key: string }[] = [
  { name: 'open', label: 'Reviews', key: '1' },
  { name: 'timeline', label: 'Timeline', key: '2' },
  { name: 'chronology', label: 'Chronology', key: '3' },
  { name: 'knowledge', label: 'Who knew what', key: '4' },
  { name: 'flags', label: 'Flags', key: '5' },
  { name: 'episodes', label: 'Episodes & findings', key: '6' },
  { name: 'subjects', label: 'Subjects', key: '7' },
  { name: 'import', label: 'Import', key: '8' },
  { name: 'export', label: 'Export', key: '9' },
];

type Listener<T> = (v: T) => void;
export class Emitter<T> {
  private ls = new Set<Listener<T>>();
  on(l: Listener<T>): () => void { this.ls.add(l); return () => this.ls.delete(l); }
  emit(v: T): void { for (const l of [...this.ls]) l(v); }
}

export const app = {
  review: null as ReviewInfo | null,
  subjects: [] as Subject[],
  indicators: [] as IndicatorDef[],
  /** the review was opened/closed or its info changed */
  reviewChanged: new Emitter<ReviewInfo | null>(),
  /** records, flags or subjects changed in the backend */
  dataChanged: new Emitter<'records' | 'flags' | 'subjects' | 'episodes' | 'findings' | 'all'>(),
  /** subjects / indicators lists reloaded */
  listsChanged: new Emitter<void>(),
};

export interface Nav {
  navigate(screen: ScreenName, opts?: NavOpts): void;
  openRecord(id: number): void;
  showError(message: string): void;
  showInfo(message: string): void;
}

export interface NavOpts {
  flagId?: string; at?: number; recordId?: number; episodeId?: number; span?: [number, number];
  /** on the Episodes screen: a finding to show (its Findings part) */ findingId?: number;
  /** on the Episodes screen: which part to show */ part?: 'episodes' | 'findings';
  /** on the Episodes screen: start a new finding resting on this episode */ newFindingOn?: number;
}
export interface Screen {
  el: HTMLElement;
  /** called each time the screen is shown */
  show(opts?: NavOpts): void;
  hide?(): void;
}

/** Set by the shell; screens call these after opening or closing a review. */
export const session = {
  opened: (_r: ReviewInfo): void => undefined,
  closed: (): void => undefined,
};
