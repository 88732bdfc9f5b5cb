// Flags: points where shared information could have changed an outcome. The reviewer
// accepts, dismisses (with a reason), reopens or annotates each one.

import { api, errorText, type Flag, type RuleView, type Severity } from '../api';
import { button, confirmDialog, h, replace } from '../dom';
import { plural } from '../format';
import { SEVERITY_LABELS } from '../palette';
import { app, type Nav, type Screen } from '../state';

type SortKey = 'severity' | 'date' | 'status';
const SEV_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };
const STATUS_RANK = { open: 0, accepted: 1, dismissed: 2 };
const STATUS_LABEL = { open: 'Open', accepted: 'Accepted', dismissed: 'Dismissed' };

export function sortFlags(list: Flag[], key: SortKey): Flag[] {
  const out = [...list];
  out.sort((a, b) => {
    if (key === 'severity') return SEV_RANK[a.severity] - SEV_RANK[b.severity] || a.atSeconds - b.atSeconds;
    if (key === 'status') return STATUS_RANK[a.status] - STATUS_RANK[b.status] || SEV_RANK[a.severity] - SEV_RANK[b.severity] || a.atSeconds - b.atSeconds;
    return a.atSeconds - b.atSeconds;
  });
  return out;
}

export function severityBadge(s: Severity): HTMLElement {
  return h('span', { class: `sev sev-${s}` }, h('span', { class: 'sev-dot', 'aria-hidden': 'true' }), SEVERITY_LABELS[s]);
}

