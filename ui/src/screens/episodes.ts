// Key practice episodes: the periods the panel singles out, each with what
// happened, the panel's analysis and the learning, the records that fall in
// it and the flags raised on them. Made here or by dragging across the
// timeline; the report prints them in its "Key practice episodes" section.
// The screen's other part holds the panel's findings (./findings.ts).

import { api, errorText, type Episode, type EpisodeDraft } from '../api';
import { button, confirmDialog, dayInput, field, h, replace } from '../dom';
import { parseUkDay, ukDay } from '../timeline/episodes';
import { plural } from '../format';
import { app, type Nav, type Screen } from '../state';
import { severityBadge } from './flags';
import { findingsPart } from './findings';

type Part = 'episodes' | 'findings';
const PART_TITLE: Record<Part, string> = { episodes: 'Key practice episodes', findings: 'The panel’s findings' };

const STATUS_LABEL = { open: 'Open', accepted: 'Accepted', dismissed: 'Dismissed' };

export function episodesScreen(nav: Nav): Screen {
  let episodes: Episode[] = [];
  /** The episode shown: an id, 'new' for one being written, or none. */
  let selected: number | 'new' | null = null;
  let stale = true;
  let visible = false;
  let dirty = false;
  /** What the status beside Save says ("Saved."), until the next change. */
  let note = '';

  const list = h('ul', { class: 'flag-list episode-list', id: 'episode-list', 'aria-label': 'Episodes' });
  const detailEl = h('div', { id: 'episode-detail', class: 'flag-detail episode-detail', tabindex: '-1' });
  const count = h('span', { class: 'flag-counts', id: 'episode-count' });
  const findings = findingsPart(nav);
  const episodesEl = h('div', { class: 'split', id: 'episodes-part' },
    h('div', { class: 'flag-list-pane' },
      h('div', { class: 'toolbar' },
        button('New episode', () => select('new'), { id: 'episode-new', class: 'primary' }),
        h('span', { class: 'muted small', text: 'or drag across the timeline with “Mark an episode”' })),
      list),
    detailEl);
  // The two parts, as tabs: Key practice episodes | Findings.
  let part: Part = 'episodes';
  const heading = h('h1', { id: 'episodes-title', text: PART_TITLE.episodes });
  const tabs = (['episodes', 'findings'] as Part[]).map((p) => {
    const t = h('button', { type: 'button', role: 'tab', id: `part-${p}`, class: 'part-tab', 'aria-controls': `${p}-part`, 'data-part': p }, p === 'episodes' ? 'Episodes' : 'Findings');
    t.addEventListener('click', () => showPart(p));
    t.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      e.preventDefault();
      const next: Part = p === 'episodes' ? 'findings' : 'episodes';
      showPart(next);
      document.getElementById(`part-${next}`)?.focus();
    });
    return t;
  });
  const el = h('section', { 'aria-labelledby': 'episodes-title', class: 'flags-screen episodes-screen' },
    h('header', { class: 'screen-head row' }, heading, count, h('span', { class: 'spacer' }),
      h('div', { class: 'part-tabs', role: 'tablist', 'aria-label': 'Episodes and findings' }, tabs)),
    episodesEl,
    findings.el);
  findings.el.setAttribute('role', 'tabpanel');
  episodesEl.setAttribute('role', 'tabpanel');
  const findingsCount = () => { const n = findings.count(); return n == null ? '' : plural(n, 'finding'); };
  findings.onCount = () => { if (part === 'findings') count.textContent = findingsCount(); };

  function showPart(p: Part, findingId?: number, newFindingOn?: number): void {
    part = p;
    heading.textContent = PART_TITLE[p];
    tabs.forEach((t) => {
      const on = t.dataset.part === p;
      t.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tabIndex = on ? 0 : -1;
    });
    episodesEl.hidden = p !== 'episodes';
    findings.el.hidden = p !== 'findings';
    if (p === 'findings') {
      count.textContent = findingsCount();
      findings.show(findingId, newFindingOn);
    } else {
      findings.hide();
      count.textContent = plural(episodes.length, 'episode');
      if (visible) {
        if (stale) void load();
        else { renderList(); renderDetail(); }
      }
    }
  }

  async function load(): Promise<void> {
    try {
      episodes = await api.episodes(true);
      stale = false;
      if (typeof selected === 'number' && !episodes.some((e) => e.id === selected)) selected = null;
      if (selected == null && episodes.length) selected = episodes[0].id;
      renderList();
      if (!dirty) renderDetail();
    } catch (e) { nav.showError(errorText(e)); }
  }

  function renderList(): void {
    if (part === 'episodes') count.textContent = plural(episodes.length, 'episode');
    if (!episodes.length) {
      replace(list, h('li', { class: 'muted pad', text: 'No episodes yet. Make one with “New episode”, or on the timeline: press “Mark an episode” (or hold Shift) and drag across the period.' }));
      return;
    }
    replace(list, episodes.map((e) => {
      const b = h('button', { type: 'button', class: `flag-item ${e.id === selected ? 'selected' : ''}`, 'data-episode-id': String(e.id), 'aria-pressed': e.id === selected ? 'true' : 'false' },
        h('span', { class: 'flag-item-top' }, h('span', { class: 'flag-rule', text: e.title })),
        h('span', { class: 'flag-item-sub' }, `${e.period} · ${plural(e.recordsTotal, 'record')} · ${plural(e.flags.length, 'flag')}`));
      b.addEventListener('click', () => select(e.id));
      return h('li', {}, b);
    }));
  }

  async function select(id: number | 'new'): Promise<void> {
    if (dirty && id !== selected && !(await confirmDialog('Leave this episode?', 'What you changed has not been saved.', 'Leave without saving'))) return;
    dirty = false;
    note = '';
    selected = id;
    renderList();
    renderDetail();
    (detailEl.querySelector('#episode-title') as HTMLElement | null)?.focus();
  }

  function renderDetail(): void {
    const e = typeof selected === 'number' ? episodes.find((x) => x.id === selected) : undefined;
    if (selected !== 'new' && !e) {
      replace(detailEl, h('p', { class: 'muted pad', text: episodes.length ? 'Select an episode to read and edit it.' : 'A key practice episode is a period the panel looks at closely: what happened, why, and what is learned. The report gives each one a section with the records of its period and the flags raised on them.' }));
      return;
    }
    const title = h('input', { type: 'text', id: 'episode-title', value: e?.title ?? '' }) as HTMLInputElement;
    const starts = dayInput('episode-starts', e ? ukDay(e.starts) : '');
    const ends = dayInput('episode-ends', e ? ukDay(e.ends) : '');
    const agencies = (app.review?.agencies ?? []).map((a) => {
      const box = h('input', { type: 'checkbox', value: a.name, checked: e?.agencies.includes(a.name) ?? false }) as HTMLInputElement;
      return { box, el: h('label', { class: 'check' }, box, ` ${a.name}`) };
    });
    const area = (id: string, value: string, rows = 3) => h('textarea', { id, rows: String(rows) }, value) as HTMLTextAreaElement;
    const summary = area('episode-summary', e?.summary ?? '');
    const analysis = area('episode-analysis', e?.analysis ?? '');
    const learning = area('episode-learning', e?.learning ?? '');
    const draft = (): EpisodeDraft => ({
      title: title.value.trim(), starts: parseUkDay(starts.value) ?? '', ends: parseUkDay(ends.value) ?? '',
      agencies: agencies.filter((a) => a.box.checked).map((a) => a.box.value),
      summary: summary.value, analysis: analysis.value, learning: learning.value,
    });
    const status = h('span', { class: 'muted small', id: 'episode-saved', role: 'status', 'aria-live': 'polite', text: note });
    const save = button(e ? 'Save' : 'Add episode', async () => {
      const d = draft();
      if (!d.title) { nav.showError('An episode needs a title.'); title.focus(); return; }
      if (!d.starts || !d.ends) { nav.showError('Give the first and last day of the episode as DD/MM/YYYY.'); (d.starts ? ends : starts).focus(); return; }
      try {
        const saved = e ? await api.episodeEdit(e.id, d) : await api.episodeAdd(d);
        dirty = false;
        note = 'Saved.';
        selected = saved.id;
        await load();
        nav.showInfo(e ? 'Episode saved.' : `Episode added: ${saved.title}.`);
      } catch (err) { nav.showError(errorText(err)); }
    }, { class: 'primary', id: 'episode-save' });
    const remove = e ? button('Remove episode', async () => {
      if (!(await confirmDialog('Remove this episode?', `“${e.title}” and what the panel wrote of it are removed from the review. The records and flags stay as they are.`, 'Remove', true))) return;
      try {
        await api.episodeRemove(e.id);
        dirty = false;
        selected = null;
        await load();
        nav.showInfo('Episode removed.');
      } catch (err) { nav.showError(errorText(err)); }
    }, { id: 'episode-remove' }) : null;
    const form = h('div', { class: 'episode-form' },
      field('Title', title),
      h('div', { class: 'two-col' }, field('First day', starts), field('Last day', ends)),
      h('fieldset', { class: 'episode-agencies', id: 'episode-agencies' },
        h('legend', { text: 'Agencies involved' }),
        h('p', { class: 'hint', text: 'None ticked: every agency’s records of the period fall in the episode.' }),
        h('div', { class: 'agency-checks' }, agencies.map((a) => a.el))),
      field('What happened', summary),
      field('The panel’s analysis', analysis),
      field('Learning', learning),
      h('div', { class: 'actions left' }, save,
        e ? button('Show on timeline', () => nav.navigate('timeline', { span: [e.lo, e.hi] }), { id: 'episode-show-timeline' }) : null,
        h('span', { class: 'spacer' }), status, remove));
    const changed = () => { dirty = true; note = ''; status.textContent = 'Not saved'; };
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);

    const contents = e ? [
      h('h3', { text: `Records in this period (${e.recordsTotal})` }),
      e.records.length
        ? h('ul', { class: 'evidence episode-records', id: 'episode-records' }, e.records.map((r) => {
          const b = button('', () => nav.openRecord(r.id), { class: 'evidence-item', 'data-record-id': String(r.id) });
          b.append(h('span', { class: 'ev-when', text: `${r.when} · ${r.agency}` }), h('span', { class: 'ev-text', text: r.text }));
          return h('li', {}, b);
        }), e.recordsTotal > e.records.length ? h('li', { class: 'muted small', text: `and ${e.recordsTotal - e.records.length} more` }) : null)
        : h('p', { class: 'muted', text: 'No records fall in this period (of these agencies).' }),
      h('h3', { text: `Flags raised on them (${e.flags.length})` }),
      e.flags.length
        ? h('ul', { class: 'plain episode-flags', id: 'episode-flags' }, e.flags.map((f) => h('li', { class: 'episode-flag' },
          severityBadge(f.severity),
          h('span', { class: 'episode-flag-main' },
            button(f.ruleLabel, () => nav.navigate('flags', { flagId: f.id }), { class: 'link inline-link', 'data-flag-link': f.id }),
            h('span', { class: 'muted small', text: `${f.atDisplay} · ${f.title}` })),
          h('span', { class: `status-pill ${f.status}`, text: STATUS_LABEL[f.status] }))))
        : h('p', { class: 'muted', text: 'No flags were raised on these records.' }),
      h('h3', { text: `Findings resting on it (${e.findings.length})` }),
      e.findings.length
        ? h('ul', { class: 'plain finding-episodes', id: 'episode-findings' }, e.findings.map((f) => h('li', {},
          h('span', { class: 'muted', text: `Finding ${f.number}: ` }),
          button(f.title, () => nav.navigate('episodes', { findingId: f.id }), { class: 'link inline-link', 'data-finding-link': String(f.id) }))))
        : h('p', { class: 'muted', text: 'None yet.' }),
      h('div', { class: 'actions left' }, button('Write a finding on this episode', () => nav.navigate('episodes', { newFindingOn: e.id }), { id: 'episode-write-finding' })),
    ] : [];

    replace(detailEl,
      h('div', { class: 'flag-head' }, h('h2', { text: e ? e.title : 'New episode' }),
        e ? h('div', { class: 'flag-meta' }, h('span', { class: 'muted', text: `${e.period}${e.agencies.length ? ` · ${e.agencies.join(', ')}` : ' · every agency'}` })) : null),
      form,
      contents);
  }

  let reviewPath: string | null = null;
  app.reviewChanged.on((r) => {
    const path = r?.path ?? null;
    if (path !== reviewPath) { selected = null; dirty = false; }
    reviewPath = path;
    stale = true;
    if (visible && part === 'episodes') void load();
  });
  app.dataChanged.on((w) => { if (w === 'episodes' || w === 'findings' || w === 'flags' || w === 'all' || w === 'records') { stale = true; if (visible && part === 'episodes') void load(); } });

  return {
    el,
    show(opts) {
      visible = true;
      if (opts?.episodeId != null) { selected = opts.episodeId; dirty = false; }
      const p: Part = opts?.part ?? (opts?.findingId != null || opts?.newFindingOn != null ? 'findings' : opts?.episodeId != null ? 'episodes' : part);
      showPart(p, opts?.findingId, opts?.newFindingOn);
    },
    hide() { visible = false; findings.hide(); },
  };
}
