import { describe, expect, it } from 'vitest';
import type { Finding, FindingEpisode, FlagChoice } from '../src/api';
import { flagFor, flagMatches, flagNumber, flagsToSend, offeredFlags, restsOn, tickedFlags } from '../src/findings';

function flag(number: number, over: Partial<FlagChoice> = {}): FlagChoice {
  return {
    id: `f${number}`, also: [], number, ruleLabel: 'Never shared', title: `Injury held by the school (${number})`,
    agency: 'Harwick Primary School', atDisplay: `0${number % 9 + 1}/03/2021`, atSeconds: number * 1000,
    severity: 'high', status: 'open', ...over,
  };
}

const flags: FlagChoice[] = [
  flag(3, { ruleLabel: 'Absent from a meeting', agency: 'Harwick Police', also: ['g3'] }),
  flag(1),
  flag(2, { ruleLabel: 'Decision without information', agency: 'Children’s Social Care', status: 'accepted', severity: 'medium' }),
  flag(12, { agency: 'Harwick Community Clinic' }),
];
const episodes: FindingEpisode[] = [
  { id: 1, title: 'The bruise', period: '01/03/2021 – 14/03/2021', flags: ['f12', 'g3'] },
  { id: 2, title: 'The move', period: '01/06/2021', flags: ['f2'] },
];
const finding = (over: Partial<Finding> = {}): Finding => ({ id: 7, title: 'T', text: '', episodes: [], flags: [], ...over });

describe('flagFor', () => {
  it('finds a flag by its own id or by a reason merged into it', () => {
    expect(flagFor('f1', flags)?.number).toBe(1);
    expect(flagFor('g3', flags)?.id).toBe('f3');
    expect(flagFor('nope', flags)).toBeUndefined();
    expect(flagNumber(flags[3])).toBe('F12');
  });
});

describe('restsOn', () => {
  it('gives the episodes in the finding’s order and the flags once each, in the report’s order', () => {
    const on = restsOn(finding({ episodes: [2, 1, 99], flags: ['f12', 'g3', 'f3', 'f1'] }), episodes, flags);
    expect(on.episodes.map((e) => e.id)).toEqual([2, 1]);
    expect(on.flags.map((f) => f.number)).toEqual([1, 3, 12]);
    expect(on.gone).toEqual([]);
  });

  it('keeps the ids of flags the analysis no longer raises apart', () => {
    const on = restsOn(finding({ flags: ['f1', 'gone-1'] }), episodes, flags);
    expect(on.flags.map((f) => f.id)).toEqual(['f1']);
    expect(on.gone).toEqual(['gone-1']);
  });
});

describe('offeredFlags', () => {
  it('offers the flags of the ticked episodes first, each group in the report’s order', () => {
    const o = offeredFlags(flags, episodes, [1]);
    expect(o.inEpisodes.map((f) => f.number)).toEqual([3, 12]);
    expect(o.others.map((f) => f.number)).toEqual([1, 2]);
  });

  it('offers every flag in one group when no episode is ticked', () => {
    const o = offeredFlags(flags, episodes, []);
    expect(o.inEpisodes).toEqual([]);
    expect(o.others.map((f) => f.number)).toEqual([1, 2, 3, 12]);
  });

  it('narrows both groups to what was typed', () => {
    const o = offeredFlags(flags, episodes, [1, 2], 'harwick');
    expect(o.inEpisodes.map((f) => f.number)).toEqual([3, 12]);
    expect(o.others.map((f) => f.number)).toEqual([1]);
  });
});

describe('flagMatches', () => {
  it('takes a flag’s number exactly, and words anywhere in its rule, title, agency or date', () => {
    expect(flagMatches(flags[3], 'F12')).toBe(true);
    expect(flagMatches(flags[1], 'f1')).toBe(true);
    expect(flagMatches(flags[3], 'f1')).toBe(false);
    expect(flagMatches(flags[0], 'police absent')).toBe(true);
    expect(flagMatches(flags[2], 'accepted decision')).toBe(true);
    expect(flagMatches(flags[2], 'police')).toBe(false);
    expect(flagMatches(flags[0], '  ')).toBe(true);
  });
});

describe('flagsToSend', () => {
  it('sends nothing when the flags of a finding did not change (kept as stored, even one no longer raised)', () => {
    const f = finding({ flags: ['g3', 'gone-1'] });
    const ticked = tickedFlags(f, flags);
    expect([...ticked].sort()).toEqual(['f3', 'gone-1']);
    expect(flagsToSend(f, ticked, flags)).toBeUndefined();
  });

  it('sends the ticked flags the analysis raises, in the report’s order, when they changed', () => {
    const f = finding({ flags: ['g3', 'gone-1'] });
    const ticked = tickedFlags(f, flags);
    ticked.add('f12');
    ticked.add('f1');
    expect(flagsToSend(f, ticked, flags)).toEqual(['f1', 'f3', 'f12']);
  });

  it('always sends them for a new finding', () => {
    expect(flagsToSend(undefined, new Set(), flags)).toEqual([]);
    expect(flagsToSend(undefined, new Set(['f2']), flags)).toEqual(['f2']);
  });
});

