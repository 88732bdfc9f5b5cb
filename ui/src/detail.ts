// The record detail side panel, shared by every screen that lists records.

import { api, errorText, type RecordDetail, type RecordNote } from './api';
import { button, h, replace } from './dom';
import { agencyColour } from './palette';
import { app } from './state';

export class DetailPanel {
  readonly el: HTMLElement;
  private body: HTMLElement;
  private title: HTMLElement;
  private returnFocus: HTMLElement | null = null;
  private seq = 0;
  currentId: number | null = null;
  onFlag: (id: string) => void = () => {};
  onClose: () => void = () => {};

  constructor(private showError: (m: string) => void) {
    this.title = h('h2', { id: 'record-panel-title', tabindex: '-1', text: 'Record' });
    this.body = h('div', { class: 'panel-body' });
    const close = button('Close', () => this.close(), { class: 'icon-button', 'aria-label': 'Close record panel', id: 'record-close' });
    close.textContent = '✕';
    this.el = h('aside', { id: 'record-panel', class: 'side-panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'record-panel-title', hidden: true },
      h('div', { class: 'panel-head' }, this.title, close), this.body);
    this.el.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.stopPropagation(); this.close(); } });
  }

  get isOpen(): boolean { return !this.el.hidden; }

  async open(id: number): Promise<void> {
    const mine = ++this.seq;
    if (this.el.hidden) this.returnFocus = document.activeElement as HTMLElement | null;
    this.currentId = id;
    this.el.hidden = false;
    this.title.textContent = `Record ${id}`;
    replace(this.body, h('p', { class: 'muted', text: 'Loading…' }));
    this.title.focus();
    try {
      const r = await api.record(id);
      if (mine !== this.seq) return;
      this.render(r);
    } catch (e) {
      if (mine !== this.seq) return;
      replace(this.body, h('p', { class: 'error-text', text: (e as Error).message }));
      this.showError((e as Error).message);
    }
  }

  close(): void {
    if (this.el.hidden) return;
    this.el.hidden = true;
    this.currentId = null;
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

  private render(r: RecordDetail): void {
    const ag = app.review?.agencies.find((a) => a.id === r.agencyId);
    const sw = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    sw.style.backgroundColor = agencyColour(ag?.colour ?? 0);
    this.title.textContent = `${r.agency} · ${r.whenDisplay}`;
    const src = [r.source.file, r.source.sheet, `row ${r.source.row}`].filter(Boolean).join(', ');
    const dl = h('dl', { class: 'facts' },
      fact('Agency', h('span', {}, sw, ` ${r.agency} (${r.kind.replace(/_/g, ' ')})`)),
      fact('When', `${r.whenDisplay}${r.when.qualifier !== 'exact' ? ` (${r.when.qualifier})` : ''} · precision: ${r.when.precision}`),
      r.eventType ? fact('Type', r.eventType) : null,
      fact('Author', r.author ?? '—'),
      fact('Reference', r.reference ?? '—'),
      fact('Source', src),
    );
    const subjects = r.subjects.length
      ? h('ul', { class: 'chips' }, r.subjects.map((s) => h('li', { class: 'chip', text: s.label })))
      : h('p', { class: 'muted', text: 'No subjects linked.' });
    const indicators = r.indicators.length
      ? h('ul', { class: 'chips' }, r.indicators.map((i) => h('li', { class: `chip ${i.negated ? 'negated' : ''}`, text: i.negated ? `${i.label} (negated: not present)` : i.label })))
      : h('p', { class: 'muted', text: 'No indicators found.' });
    const flags = r.flags.length
      ? h('ul', { class: 'plain' }, r.flags.map((f) => h('li', {}, button(`Flag ${f}`, () => this.onFlag(f), { class: 'link', 'data-flag-link': f }))))
      : h('p', { class: 'muted', text: 'No flags cite this record.' });
    const cells = h('table', { class: 'cells' },
      h('caption', { class: 'sr-only', text: 'Original row as submitted' }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Column' }), h('th', { scope: 'col', text: 'Value as submitted' }))),
      h('tbody', {}, r.cells.map((c) => h('tr', {}, h('th', { scope: 'row', text: c.header }), h('td', { text: c.value })))));
    replace(this.body,
      h('section', {}, h('h3', { text: 'Entry' }), h('p', { class: 'record-text', text: r.text })),
      h('section', {}, h('h3', { text: 'Outcome / action' }), h('p', { class: r.outcome ? 'record-text' : 'muted', text: r.outcome ?? 'None recorded.' })),
      this.notesSection(r.id, r.notes),
      dl,
      h('section', {}, h('h3', { text: 'Subjects' }), subjects),
      h('section', {}, h('h3', { text: 'Indicators' }), indicators),
      h('section', {}, h('h3', { text: 'Flags citing this record' }), flags),
      h('section', {}, h('h3', { text: 'Original cells' }), cells),
    );
  }
}

function fact(k: string, v: string | HTMLElement) {
  return [h('dt', { text: k }), h('dd', {}, v)];
}
