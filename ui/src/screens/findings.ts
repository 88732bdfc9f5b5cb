// The panel's findings, a part of the Episodes screen: each a title and the
// panel's words, resting on key practice episodes and flags. Listed, read
// (what it rests on links through to the episode and to the flag), added,
// edited and removed; the report prints them in "The panel's findings".

import { api, errorText, type Finding, type FindingDraft, type FindingEpisode, type Findings, type FlagChoice } from '../api';
import { button, confirmDialog, field, h, replace } from '../dom';
import { flagFor, flagNumber, flagsToSend, offeredFlags, restsOn, tickedFlags } from '../findings';
import { plural } from '../format';
import { app, type Nav } from '../state';
import { severityBadge } from './flags';

const STATUS_LABEL = { open: 'Open', accepted: 'Accepted', dismissed: 'Dismissed' };

export interface FindingsPart {
  el: HTMLElement;
  /** How many findings there are (null until they are loaded). */
  count(): number | null;
  /** Shows the part: finding `findingId`, or a new finding resting on episode `newOn`. */
  show(findingId?: number, newOn?: number): void;
  hide(): void;
  /** Called when the part's count changes. */
  onCount?: () => void;
}

export function findingsPart(nav: Nav): FindingsPart {
  let data: Findings = { findings: [], episodes: [], flags: [] };
  let loaded = false;
  /** The finding shown: an id, 'new' for one being written, or none. */
  let selected: number | 'new' | null = null;
  /** The finding shown is being edited. */
  let editing = false;
  let stale = true;
  let visible = false;
  let dirty = false;
  let note = '';
  /** The episodes a new finding starts resting on. */
  let preset: number[] = [];

  const list = h('ul', { class: 'flag-list finding-list', id: 'finding-list', 'aria-label': 'Findings' });
  const detailEl = h('div', { id: 'finding-detail', class: 'flag-detail finding-detail', tabindex: '-1' });
  const el = h('div', { class: 'split', id: 'findings-part' },
    h('div', { class: 'flag-list-pane' },
      h('div', { class: 'toolbar' },
        button('New finding', () => void select('new'), { id: 'finding-new', class: 'primary' }),
        h('span', { class: 'muted small', text: 'each resting on episodes and flags' })),
      list),
    detailEl);

  const part: FindingsPart = {
    el,
    count: () => (loaded ? data.findings.length : null),
    show(findingId, newOn) {
      visible = true;
      if (findingId != null) { selected = findingId; editing = false; dirty = false; }
      const loaded = stale ? load() : Promise.resolve();
      if (!stale) { renderList(); renderDetail(); }
      if (newOn != null) {
        void loaded.then(async () => {
          if (selected === 'new' && dirty) return; // a finding is being written: leave it be
          await select('new', true, [newOn]);
        });
      }
    },
    hide() { visible = false; },
  };

  async function load(): Promise<void> {
    try {
      data = await api.findings();
      loaded = true;
      stale = false;
      if (typeof selected === 'number' && !data.findings.some((f) => f.id === selected)) { selected = null; editing = false; }
      if (selected == null && data.findings.length) selected = data.findings[0].id;
      renderList();
      if (!dirty) renderDetail();
      part.onCount?.();
    } catch (e) { nav.showError(errorText(e)); }
  }

  const numberOf = (f: Finding) => data.findings.indexOf(f) + 1;

  function renderList(): void {
    if (!data.findings.length) {
      replace(list, h('li', { class: 'muted pad', text: loaded ? 'No findings yet. Make one with “New finding”: the panel’s words, and the episodes and flags it rests on.' : 'Loading…' }));
      return;
    }
    replace(list, data.findings.map((f) => {
      const on = restsOn(f, data.episodes, data.flags);
      const b = h('button', { type: 'button', class: `flag-item ${f.id === selected ? 'selected' : ''}`, 'data-finding-id': String(f.id), 'aria-pressed': f.id === selected ? 'true' : 'false' },
        h('span', { class: 'flag-item-top' }, h('span', { class: 'finding-no', text: String(numberOf(f)) }), h('span', { class: 'flag-rule', text: f.title })),
        h('span', { class: 'flag-item-sub' }, `${plural(on.episodes.length, 'episode')} · ${plural(on.flags.length + on.gone.length, 'flag')}`));
      b.addEventListener('click', () => void select(f.id));
      b.addEventListener('keydown', (e) => {
        if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
        e.preventDefault();
        const li = b.parentElement;
        ((e.key === 'ArrowDown' ? li?.nextElementSibling : li?.previousElementSibling)?.querySelector('button') as HTMLElement | null)?.focus();
      });
      return h('li', {}, b);
    }));
  }

  async function leave(): Promise<boolean> {
    return !dirty || confirmDialog('Leave this finding?', 'What you changed has not been saved.', 'Leave without saving');
  }

  async function select(id: number | 'new', edit = id === 'new', episodes: number[] = []): Promise<void> {
    if ((id !== selected || edit !== editing) && !(await leave())) return;
    preset = id === 'new' ? episodes : [];
    dirty = false;
    note = '';
    selected = id;
    editing = edit;
    renderList();
    renderDetail();
    (detailEl.querySelector(editing ? '#finding-title' : 'h2') as HTMLElement | null)?.focus();
  }

  function renderDetail(): void {
    const f = typeof selected === 'number' ? data.findings.find((x) => x.id === selected) : undefined;
    if (selected !== 'new' && !f) {
      replace(detailEl, h('p', { class: 'muted pad', text: data.findings.length ? 'Select a finding to read and edit it.' : 'A finding is what the panel concludes, in its own words, resting on the key practice episodes and the flags that show it. The report gives each one a place in “The panel’s findings”.' }));
      return;
    }
    if (f && !editing) renderRead(f);
    else renderForm(f);
  }

  /** A flag as a finding shows it: severity, number and rule (a link to the flag), title, agency and date, decision. */
  function flagRow(fl: FlagChoice): HTMLElement {
    return h('li', { class: 'episode-flag finding-flag' },
      severityBadge(fl.severity),
      h('span', { class: 'episode-flag-main' },
        h('span', {}, h('strong', { class: 'flag-no', text: flagNumber(fl) }), ' ',
          button(fl.ruleLabel, () => nav.navigate('flags', { flagId: fl.id }), { class: 'link inline-link', 'data-flag-link': fl.id })),
        h('span', { class: 'muted small', text: `${fl.agency} · ${fl.atDisplay} · ${fl.title}` })),
      h('span', { class: `status-pill ${fl.status}`, text: STATUS_LABEL[fl.status] }));
  }

  function renderRead(f: Finding): void {
    const on = restsOn(f, data.episodes, data.flags);
    const remove = button('Remove', async () => {
      if (!(await confirmDialog('Remove this finding?', `“${f.title}” and the panel’s words are removed from the review. The episodes and flags it rests on stay as they are.`, 'Remove', true))) return;
      try {
        await api.findingRemove(f.id);
        selected = null;
        editing = false;
        await load();
        nav.showInfo('Finding removed.');
      } catch (err) { nav.showError(errorText(err)); }
    }, { id: 'finding-remove' });
    replace(detailEl,
      h('div', { class: 'flag-head finding-head' },
        h('div', { class: 'finding-title-row' },
          h('h2', { tabindex: '-1' }, h('span', { class: 'muted', text: `Finding ${numberOf(f)}: ` }), f.title),
          h('div', { class: 'actions' }, button('Edit', () => void select(f.id, true), { id: 'finding-edit', class: 'primary' }), remove))),
      f.text.trim()
        ? h('p', { class: 'explanation finding-text', id: 'finding-text-read', text: f.text })
        : h('p', { class: 'muted', text: 'The panel has not written this finding yet. “Edit” to write it.' }),
      h('h3', { text: `Rests on these episodes (${on.episodes.length})` }),
      on.episodes.length
        ? h('ul', { class: 'plain finding-episodes', id: 'finding-episodes' }, on.episodes.map((e) => h('li', {},
          button(e.title, () => nav.navigate('episodes', { episodeId: e.id, part: 'episodes' }), { class: 'link inline-link', 'data-episode-link': String(e.id) }),
          h('span', { class: 'muted small', text: ` ${e.period} · ${plural(e.flags.length, 'flag')} raised` }))))
        : h('p', { class: 'muted', text: 'No episodes.' }),
      h('h3', { text: `Rests on these flags (${on.flags.length + on.gone.length})` }),
      on.flags.length || on.gone.length
        ? h('ul', { class: 'plain episode-flags', id: 'finding-flags' },
          on.flags.map(flagRow),
          on.gone.map((id) => h('li', { class: 'episode-flag finding-flag gone' },
            h('span', { class: 'muted small', text: '—' }),
            h('span', { class: 'episode-flag-main' }, h('span', { text: `Flag ${id}` }),
              h('span', { class: 'muted small', text: 'The analysis no longer raises this flag (a correction to what was read took it away).' })),
            h('span', {}))))
        : h('p', { class: 'muted', text: 'No flags.' }));
  }

  function renderForm(f: Finding | undefined): void {
    const title = h('input', { type: 'text', id: 'finding-title', value: f?.title ?? '' }) as HTMLInputElement;
    const text = h('textarea', { id: 'finding-text', rows: '7', placeholder: 'What the panel found, in its own words' }, f?.text ?? '') as HTMLTextAreaElement;

    // The episodes it rests on.
    const episodeIds = new Set(f?.episodes ?? preset);
    const episodeBoxes = data.episodes.map((e: FindingEpisode) => {
      const box = h('input', { type: 'checkbox', value: String(e.id), checked: episodeIds.has(e.id) }) as HTMLInputElement;
      box.addEventListener('change', () => {
        if (box.checked) episodeIds.add(e.id); else episodeIds.delete(e.id);
        renderFlagChoices();
      });
      return h('label', { class: 'check finding-episode-choice' }, box,
        h('span', {}, h('span', { text: e.title }), h('span', { class: 'muted small', text: ` ${e.period} · ${plural(e.flags.length, 'flag')}` })));
    });

    // The flags it rests on: those of the ticked episodes first.
    const ticked = tickedFlags(f, data.flags);
    const gone = [...ticked].filter((id) => !flagFor(id, data.flags));
    const filter = h('input', { type: 'search', id: 'finding-flag-filter', placeholder: 'Find a flag: F12, a rule, an agency, a date…', 'aria-label': 'Find a flag' }) as HTMLInputElement;
    const chosenCount = h('span', { class: 'muted small', id: 'finding-flag-count' });
    const choices = h('div', { class: 'flag-choices', id: 'finding-flag-choices' });
    const choiceRow = (fl: FlagChoice) => {
      const box = h('input', { type: 'checkbox', value: fl.id, checked: ticked.has(fl.id), 'aria-label': `${flagNumber(fl)} ${fl.ruleLabel}, ${fl.agency}, ${fl.atDisplay}` }) as HTMLInputElement;
      box.addEventListener('change', () => { if (box.checked) ticked.add(fl.id); else ticked.delete(fl.id); countChosen(); });
      return h('label', { class: `flag-choice ${ticked.has(fl.id) ? 'ticked' : ''}` }, box,
        h('span', { class: 'flag-no', text: flagNumber(fl) }),
        severityBadge(fl.severity),
        h('span', { class: 'flag-choice-main' },
          h('span', { class: 'flag-choice-rule', text: fl.ruleLabel }),
          h('span', { class: 'muted small', text: `${fl.agency} · ${fl.atDisplay} · ${fl.title}` })),
        h('span', { class: `status-pill ${fl.status}`, text: STATUS_LABEL[fl.status] }));
    };
    function countChosen(): void {
      chosenCount.textContent = `${ticked.size} chosen`;
      choices.querySelectorAll('label.flag-choice').forEach((l) => l.classList.toggle('ticked', (l.querySelector('input') as HTMLInputElement).checked));
    }
    function renderFlagChoices(): void {
      const q = filter.value;
      const offered = offeredFlags(data.flags, data.episodes, episodeIds, q);
      const goneShown = gone.filter((id) => !q.trim() || id.toLowerCase().includes(q.trim().toLowerCase()));
      const group = (label: string, id: string, rows: HTMLElement[]) => rows.length
        ? h('div', { class: 'flag-choice-group', 'data-group': id }, h('div', { class: 'flag-choice-group-title', text: label }), rows)
        : null;
      const anyEpisode = episodeIds.size > 0;
      const parts = [
        group('No longer raised', 'gone', goneShown.map((id) => {
          const box = h('input', { type: 'checkbox', value: id, checked: ticked.has(id) }) as HTMLInputElement;
          box.addEventListener('change', () => { if (box.checked) ticked.add(id); else ticked.delete(id); countChosen(); });
          return h('label', { class: 'flag-choice gone' }, box, h('span', { class: 'flag-no', text: '—' }), h('span', {}),
            h('span', { class: 'flag-choice-main' }, h('span', { class: 'flag-choice-rule', text: `Flag ${id}` }),
              h('span', { class: 'muted small', text: 'The analysis no longer raises it; it stays on the finding until its flags are changed.' })), h('span', {}));
        })),
        group(`Raised in the ticked episodes (${offered.inEpisodes.length})`, 'episodes', offered.inEpisodes.map(choiceRow)),
        group(anyEpisode ? `Other flags (${offered.others.length})` : `All flags (${offered.others.length})`, 'others', offered.others.map(choiceRow)),
      ];
      if (parts.every((p) => !p)) replace(choices, h('p', { class: 'muted pad', text: data.flags.length ? 'No flag matches.' : 'The analysis raised no flags.' }));
      else replace(choices, parts);
      countChosen();
    }
    filter.addEventListener('input', renderFlagChoices);
    renderFlagChoices();

    const draft = (): FindingDraft => ({
      title: title.value.trim(), text: text.value,
      episodes: data.episodes.filter((e) => episodeIds.has(e.id)).map((e) => e.id),
      flags: flagsToSend(f, ticked, data.flags),
    });
    const status = h('span', { class: 'muted small', id: 'finding-saved', role: 'status', 'aria-live': 'polite', text: note });
    const save = button(f ? 'Save' : 'Add finding', async () => {
      const d = draft();
      if (!d.title) { nav.showError('A finding needs a title.'); title.focus(); return; }
      try {
        const saved = f ? await api.findingEdit(f.id, d) : await api.findingAdd(d);
        dirty = false;
        note = '';
        selected = saved.id;
        editing = false;
        await load();
        nav.showInfo(f ? 'Finding saved.' : `Finding added: ${saved.title}.`);
      } catch (err) { nav.showError(errorText(err)); }
    }, { class: 'primary', id: 'finding-save' });
    const cancel = button('Cancel', async () => {
      if (!(await leave())) return;
      dirty = false;
      editing = false;
      if (selected === 'new') selected = data.findings[0]?.id ?? null;
      renderList();
      renderDetail();
    }, { id: 'finding-cancel' });

    const form = h('div', { class: 'episode-form finding-form' },
      field('Title', title),
      field('The finding', text),
      h('fieldset', { class: 'episode-agencies', id: 'finding-episode-choices' },
        h('legend', { text: 'Episodes it rests on' }),
        data.episodes.length
          ? h('div', { class: 'finding-episode-checks' }, episodeBoxes)
          : h('p', { class: 'hint', text: 'No key practice episodes yet: write them up under “Key practice episodes”, or mark them on the timeline.' })),
      h('fieldset', { class: 'episode-agencies finding-flags-field' },
        h('legend', { text: 'Flags it rests on' }),
        h('div', { class: 'toolbar' }, filter, chosenCount),
        choices),
      h('div', { class: 'actions left' }, save, cancel, h('span', { class: 'spacer' }), status));
    const changed = (e: Event) => {
      if (e.target === filter) return;
      dirty = true; note = ''; status.textContent = 'Not saved';
    };
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);

    replace(detailEl,
      h('div', { class: 'flag-head' }, h('h2', { text: f ? `Finding ${numberOf(f)}: ${f.title}` : 'New finding' })),
      form);
  }

  let reviewPath: string | null = null;
  app.reviewChanged.on((r) => {
    const path = r?.path ?? null;
    if (path !== reviewPath) { selected = null; editing = false; dirty = false; loaded = false; data = { findings: [], episodes: [], flags: [] }; }
    reviewPath = path;
    stale = true;
    if (visible) void load();
  });
  app.dataChanged.on((w) => {
    if (w === 'findings' || w === 'episodes' || w === 'flags' || w === 'all' || w === 'records') { stale = true; if (visible) void load(); }
  });

  return part;
}
