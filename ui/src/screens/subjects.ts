// Subjects: the people the review is about, resolved across agencies. Rename, merge, split.

import { api, errorText, type Subject } from '../api';
import { button, confirmDialog, h, nextId, replace } from '../dom';
import { fmtInt } from '../format';
import { app, type Nav, type Screen } from '../state';

/** A subject's role as a reviewer reads it ("other adult", not "other_adult"). */
export function roleLabel(role: unknown): string {
  return String(role ?? '').replace(/_/g, ' ');
}

export function subjectsScreen(nav: Nav): Screen {
  const tbody = h('tbody', {});
  const el = h('section', { 'aria-labelledby': 'subjects-title', class: 'subjects-screen' },
    h('header', { class: 'screen-head' }, h('h1', { id: 'subjects-title', text: 'Subjects' }),
      h('p', { class: 'muted', text: 'Agencies spell names differently. Each subject gathers every spelling seen. Merge two subjects that are the same person; split off a name that belongs to someone else.' })),
    addPersonForm(nav, (list, name) => after(list, `${name} added to the family; the records are read again with them.`)),
    h('div', { class: 'table-scroll' }, h('table', { class: 'data subjects', id: 'subjects-table' },
      h('thead', {}, h('tr', {}, ['Label', 'Role', 'Names as recorded', 'Records', 'Actions'].map((t) => h('th', { scope: 'col', text: t })))),
      tbody)));

  function after(list: Subject[], msg: string): void {
    app.subjects = list;
    app.listsChanged.emit();
    app.dataChanged.emit('subjects');
    render();
    nav.showInfo(msg);
  }

  function render(): void {
    const subs = app.subjects;
    if (subs.length === 0) { replace(tbody, h('tr', {}, h('td', { colspan: '5', class: 'muted pad', text: 'No subjects yet. They are found when chronologies are imported and analysed.' }))); return; }
    replace(tbody, subs.map((s) => {
      const labelIn = h('input', { type: 'text', value: s.label, id: nextId('label'), 'aria-label': `Label for ${s.label}`, class: 'narrow' }) as HTMLInputElement;
      const rename = button('Rename', async () => {
        const v = labelIn.value.trim();
        if (!v || v === s.label) return;
        try { after(await api.subjectLabel(s.id, v), `Renamed to ${v}.`); } catch (e) { nav.showError(errorText(e)); }
      }, { class: 'small', 'data-action': 'rename' });
      labelIn.addEventListener('keydown', (e) => { if (e.key === 'Enter') rename.click(); });
      const others = subs.filter((o) => o.id !== s.id);
      const mergeSel = h('select', { 'aria-label': `Merge another subject into ${s.label}`, class: 'narrow' },
        h('option', { value: '', text: 'Merge in…' }), others.map((o) => h('option', { value: String(o.id), text: `${o.label} (${roleLabel(o.role)})` }))) as HTMLSelectElement;
      const merge = button('Merge', async () => {
        const other = subs.find((o) => String(o.id) === mergeSel.value);
        if (!other) return;
        const ok = await confirmDialog(`Merge ${other.label} into ${s.label}?`,
          `All ${fmtInt(other.records)} records and the names ${other.names.join(', ')} will belong to ${s.label}. This is recorded in the audit log and can be undone by splitting names off again.`, 'Merge', true);
        if (!ok) return;
        try { after(await api.subjectMerge(s.id, other.id), `${other.label} merged into ${s.label}.`); } catch (e) { nav.showError(errorText(e)); }
      }, { class: 'small', 'data-action': 'merge' });
      const names = h('ul', { class: 'names' }, s.names.map((n) => h('li', {}, h('span', { text: n }),
        s.names.length > 1 ? button('Split off', async () => {
          const ok = await confirmDialog(`Split "${n}" off ${s.label}?`, `Records naming "${n}" will become a new subject.`, 'Split off', true);
          if (!ok) return;
          try { after(await api.subjectSplit(s.id, n), `"${n}" is now a separate subject.`); } catch (e) { nav.showError(errorText(e)); }
        }, { class: 'link small', 'aria-label': `Split ${n} off ${s.label}`, 'data-action': 'split' }) : null)));
      return h('tr', { 'data-subject-id': String(s.id) },
        h('td', {}, h('div', { class: 'inline' }, labelIn, rename)),
        h('td', {}, roleLabel(s.role), s.dob ? h('div', { class: 'muted small', text: `born ${s.dob}` }) : null),
        h('td', {}, names),
        h('td', { class: 'num', text: fmtInt(s.records) }),
        h('td', {}, h('div', { class: 'inline' }, mergeSel, merge)));
    }));
  }

  app.listsChanged.on(() => { if (!el.hidden) render(); });
  return {
    el,
    show() {
      render();
      api.subjects().then((s) => { app.subjects = s; render(); }, (e) => nav.showError(errorText(e)));
    },
  };
}

/** The roles a declared person can have, as the review file stores them. */
const PERSON_ROLES: [string, string][] = [
  ['child', 'Child the review is about'], ['sibling', 'Sibling'], ['mother', 'Mother'], ['father', 'Father'],
  ['parent', 'Parent'], ['partner', "Parent's partner"], ['other', 'Other family member'],
];

/**
 * "Add person": the reviewer declares a member of the family (name, role,
 * other names, date of birth); the resolver starts from the people declared,
 * so the family is found however the agencies wrote them.
 */
export function addPersonForm(nav: Nav, done: (list: Subject[], name: string) => void): HTMLElement {
  const name = h('input', { type: 'text', id: 'person-name', autocomplete: 'off', required: 'true' }) as HTMLInputElement;
  const role = h('select', { id: 'person-role' }, PERSON_ROLES.map(([v, t]) => h('option', { value: v, text: t }))) as HTMLSelectElement;
  const aliases = h('input', { type: 'text', id: 'person-aliases', autocomplete: 'off', placeholder: 'e.g. Logan Williamson; LM' }) as HTMLInputElement;
  const dob = h('input', { type: 'text', id: 'person-dob', autocomplete: 'off', placeholder: 'dd/mm/yyyy', class: 'narrow' }) as HTMLInputElement;
  const add = button('Add person', async () => {
    const n = name.value.trim();
    if (!n) { nav.showError('Give the person’s name.'); name.focus(); return; }
    const others = aliases.value.split(/[;,]/).map((a) => a.trim()).filter((a) => a.length > 0);
    try {
      const list = await api.personAdd(n, role.value, others, dob.value.trim() || null);
      name.value = ''; aliases.value = ''; dob.value = '';
      done(list, n);
    } catch (e) { nav.showError(errorText(e)); }
  }, { id: 'person-add' });
  const field = (label: string, input: HTMLElement, hint?: string) => h('div', { class: 'field' },
    h('label', { for: input.id, text: label }), input, hint ? h('div', { class: 'muted small', text: hint }) : null);
  return h('form', { class: 'add-person', id: 'add-person', 'aria-labelledby': 'add-person-title', onsubmit: (e: Event) => { e.preventDefault(); add.click(); } },
    h('h2', { id: 'add-person-title', text: 'Add a person of the family' }),
    h('p', { class: 'muted small', text: 'Declare the child and the adults around them as you know them. Every name and spelling you give is looked for in every agency’s records; the anonymised report replaces them all.' }),
    h('div', { class: 'inline wrap' },
      field('Name', name), field('Role', role),
      field('Other names', aliases, 'Nicknames, other surnames, initials; separate with ;'),
      field('Date of birth', dob), add));
}
