// The panel's findings: what a finding rests on, found among the review's
// episodes and flags, and the flags offered to choose from (those raised in
// the episodes the finding rests on first). No DOM here.

import type { Finding, FindingEpisode, FlagChoice } from './api';

/** The flag `id` names: a flag's own id or the id of a reason merged into it. */
export function flagFor(id: string, flags: FlagChoice[]): FlagChoice | undefined {
  return flags.find((f) => f.id === id) ?? flags.find((f) => f.also.includes(id));
}

/** "F12", as the report numbers flags. */
export const flagNumber = (f: FlagChoice): string => `F${f.number}`;

export interface RestsOn {
  episodes: FindingEpisode[];
  /** flags it rests on, each once, in the report's order */
  flags: FlagChoice[];
  /** ids of flags it rests on that the analysis no longer raises (a correction took them away) */
  gone: string[];
}

/** What finding `f` rests on, found among the review's episodes and flags. */
export function restsOn(f: Finding, episodes: FindingEpisode[], flags: FlagChoice[]): RestsOn {
  const eps = f.episodes.map((id) => episodes.find((e) => e.id === id)).filter((e): e is FindingEpisode => !!e);
  const found = new Map<string, FlagChoice>();
  const gone: string[] = [];
  for (const id of f.flags) {
    const flag = flagFor(id, flags);
    if (flag) found.set(flag.id, flag);
    else gone.push(id);
  }
  return { episodes: eps, flags: [...found.values()].sort((a, b) => a.number - b.number), gone };
}

/** The flags a finding's stored ids stand for now: each flag's own id, or the stored id when it is gone. */
export function tickedFlags(f: Finding | undefined, flags: FlagChoice[]): Set<string> {
  return new Set((f?.flags ?? []).map((id) => flagFor(id, flags)?.id ?? id));
}

/** Does flag `f` match what the reviewer typed ("F12", a rule, words of its title, an agency, a date)? */
export function flagMatches(f: FlagChoice, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = `${flagNumber(f)} ${f.ruleLabel} ${f.title} ${f.agency} ${f.atDisplay} ${f.severity} ${f.status}`.toLowerCase();
  return words.every((w) => (/^f\d+$/.test(w) ? flagNumber(f).toLowerCase() === w : hay.includes(w)));
}

export interface Offered {
  /** flags raised on the records of the ticked episodes */
  inEpisodes: FlagChoice[];
  /** every other flag */
  others: FlagChoice[];
}

/**
 * The flags to choose from, matching `query`, in the report's order: first
 * those raised in the episodes ticked, then the rest.
 */
export function offeredFlags(flags: FlagChoice[], episodes: FindingEpisode[], ticked: Iterable<number>, query = ''): Offered {
  const chosen = new Set(ticked);
  const inEps = new Set<string>();
  for (const e of episodes) {
    if (!chosen.has(e.id)) continue;
    for (const id of e.flags) {
      const f = flagFor(id, flags);
      if (f) inEps.add(f.id);
    }
  }
  const sorted = flags.filter((f) => flagMatches(f, query)).sort((a, b) => a.number - b.number);
  return { inEpisodes: sorted.filter((f) => inEps.has(f.id)), others: sorted.filter((f) => !inEps.has(f.id)) };
}

/**
 * The flags to send when a finding is saved: none (kept as stored) when the
 * reviewer did not change them; else the ticked flags the analysis raises,
 * in the report's order (a flag no longer raised cannot be rested on anew).
 */
export function flagsToSend(stored: Finding | undefined, ticked: Set<string>, flags: FlagChoice[]): string[] | undefined {
  const before = tickedFlags(stored, flags);
  const same = before.size === ticked.size && [...ticked].every((id) => before.has(id));
  if (stored && same) return undefined;
  return flags.filter((f) => ticked.has(f.id)).sort((a, b) => a.number - b.number).map((f) => f.id);
}
