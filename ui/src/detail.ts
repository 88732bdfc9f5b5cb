// The record detail side panel, shared by every screen that lists records:
// the record's text with the words each fact was read from highlighted,
// what was read fact by fact, and the reviewer's corrections to it.

import {
  api, errorText,
  type AppliedCorrection, type Change, type Fact, type FactChoices, type FactLine, type Reading, type RecordDetail, type RecordNote, type WordsField,
} from './api';
import { button, dayInput, field, h, replace } from './dom';
import { parseUkDay } from './timeline/episodes';
import { highlighted, locate, type Span } from './highlight';
import { agencyColour } from './palette';
import { app } from './state';

/** The groups facts are listed in, each with its highlight colour. */
type Group = 'concern' | 'sharing' | 'meeting' | 'decision' | 'seen' | 'about';
const GROUPS: { group: Group; title: string }[] = [
  { group: 'concern', title: 'Concerns' },
  { group: 'sharing', title: 'Information shared' },
  { group: 'meeting', title: 'Meeting' },
  { group: 'decision', title: 'Decisions' },
  { group: 'seen', title: 'The child seen' },
  { group: 'about', title: 'Whom the record is about' },
];

export function groupOf(f: Fact): Group {
  switch (f.fact) {
    case 'indicator': return 'concern';
    case 'sharing': return 'sharing';
    case 'meeting': case 'attendance': return 'meeting';
    case 'decision': return 'decision';
    case 'seen': return 'seen';
    default: return 'about';
  }
}

/** How a line stands: as read, or changed by the reviewer. */
export function lineState(l: FactLine): 'read' | 'added' | 'removed' | 'changed' {
  if (l.read && !l.now) return 'removed';
  if (!l.read && l.now) return 'added';
  if (l.correction != null) return 'changed';
  return 'read';
}

const STATE_LABEL = { added: 'Added by the reviewer', removed: 'Removed by the reviewer', changed: 'Changed by the reviewer', read: '' };

export class DetailPanel {
  readonly el: HTMLElement;
  private body: HTMLElement;
  private title: HTMLElement;
  private returnFocus: HTMLElement | null = null;
  private seq = 0;
  /** A form in the panel holds the reviewer's input: do not redraw under it. */
  private editing = false;
  private busy = false;
  currentId: number | null = null;
  onFlag: (id: string) => void = () => {};
  onClose: () => void = () => {};
  showInfo: (m: string) => void = () => {};