export function flagsScreen(nav: Nav): Screen {
  let flags: Flag[] = [];
  let selected: string | null = null;
  let sortKey: SortKey = 'severity';
  let statusFilter: 'all' | 'open' | 'accepted' | 'dismissed' = 'all';
  let stale = true;
  let visible = false;
  let rules: RuleView[] = [];
  let showRules = false;

  const counts = h('div', { class: 'flag-counts', id: 'flag-counts' });
  const sortSel = h('select', { id: 'flag-sort' },
    h('option', { value: 'severity', text: 'Severity' }), h('option', { value: 'date', text: 'Date' }), h('option', { value: 'status', text: 'Status' })) as HTMLSelectElement;
  const statusSel = h('select', { id: 'flag-status-filter' },
    h('option', { value: 'all', text: 'All' }), h('option', { value: 'open', text: 'Open' }),
    h('option', { value: 'accepted', text: 'Accepted' }), h('option', { value: 'dismissed', text: 'Dismissed' })) as HTMLSelectElement;
  sortSel.addEventListener('change', () => { sortKey = sortSel.value as SortKey; renderList(); });
  statusSel.addEventListener('change', () => { statusFilter = statusSel.value as typeof statusFilter; renderList(); });
  const rulesBtn = button('Rules and thresholds', () => { showRules = !showRules; renderDetail(); }, { id: 'rules-open', 'aria-pressed': 'false' });
  const list = h('ul', { class: 'flag-list', id: 'flag-list', 'aria-label': 'Flags' });
  const detailEl = h('div', { id: 'flag-detail', class: 'flag-detail', tabindex: '-1' });

  const el = h('section', { 'aria-labelledby': 'flags-title', class: 'flags-screen' },
    h('header', { class: 'screen-head row' }, h('h1', { id: 'flags-title', text: 'Flags' }), counts, rulesBtn),
    h('div', { class: 'split' },
      h('div', { class: 'flag-list-pane' },
        h('div', { class: 'toolbar' },
          h('label', { for: sortSel.id, text: 'Sort by' }), sortSel,
          h('label', { for: statusSel.id, text: 'Show' }), statusSel),
        list),
      detailEl));

  async function load(): Promise<void> {
    try {
      [flags, rules] = await Promise.all([api.flags(), api.rules()]);
      stale = false;
      renderList();
      renderDetail();
    } catch (e) { nav.showError(errorText(e)); }
  }

  function renderList(): void {
    const by = (s: Severity) => flags.filter((f) => f.severity === s).length;
    const open = flags.filter((f) => f.status === 'open').length;
    replace(counts,
      h('span', {}, plural(flags.length, 'flag')), ' · ',
      h('span', { class: 'sev sev-high' }, h('span', { class: 'sev-dot', 'aria-hidden': 'true' }), `High ${by('high')}`), ' ',
      h('span', { class: 'sev sev-medium' }, h('span', { class: 'sev-dot', 'aria-hidden': 'true' }), `Medium ${by('medium')}`), ' ',
      h('span', { class: 'sev sev-low' }, h('span', { class: 'sev-dot', 'aria-hidden': 'true' }), `Low ${by('low')}`), ' · ',
      h('span', {}, `${open} open`));
    const shown = sortFlags(flags, sortKey).filter((f) => statusFilter === 'all' || f.status === statusFilter);
    if (shown.length === 0) {
      replace(list, h('li', { class: 'muted pad', text: flags.length ? 'No flags with this status.' : 'No flags. They appear here once the analysis has run.' }));
      return;
    }
    replace(list, shown.map((f) => {
      const b = h('button', {
        type: 'button', class: `flag-item ${f.id === selected ? 'selected' : ''} status-${f.status}`,
        'data-flag-id': f.id, 'aria-pressed': f.id === selected ? 'true' : 'false',
      },
        h('span', { class: 'flag-item-top' }, severityBadge(f.severity), h('span', { class: 'flag-rule', text: f.ruleLabel }),
          h('span', { class: `status-pill ${f.status}`, text: STATUS_LABEL[f.status] })),
        h('span', { class: 'flag-item-sub' }, `${f.agency} · ${f.atDisplay}${f.subject ? ` · ${f.subject}` : ''}`));
      b.addEventListener('click', () => select(f.id));
      b.addEventListener('keydown', (e) => {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          const li = b.parentElement;
          const sib = (e.key === 'ArrowDown' ? li?.nextElementSibling : li?.previousElementSibling)?.querySelector('button') as HTMLElement | null;
          sib?.focus();
        }
      });
      return h('li', {}, b);
    }));
  }

  function select(id: string): void {
    selected = id;
    showRules = false;
    renderList();
    renderDetail();
    (list.querySelector(`[data-flag-id="${CSS.escape(id)}"]`) as HTMLElement | null)?.focus();
  }

  function replaceFlag(f: Flag): void {
    flags = flags.map((x) => (x.id === f.id ? f : x));
    renderList();
    renderDetail();
  }

  // The rules panel: every rule, on or off, each threshold in force with
  // where its figure comes from; the panel sets them for its area.
  function renderRules(): void {
    const changed = async (p: Promise<RuleView[]>, done: string): Promise<void> => {
      try {
        rules = await p;
        renderDetail();
        nav.showInfo(`${done} Analysing again…`);
        flags = await api.flags();
        renderList();
        app.dataChanged.emit('flags');
        nav.showInfo(`${done} The flags now follow the new rules.`);
      } catch (e) { nav.showError(errorText(e)); }
    };
    // A figure being typed survives the panel being drawn again (the flags
    // reload after each change).
    const typed = new Map<string, string>();
    detailEl.querySelectorAll<HTMLInputElement>('.threshold-input').forEach((i) => { if (i.value !== i.dataset.value) typed.set(i.id, i.value); });
    replace(detailEl,
      h('div', { class: 'flag-head' }, h('h2', { text: 'Rules and thresholds' }),
        h('p', { class: 'muted', text: 'What each rule looks for, how it sets severity, and each threshold in force with where its figure comes from: statutory, national guidance, local procedure (a figure some areas use; yours may differ) or a Sightline default (a working figure). Switch a rule off or set a threshold for your area; the analysis runs again and decisions already taken on flags are kept.' })),
      h('ul', { class: 'rule-list', id: 'rule-list' }, rules.map((r) => {
        const on = h('input', { type: 'checkbox', id: `rule-on-${r.id}`, 'data-rule': r.id }) as HTMLInputElement;
        on.checked = r.enabled;
        on.addEventListener('change', () => void changed(api.ruleEnable(r.id, on.checked), `${r.name} switched ${on.checked ? 'on' : 'off'}.`));
        return h('li', { class: `rule-item ${r.enabled ? '' : 'rule-off'}`, 'data-rule-id': r.id },
          h('div', { class: 'rule-head' },
            h('h3', { text: r.name }),
            h('label', { class: 'rule-switch', for: on.id }, on, r.enabled ? 'On' : 'Off')),
          h('p', { text: r.description }),
          h('p', { class: 'muted small', text: `Severity: ${r.severity}` }),
          r.thresholds.length
            ? h('table', { class: 'data thresholds' },
              h('thead', {}, h('tr', {}, ['Threshold', 'In force', 'Basis'].map((t) => h('th', { scope: 'col', text: t })))),
              h('tbody', {}, r.thresholds.map((t) => {
                const input = h('input', { type: 'text', class: 'threshold-input', id: `th-${r.id}-${t.setting}`, 'data-setting': t.setting, size: '6', 'aria-label': `${r.name}: ${t.meaning}` }) as HTMLInputElement;
                input.dataset.value = t.value;
                input.value = typed.get(input.id) ?? t.value;
                const set = button('Set', () => void changed(api.ruleThreshold(r.id, t.setting, input.value), `${r.name}: ${t.meaning} set to ${input.value.trim()}.`), { class: 'small', 'data-set': t.setting, disabled: true });
                const check = () => { set.disabled = input.value.trim() === '' || input.value.trim() === t.value; };
                input.addEventListener('input', check);
                check();
                input.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !set.disabled) set.click(); });
                return h('tr', {},
                  h('td', { text: t.meaning }),
                  h('td', {}, input, ' ', set, t.value !== t.default ? h('div', { class: 'muted small', text: `changed; default ${t.default}` }) : null),
                  h('td', {}, h('span', { class: `basis basis-${t.basis.split(' ')[0].toLowerCase()}`, text: t.basis }), t.source ? h('div', { class: 'muted small', text: t.source }) : null));
              })))
            : h('p', { class: 'muted small', text: 'No figure to set.' }));
      })));
  }

  function renderDetail(): void {
    rulesBtn.setAttribute('aria-pressed', showRules ? 'true' : 'false');
    if (showRules) { renderRules(); return; }
    const f = flags.find((x) => x.id === selected);
    if (!f) { replace(detailEl, h('p', { class: 'muted pad', text: 'Select a flag to see why it was raised and the records behind it.' })); return; }
    const reason = h('textarea', { id: 'dismiss-reason', rows: '3', placeholder: 'Why is this flag not a concern? (required to dismiss)' }) as HTMLTextAreaElement;
    const acceptBtn = button('Accept', () => decide('accepted', null), { id: 'flag-accept', class: 'primary' });
    const dismissBtn = button('Dismiss', () => decide('dismissed', reason.value.trim()), { id: 'flag-dismiss', disabled: true });
    const reopenBtn = button('Reopen', async () => {
      if (await confirmDialog('Reopen this flag?', 'The flag goes back to open. Its history and notes are kept.', 'Reopen')) await decide('open', null);
    }, { id: 'flag-reopen' });
    reason.addEventListener('input', () => { dismissBtn.disabled = reason.value.trim() === ''; });
    const note = h('textarea', { id: 'flag-note', rows: '2', placeholder: 'Add a note for the panel' }) as HTMLTextAreaElement;
    const addNote = button('Add note', async () => {
      const t = note.value.trim();
      if (!t) return;
      try { replaceFlag(await api.flagAnnotate(f.id, t)); nav.showInfo('Note added.'); } catch (e) { nav.showError(errorText(e)); }
    }, { id: 'flag-annotate', disabled: true });
    note.addEventListener('input', () => { addNote.disabled = note.value.trim() === ''; });

    async function decide(status: Flag['status'], why: string | null): Promise<void> {
      if (status === 'dismissed' && !why) { nav.showError('Give a reason to dismiss this flag.'); reason.focus(); return; }
      try {
        replaceFlag(await api.flagDecide(f!.id, status, why));
        nav.showInfo(status === 'open' ? 'Flag reopened.' : `Flag ${STATUS_LABEL[status].toLowerCase()}.`);
        app.dataChanged.emit('flags');
      } catch (e) { nav.showError(errorText(e)); }
    }

    const decision = f.status === 'open'
      ? h('div', { class: 'decide' },
        h('div', { class: 'actions' }, acceptBtn),
        h('div', { class: 'field' }, h('label', { for: reason.id, text: 'Reason for dismissing' }), reason),
        h('div', { class: 'actions' }, dismissBtn))
      : h('div', { class: 'decide' },
        f.reason ? h('p', {}, h('strong', { text: 'Reason: ' }), f.reason) : null,
        h('div', { class: 'actions' }, reopenBtn));

    replace(detailEl,
      h('div', { class: 'flag-head' },
        h('h2', { text: f.ruleLabel }),
        h('div', { class: 'flag-meta' }, severityBadge(f.severity),
          h('span', { class: `status-pill ${f.status}`, 'data-status': f.status, id: 'flag-status' }, STATUS_LABEL[f.status]),
          h('span', { class: 'muted', text: `${f.agency} · ${f.atDisplay}${f.subject ? ` · ${f.subject}` : ''} · rule ${f.rule}` }))),
      h('p', { class: 'explanation', text: f.explanation }),
      aboutRule(f.rule),
      f.corrections.length
        ? h('div', { class: 'corrections-note', id: 'flag-corrections' },
          h('strong', { text: 'Rests on the reviewer’s corrections to what was read' }),
          h('ul', {}, f.corrections.map((c) => h('li', {},
            `${c.what.charAt(0).toUpperCase()}${c.what.slice(1)} in `,
            button(`record ${c.record}`, () => nav.openRecord(c.record), { class: 'link inline-link', 'data-record-id': String(c.record) }),
            c.reason ? ` — “${c.reason}”` : ''))))
        : null,
      f.findings.length
        ? h('div', { class: 'flag-findings', id: 'flag-findings' },
          h('strong', { text: f.findings.length === 1 ? 'A finding of the panel rests on this flag' : 'Findings of the panel rest on this flag' }),
          h('ul', {}, f.findings.map((x) => h('li', {},
            h('span', { class: 'muted', text: `Finding ${x.number}: ` }),
            button(x.title, () => nav.navigate('episodes', { findingId: x.id }), { class: 'link inline-link', 'data-finding-link': String(x.id) })))))
        : null,
      h('div', { class: 'actions left' },
        button('Show on timeline', () => nav.navigate('timeline', { flagId: f.id, at: f.atSeconds }), { id: 'flag-show-timeline' })),
      h('h3', { text: 'Information held elsewhere' }),
      f.heldBy.length
        ? h('table', { class: 'data', id: 'flag-heldby' },
          h('thead', {}, h('tr', {}, ['Agency', 'Since', 'Indicator', 'Records'].map((t) => h('th', { scope: 'col', text: t })))),
          h('tbody', {}, f.heldBy.map((hb) => h('tr', {},
            h('td', { text: hb.agency }), h('td', { text: hb.since }), h('td', { text: hb.indicator }),
            h('td', {}, hb.records.map((id) => button(String(id), () => nav.openRecord(id), { class: 'link small', 'data-record-id': String(id), 'aria-label': `Open record ${id}` })))))))
        : h('p', { class: 'muted', text: 'None recorded.' }),
      h('h3', { text: 'Evidence' }),
      h('ul', { id: 'flag-evidence', class: 'evidence' }, f.evidence.map((ev) => h('li', {},
        button('', () => nav.openRecord(ev.id), { class: 'evidence-item', 'data-record-id': String(ev.id) })))),
      h('h3', { text: 'Decision' }),
      decision,
      h('h3', { text: 'Notes' }),
      f.annotations.length
        ? h('ul', { class: 'notes' }, f.annotations.map((a) => h('li', {}, h('div', { class: 'muted small', text: `${a.by} · ${a.at}` }), h('div', { text: a.text }))))
        : h('p', { class: 'muted', text: 'No notes yet.' }),
      h('div', { class: 'field' }, h('label', { for: note.id, text: 'Add a note' }), note),
      h('div', { class: 'actions' }, addNote),
    );
    // evidence buttons: fill text safely
    detailEl.querySelectorAll<HTMLButtonElement>('.evidence-item').forEach((b, i) => {
      const ev = f.evidence[i];
      b.append(h('span', { class: 'ev-when', text: `${ev.when} · ${ev.agency}` }), h('span', { class: 'ev-text', text: ev.text }));
    });
  }

  // What the flag's rule looks for and the basis of its thresholds, folded.
  function aboutRule(id: string): HTMLElement | null {
    const r = rules.find((x) => x.id === id);
    if (!r) return null;
    return h('details', { class: 'about-rule', id: 'flag-about-rule' },
      h('summary', { text: `About this rule: ${r.name}` }),
      h('p', { text: r.description }),
      h('p', { class: 'muted small', text: `Severity: ${r.severity}` }),
      r.thresholds.length
        ? h('ul', { class: 'small' }, r.thresholds.map((t) => h('li', {}, `${t.value} ${t.meaning} — ${t.basis}${t.source ? ` (${t.source})` : ''}${t.value !== t.default ? `; changed for this review, default ${t.default}` : ''}`)))
        : null);
  }

  // Another review: forget the selection. The same review changed (a
  // decision, an import): keep the flag the reviewer is looking at.
  let reviewPath: string | null = null;
  app.reviewChanged.on((r) => {
    const path = r?.path ?? null;
    if (path !== reviewPath) selected = null;
    reviewPath = path;
    stale = true;
    if (visible) void load();
  });
  app.dataChanged.on((w) => { if (w === 'flags' || w === 'findings' || w === 'all' || w === 'records') { stale = true; if (visible) void load(); } });

  return {
    el,
    show(opts) {
      visible = true;
      if (opts?.flagId) selected = opts.flagId;
      if (stale) void load().then(() => { if (opts?.flagId) select(opts.flagId); });
      else { renderList(); renderDetail(); if (opts?.flagId) select(opts.flagId); }
    },
    hide() { visible = false; },
  };
}