describe('the findings part of the Episodes screen', async () => {
  const { setBackend } = await import('../src/api');
  const { findingsPart } = await import('../src/screens/findings');
  const tick = () => new Promise((r) => setTimeout(r, 0));

  it('adds a finding resting on a ticked episode and one of its flags, offered first', async () => {
    const stored: Finding[] = [];
    const calls: [string, Record<string, unknown> | undefined][] = [];
    setBackend({
      invoke: async <T,>(cmd: string, args?: Record<string, unknown>): Promise<T> => {
        calls.push([cmd, args]);
        if (cmd === 'findings') return { findings: stored, episodes, flags } as T;
        if (cmd === 'finding_add') {
          const d = args!.draft as Finding;
          const f = { ...d, id: 1 } as Finding;
          stored.push(f);
          return f as T;
        }
        throw `unexpected ${cmd}`;
      },
      listen: async () => () => undefined,
      openDialog: async () => null,
      saveDialog: async () => null,
    });
    const went: unknown[] = [];
    const nav = { navigate: (...a: unknown[]) => went.push(a), openRecord: () => undefined, showError: (m: string) => { throw new Error(m); }, showInfo: () => undefined };
    const part = findingsPart(nav);
    document.body.append(part.el);
    part.show();
    await tick();
    expect(part.count()).toBe(0);
    (part.el.querySelector('#finding-new') as HTMLButtonElement).click();
    await tick();
    const title = part.el.querySelector('#finding-title') as HTMLInputElement;
    title.value = 'Health never heard of the bruise';
    (part.el.querySelector('#finding-text') as HTMLTextAreaElement).value = 'In the panel’s words.';
    // Before an episode is ticked: one group, every flag.
    const groups = () => [...part.el.querySelectorAll('#finding-flag-choices [data-group]')].map((g) => (g as HTMLElement).dataset.group);
    expect(groups()).toEqual(['others']);
    const box = part.el.querySelector('#finding-episode-choices input[value="1"]') as HTMLInputElement;
    box.checked = true;
    box.dispatchEvent(new Event('change', { bubbles: true }));
    expect(groups()).toEqual(['episodes', 'others']);
    const first = part.el.querySelectorAll('#finding-flag-choices [data-group="episodes"] input');
    expect([...first].map((i) => (i as HTMLInputElement).value)).toEqual(['f3', 'f12']);
    const f12 = part.el.querySelector('#finding-flag-choices input[value="f12"]') as HTMLInputElement;
    f12.checked = true;
    f12.dispatchEvent(new Event('change', { bubbles: true }));
    expect(part.el.querySelector('#finding-flag-count')!.textContent).toBe('1 chosen');
    (part.el.querySelector('#finding-save') as HTMLButtonElement).click();
    await tick(); await tick(); await tick();
    expect(calls.find((c) => c[0] === 'finding_add')![1]).toEqual({
      draft: { title: 'Health never heard of the bruise', text: 'In the panel’s words.', episodes: [1], flags: ['f12'] },
    });
    // Read back: what it rests on, each a link through.
    expect(part.count()).toBe(1);
    expect(part.el.querySelector('[data-finding-id="1"]')).not.toBeNull();
    (part.el.querySelector('#finding-flags [data-flag-link="f12"]') as HTMLButtonElement).click();
    (part.el.querySelector('#finding-episodes [data-episode-link="1"]') as HTMLButtonElement).click();
    expect(went).toEqual([['flags', { flagId: 'f12' }], ['episodes', { episodeId: 1, part: 'episodes' }]]);
    part.el.remove();
  });
});

describe('the Episodes screen’s two parts', async () => {
  const { setBackend } = await import('../src/api');
  const { episodesScreen } = await import('../src/screens/episodes');
  const tick = () => new Promise((r) => setTimeout(r, 0));

  it('switches between episodes and findings, and starts a finding on an episode', async () => {
    const episode = {
      id: 1, title: 'The bruise', starts: '2021-03-01', ends: '2021-03-14', period: '01/03/2021 – 14/03/2021', lo: 0, hi: 1,
      agencies: [], summary: '', analysis: '', learning: '', records: [], recordsTotal: 0, flags: [],
      findings: [{ id: 4, number: 1, title: 'Health never heard' }],
    };
    setBackend({
      invoke: async <T,>(cmd: string): Promise<T> => {
        if (cmd === 'episodes') return [episode] as T;
        if (cmd === 'findings') return { findings: [finding({ id: 4, title: 'Health never heard', episodes: [1] })], episodes, flags } as T;
        throw `unexpected ${cmd}`;
      },
      listen: async () => () => undefined,
      openDialog: async () => null,
      saveDialog: async () => null,
    });
    const went: unknown[] = [];
    const nav = { navigate: (...a: unknown[]) => went.push(a), openRecord: () => undefined, showError: (m: string) => { throw new Error(m); }, showInfo: () => undefined };
    const screen = episodesScreen(nav);
    document.body.append(screen.el);
    const q = <E extends Element>(css: string) => screen.el.querySelector(css) as E;
    screen.show();
    await tick();
    expect(q('#part-episodes').getAttribute('aria-selected')).toBe('true');
    expect(q<HTMLElement>('#findings-part').hidden).toBe(true);
    expect(q('#episode-findings [data-finding-link="4"]')!.textContent).toBe('Health never heard');
    (q('#episode-write-finding') as HTMLButtonElement).click();
    expect(went).toEqual([['episodes', { newFindingOn: 1 }]]);

    // As the shell does on that navigation:
    screen.show({ newFindingOn: 1 });
    await tick(); await tick();
    expect(q('#episodes-title').textContent).toBe('The panel’s findings');
    expect(q('#part-findings').getAttribute('aria-selected')).toBe('true');
    expect(q<HTMLElement>('#episodes-part').hidden).toBe(true);
    expect(q<HTMLInputElement>('#finding-episode-choices input[value="1"]').checked).toBe(true);
    expect(q('#finding-detail h2').textContent).toBe('New finding');

    // ← / → move between the tabs.
    q('#part-findings').dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    expect(q('#part-episodes').getAttribute('aria-selected')).toBe('true');
    expect(q('#episodes-title').textContent).toBe('Key practice episodes');
    screen.el.remove();
  });
});