  constructor(private showError: (m: string) => void) {
    this.title = h('h2', { id: 'record-panel-title', tabindex: '-1', text: 'Record' });
    this.body = h('div', { class: 'panel-body' });
    const close = button('Close', () => this.close(), { class: 'icon-button', 'aria-label': 'Close record panel', id: 'record-close' });
    close.textContent = '✕';
    this.el = h('aside', { id: 'record-panel', class: 'side-panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'record-panel-title', hidden: true },
      h('div', { class: 'panel-head' }, this.title, close), this.body);
    this.el.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.stopPropagation(); this.close(); } });
    // The analysis finished (a correction made here or anywhere, a subject
    // decision): show the record as it is read now.
    app.dataChanged.on((what) => {
      if (this.currentId != null && !this.el.hidden && !this.editing && !this.busy && (what === 'all' || what === 'subjects')) void this.refresh();
    });
  }

  get isOpen(): boolean { return !this.el.hidden; }

  async open(id: number): Promise<void> {
    const mine = ++this.seq;
    if (this.el.hidden) this.returnFocus = document.activeElement as HTMLElement | null;
    this.currentId = id;
    this.editing = false;
    this.el.hidden = false;
    this.title.textContent = `Record ${id}`;
    replace(this.body, h('p', { class: 'muted', text: 'Loading…' }));
    this.title.focus();
    try {
      const r = await api.record(id);
      if (mine !== this.seq) return;
      this.render(r, null);
      // What was read waits for the analysis; the record shows first.
      const reading = await api.recordReading(id);
      if (mine !== this.seq) return;
      this.render(r, reading);
    } catch (e) {
      if (mine !== this.seq) return;
      replace(this.body, h('p', { class: 'error-text', text: errorText(e) }));
      this.showError(errorText(e));
    }
  }

  /** Shows the open record again as the analysis now reads it, keeping the scroll. */
  async refresh(focus?: string): Promise<void> {
    const id = this.currentId;
    if (id == null) return;
    const mine = ++this.seq;
    try {
      const reading = await api.recordReading(id);
      const r = await api.record(id);
      if (mine !== this.seq) return;
      const top = this.body.scrollTop;
      this.editing = false;
      this.render(r, reading);
      this.body.scrollTop = top;
      if (focus) (this.body.querySelector(focus) as HTMLElement | null)?.focus();
    } catch (e) {
      if (mine !== this.seq) return;
      this.showError(errorText(e));
    }
  }

  close(): void {
    if (this.el.hidden) return;
    this.el.hidden = true;
    this.currentId = null;
    this.editing = false;
    this.onClose();
    this.returnFocus?.focus?.();
  }

  /** The reviewer's notes on the record, and a box to add one. */
  private notesSection(record: number, notes: RecordNote[]): HTMLElement {
    const list = h('ul', { class: 'plain notes', id: 'record-notes' });
    const fill = (ns: RecordNote[]) => {
      replace(list, ns.length ? ns.map((n) => h('li', { class: 'note', 'data-note-id': String(n.id) },
        h('p', { class: 'record-text', text: n.text }),
        h('p', { class: 'muted small' }, `${n.by} · ${n.at.slice(0, 10).split('-').reverse().join('/')} `,
          button('Remove', async () => {
            try { fill(await api.noteRemove(n.id, record)); } catch (e) { this.showError(errorText(e)); }
          }, { class: 'link small', 'aria-label': `Remove the note by ${n.by}` })),
      )) : h('li', { class: 'muted', text: 'No notes yet.' }));
    };
    fill(notes);
    const box = h('textarea', { id: 'note-text', rows: '3', 'aria-label': 'A note on this record' }) as HTMLTextAreaElement;
    const add = button('Add note', async () => {
      const text = box.value.trim();
      if (!text) { box.focus(); return; }
      try { fill(await api.noteAdd(record, text)); box.value = ''; } catch (e) { this.showError(errorText(e)); }
    }, { id: 'note-add' });
    return h('section', { id: 'record-notes-section' }, h('h3', { text: "Reviewer's notes" }), list, box, h('div', { class: 'actions left' }, add));
  }

  private render(r: RecordDetail, reading: Reading | null): void {
    const ag = app.review?.agencies.find((a) => a.id === r.agencyId);
    const sw = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    sw.style.backgroundColor = agencyColour(ag?.colour ?? 0);
    this.title.textContent = `${r.agency} · ${r.whenDisplay}`;
    const src = [r.source.file, r.source.sheet, `row ${r.source.row}`].filter(Boolean).join(', ');
    const marked = (field: WordsField, s: string) => (reading ? highlightedField(reading, field, s) : s);
    const dl = h('dl', { class: 'facts' },
      fact('Agency', h('span', {}, sw, ` ${r.agency} (${r.kind.replace(/_/g, ' ')})`)),
      fact('When', `${r.whenDisplay}${r.when.qualifier !== 'exact' ? ` (${r.when.qualifier})` : ''} · precision: ${r.when.precision}`),
      r.eventType ? fact('Type', h('span', {}, marked('event_type', r.eventType))) : null,
      reading?.sharedWith.length ? fact('Shared with', h('span', {}, sharedWith(reading))) : null,
      fact('Author', r.author ?? '—'),
      fact('Reference', r.reference ?? '—'),
      fact('Source', src),
    );
    const flags = r.flags.length
      ? h('ul', { class: 'plain' }, r.flags.map((f) => h('li', {}, button(`Flag ${f}`, () => this.onFlag(f), { class: 'link', 'data-flag-link': f }))))
      : h('p', { class: 'muted', text: 'No flags cite this record.' });
    const cells = h('table', { class: 'cells' },
      h('caption', { class: 'sr-only', text: 'Original row as submitted' }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Column' }), h('th', { scope: 'col', text: 'Value as submitted' }))),
      h('tbody', {}, r.cells.map((c) => h('tr', {}, h('th', { scope: 'row', text: c.header }), h('td', { text: c.value })))));
    replace(this.body,
      h('section', {}, h('h3', { text: 'Entry' }), h('p', { class: 'record-text', id: 'record-text' }, marked('text', r.text))),
      h('section', {}, h('h3', { text: 'Outcome / action' }),
        r.outcome ? h('p', { class: 'record-text', id: 'record-outcome' }, marked('outcome', r.outcome)) : h('p', { class: 'muted', text: 'None recorded.' })),
      reading ? this.readingSection(r, reading) : h('section', { id: 'record-reading', 'aria-busy': 'true' },
        h('h3', { text: 'What was read' }), h('p', { class: 'muted', text: 'Waiting for the analysis…' })),
      this.notesSection(r.id, r.notes),
      dl,
      h('section', {}, h('h3', { text: 'Flags citing this record' }), flags),
      h('section', {}, h('h3', { text: 'Original cells' }), cells),
    );
    this.wireHover();
  }

  /** Hovering or focusing a fact's line outlines its words in the text, and the reverse. */
  private wireHover(): void {
    const marks = (key: string) => this.body.querySelectorAll<HTMLElement>(`mark[data-facts~="${key}"]`);
    this.body.querySelectorAll<HTMLElement>('.fact-line[data-fact]').forEach((li) => {
      const key = li.dataset.fact!;
      const on = () => marks(key).forEach((m) => m.classList.add('active'));
      const off = () => marks(key).forEach((m) => m.classList.remove('active'));
      li.addEventListener('mouseenter', on);
      li.addEventListener('mouseleave', off);
      li.addEventListener('focusin', on);
      li.addEventListener('focusout', off);
    });
    this.body.querySelectorAll<HTMLElement>('mark[data-facts]').forEach((m) => {
      const keys = (m.dataset.facts ?? '').split(' ');
      const lines = () => keys.map((k) => this.body.querySelector<HTMLElement>(`.fact-line[data-fact="${k}"]`)).filter((x): x is HTMLElement => !!x);
      m.addEventListener('mouseenter', () => lines().forEach((l) => l.classList.add('active')));
      m.addEventListener('mouseleave', () => lines().forEach((l) => l.classList.remove('active')));
    });
  }

  /** Runs a correction, then shows the record as the analysis reads it again. */
  private async change(what: () => Promise<unknown>, done: string, focus?: string): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const section = this.body.querySelector<HTMLElement>('#record-reading');
    section?.setAttribute('aria-busy', 'true');
    section?.classList.add('busy');
    section?.querySelectorAll('button, input, select, textarea').forEach((c) => { (c as HTMLButtonElement).disabled = true; });
    const note = section?.querySelector<HTMLElement>('.reading-status');
    if (note) note.textContent = 'Saved. Analysing again…';
    try {
      await what();
      this.showInfo(done);
      this.busy = false;
      await this.refresh(focus);
    } catch (e) {
      this.busy = false;
      this.showError(errorText(e));
      section?.removeAttribute('aria-busy');
      section?.classList.remove('busy');
      section?.querySelectorAll('button, input, select, textarea').forEach((c) => { (c as HTMLButtonElement).disabled = false; });
      if (note) note.textContent = '';
    }
  }

  private readingSection(r: RecordDetail, reading: Reading): HTMLElement {
    const lines = reading.facts.map((l, i) => ({ l, i }));
    const groups = GROUPS.map((g) => ({ ...g, lines: lines.filter(({ l }) => groupOf(l.fact) === g.group) })).filter((g) => g.lines.length);
    const problems = reading.corrections.filter((c) => !c.applied);
    const list = groups.length
      ? groups.map((g) => h('div', { class: 'fact-group' },
        h('h4', { class: 'fact-group-title' }, h('span', { class: `fact-key g-${g.group}`, 'aria-hidden': 'true' }), g.title),
        h('ul', { class: 'plain fact-list' }, g.lines.map(({ l, i }) => this.factLine(r.id, l, i, reading.corrections)))))
      : [h('p', { class: 'muted', text: 'Nothing was read in this record.' })];
    return h('section', { id: 'record-reading', class: 'reading' },
      h('h3', { text: 'What was read' }),
      h('p', { class: 'muted small reading-intro', text: 'Highlighted words show where each fact was read. Remove what the record does not say; add what it says that was missed. The flags and who knew what follow each change.' }),
      problems.length ? h('div', { class: 'warning small' }, problems.map((c) => h('p', { text: `A correction could not be applied (${describeCorrection(c)}): ${c.problem ?? ''}` }))) : null,
      list,
      h('p', { class: 'reading-status small', role: 'status', 'aria-live': 'polite' }),
      this.addForm(r.id, reading.choices),
    );
  }

  private factLine(record: number, l: FactLine, i: number, corrections: AppliedCorrection[]): HTMLElement {
    const state = lineState(l);
    const c = l.correction != null ? corrections.find((x) => x.id === l.correction) : undefined;
    const words = l.words.length
      ? h('span', { class: 'fact-words' }, l.words.flatMap((w, j) => [j ? ', ' : '', h('q', { text: w.text })]))
      : h('span', { class: 'fact-words muted', text: state === 'added' ? 'Not in the words: given by the reviewer' : 'Read from the record as a whole' });
    const actions = h('span', { class: 'fact-actions' });
    const li = h('li', { class: `fact-line ${state}`, 'data-fact': String(i), 'data-state': state, 'data-group': groupOf(l.fact) },
      h('span', { class: `fact-key g-${groupOf(l.fact)}`, 'aria-hidden': 'true' }),
      h('span', { class: 'fact-main' },
        h('span', { class: 'fact-label', text: l.label }),
        state !== 'read' ? h('span', { class: `fact-state ${state}`, text: STATE_LABEL[state] }) : null,
        words,
        c ? h('span', { class: 'fact-reason muted small', text: `${c.reason ? `“${c.reason}” · ` : ''}${c.by} · ${c.at.slice(0, 10).split('-').reverse().join('/')}` }) : null),
      actions);
    if (l.correction != null) {
      const id = l.correction;
      actions.append(button(state === 'removed' ? 'Put back' : 'Undo', () => void this.change(() => api.factUndo(id),
        state === 'removed' ? 'Put back as read. Analysing again.' : 'Correction undone. Analysing again.', `[data-fact-index="${i}"]`),
      { class: 'small', 'data-action': 'undo', 'data-fact-index': String(i), 'aria-label': `${state === 'removed' ? 'Put back' : 'Undo the change to'}: ${l.label}` }));
    } else if (l.now) {
      const remove = button('Remove', () => {
        if (li.querySelector('.fact-confirm')) return;
        this.editing = true;
        remove.hidden = true;
        const reason = h('input', { type: 'text', id: 'fact-remove-reason', placeholder: 'Why? (optional)', 'aria-label': `Why the record does not say: ${l.label}` }) as HTMLInputElement;
        const confirm = h('div', { class: 'fact-confirm' },
          h('p', { class: 'small', text: 'The record does not say this. The analysis will no longer count it.' }),
          reason,
          h('div', { class: 'actions left' },
            button('Remove fact', () => void this.change(() => api.factCorrect(record, 'remove', l.fact, reason.value.trim() || null), `Removed: ${l.label}. Analysing again.`, '#record-reading h3'),
              { class: 'danger small', id: 'fact-remove-confirm' }),
            button('Cancel', () => { confirm.remove(); remove.hidden = false; this.editing = false; remove.focus(); }, { class: 'small', id: 'fact-remove-cancel' })));
        li.append(confirm);
        reason.focus();
      }, { class: 'small', 'data-action': 'remove', 'data-fact-index': String(i), 'aria-label': `Remove: ${l.label}` });
      actions.append(remove);
    }
    return li;
  }

  /** "Add a fact": what the record says that the analysis did not read. */
  private addForm(record: number, ch: FactChoices): HTMLElement {
    const opt = (id: string, label: string) => h('option', { value: id, text: label });
    const select = (id: string, options: HTMLOptionElement[]) => h('select', { id }, options) as HTMLSelectElement;
    const kind = select('fact-kind', [
      opt('indicator', 'A concern (indicator)'), opt('sharing', 'Information shared'), opt('attendance', 'Who attended a meeting'),
      opt('meeting', 'The record is a meeting'), opt('decision', 'A decision'), opt('seen', 'Whether the child was seen'),
      opt('about', 'A person the record is about')]);
    const indicator = select('fact-indicator', ch.indicators.map((i) => opt(i.id, i.label)));
    const about = select('fact-about', [opt('', 'Whoever the analysis judges'), ...ch.people.map((p) => opt(p.id, p.label))]);
    const flow = select('fact-flow', [opt('to', `${ch.ownAgency} told`), opt('from', `${ch.ownAgency} was told by`), opt('with', `${ch.ownAgency} spoke with`)]);
    const agency = select('fact-agency', ch.agencies.map((a) => opt(a, a)));
    const method = select('fact-method', [opt('', 'Not said'), ...ch.methods.map((m) => opt(m.id, m.label))]);
    const on = dayInput('fact-on');
    const present = select('fact-present', [opt('true', 'Attended'), opt('false', 'Was absent')]);
    const attendee = select('fact-attendee', ch.agencies.map((a) => opt(a, a)));
    const meeting = select('fact-meeting', ch.meetings.map((m) => opt(m.id, m.label)));
    const decision = select('fact-decision', ch.decisions.map((d) => opt(d.id, d.label)));
    const seen = select('fact-seen', [opt('seen_alone', 'Seen alone'), opt('seen', 'Seen (not alone)'), opt('not_seen', 'Not seen')]);
    const person = select('fact-person', ch.people.map((p) => opt(p.id, p.label)));
    const reason = h('input', { type: 'text', id: 'fact-reason', placeholder: 'Optional: kept with the correction and in the audit log' }) as HTMLInputElement;
    const parts: Record<string, HTMLElement> = {
      indicator: h('div', { class: 'fact-fields' }, field('Indicator', indicator), field('About', about)),
      sharing: h('div', { class: 'fact-fields' }, field('Which way', flow), field('Agency', agency), field('How', method), field('On (if not the record’s date)', on)),
      attendance: h('div', { class: 'fact-fields' }, field('Agency', attendee), field('At the meeting', present)),
      meeting: h('div', { class: 'fact-fields' }, field('Kind of meeting', meeting)),
      decision: h('div', { class: 'fact-fields' }, field('Decision', decision)),
      seen: h('div', { class: 'fact-fields' }, field('The child', seen)),
      about: h('div', { class: 'fact-fields' }, field('Person', person)),
    };
    const show = () => { for (const [k, p] of Object.entries(parts)) p.hidden = k !== kind.value; };
    kind.addEventListener('change', show);
    show();
    const factOf = (): Fact => {
      switch (kind.value) {
        case 'indicator': return { fact: 'indicator', indicator: indicator.value, about: about.value ? [about.value] : [] };
        case 'sharing': {
          const day = on.value.trim() ? parseUkDay(on.value) : null;
          if (on.value.trim() && !day) throw new Error(`“${on.value}” is not a day: write it as DD/MM/YYYY.`);
          return { fact: 'sharing', flow: flow.value as 'to' | 'from' | 'with', agency: agency.value, ...(method.value ? { method: method.value } : {}), ...(day ? { on: day } : {}) };
        }
        case 'attendance': return { fact: 'attendance', agency: attendee.value, present: present.value === 'true' };
        case 'meeting': return { fact: 'meeting', kind: meeting.value };
        case 'decision': return { fact: 'decision', kind: decision.value };
        case 'seen': return { fact: 'seen', seen: seen.value };
        default: return { fact: 'about', person: person.value };
      }
    };
    const add = button('Add fact', () => {
      let f: Fact;
      try { f = factOf(); } catch (e) { this.showError(errorText(e)); on.focus(); return; }
      void this.change(() => api.factCorrect(record, 'add' as Change, f, reason.value.trim() || null), 'Fact added. Analysing again.', '#record-reading h3');
    }, { class: 'primary small', id: 'fact-add' });
    const details = h('details', { class: 'add-fact', id: 'record-add-fact' },
      h('summary', { text: 'Add a fact the analysis missed' }),
      h('div', { class: 'add-fact-body' },
        field('What the record says', kind),
        Object.values(parts),
        field('Reason', reason),
        h('div', { class: 'actions left' }, add)));
    details.addEventListener('toggle', () => { this.editing = details.open; });
    return details;
  }
}

function describeCorrection(c: AppliedCorrection): string {
  return `${c.change === 'add' ? 'added' : 'removed'} ${c.fact.fact}`;
}

/** The spans of the facts read from one field of the record, located in its text. */
export function spansIn(reading: Reading, fieldName: WordsField, s: string): Span[] {
  const out: Span[] = [];
  reading.facts.forEach((l, key) => {
    for (const w of l.words) {
      if (w.field !== fieldName) continue;
      const at = locate(s, w.start, w.end, w.text);
      if (at) out.push({ start: at[0], end: at[1], key });
    }
  });
  return out;
}

function markLook(reading: Reading) {
  return (keys: number[]) => {
    const lines = keys.map((k) => reading.facts[k]).filter(Boolean);
    const first = lines.find((l) => l.now) ?? lines[0];
    const gone = lines.every((l) => !l.now);
    return {
      class: `hl g-${groupOf(first.fact)}${gone ? ' gone' : ''}`,
      title: lines.map((l) => (l.now ? l.label : `${l.label} (removed by the reviewer)`)).join('; '),
    };
  };
}

function highlightedField(reading: Reading, fieldName: WordsField, s: string): DocumentFragment {
  return highlighted(s, spansIn(reading, fieldName, s), markLook(reading));
}

/** The record's "shared with" cells, each highlighted whole when a fact was read from it. */
function sharedWith(reading: Reading): Node[] {
  const look = markLook(reading);
  return reading.sharedWith.flatMap((cell, i) => {
    const keys = reading.facts.map((l, k) => (l.words.some((w) => w.field === 'shared_with' && w.text.trim() === cell.trim()) ? k : -1)).filter((k) => k >= 0);
    const node = keys.length ? highlighted(cell, [{ start: 0, end: cell.length, key: keys[0] }], () => look(keys)) : document.createTextNode(cell);
    return i ? [document.createTextNode('; '), node] : [node];
  });
}

function fact(k: string, v: string | HTMLElement) {
  return [h('dt', { text: k }), h('dd', {}, v)];
}
