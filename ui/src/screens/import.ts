// The import wizard: choose file(s) and agency → check the column mapping and bad rows →
// import with progress → summary.

import { api, dialogs, errorText, onProgress, type Mapping, type Preview, type Role } from '../api';
import { button, field, h, replace } from '../dom';
import { fmtInt, plural } from '../format';
import { app, type Nav, type Screen } from '../state';

const ROLE_LABELS: Record<Role, string> = {
  date: 'Date', time: 'Time', end_date: 'End date', end_time: 'End time', sequence: 'Sequence',
  description: 'Entry text', detail: 'More entry text', outcome: 'Outcome / action', source_ref: 'Source reference', author: 'Author / role',
  subject: 'Subject (name)', subject_dob: 'Subject date of birth', event_type: 'Event type', shared_with: 'Shared with',
  agency: 'Agency', extra: 'Keep as extra field', ignore: 'Ignore',
};

export function splitPaths(s: string): string[] {
  return s.split(/[\n;]+/).map((p) => p.trim()).filter(Boolean);
}

export function importScreen(nav: Nav): Screen {
  let step = 1;
  let preview: Preview | null = null;
  let overrides: Mapping = {};
  let running = false;

  // ---- step 1
  const pathIn = h('input', { type: 'text', id: 'import-path', placeholder: 'C:\\Chronologies\\police.csv', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'import-path-hint' }) as HTMLInputElement;
  const agencyIn = h('input', { type: 'text', id: 'import-agency', list: 'import-agency-list', placeholder: 'e.g. Northshire Police' }) as HTMLInputElement;
  const agencyList = h('datalist', { id: 'import-agency-list' });
  const kindSel = h('select', { id: 'import-kind' }) as HTMLSelectElement;
  const sheetSel = h('select', { id: 'import-sheet' }) as HTMLSelectElement;
  const sheetField = field('Sheet', sheetSel);
  sheetField.hidden = true;
  const previewBtn = h('button', { type: 'submit', class: 'primary', id: 'import-preview-btn' }, 'Preview');
  const step1 = h('form', { class: 'card wizard-step', 'aria-labelledby': 'import-s1' },
    h('h2', { id: 'import-s1', text: '1. Choose the chronology' }),
    h('div', { class: 'path-row' },
      h('div', { class: 'field' }, h('label', { for: pathIn.id, text: 'File(s)' }), pathIn,
        h('div', { class: 'hint', id: 'import-path-hint', text: 'CSV, Excel (.xlsx), Word tables (.docx) or Sightline JSON. Separate several files of the same agency with ";".' })),
      button('Browse…', async () => {
        try {
          const r = await dialogs.openFiles(true, [{ name: 'Chronologies', extensions: ['csv', 'tsv', 'txt', 'xlsx', 'docx', 'json'] }], 'Choose chronology files');
          if (r && r.length) pathIn.value = r.join('; ');
        } catch (e) { nav.showError(errorText(e)); }
      }, { id: 'import-browse' })),
    h('div', { class: 'two-col' }, field('Agency', agencyIn), field('Kind of agency', kindSel)),
    agencyList,
    h('div', { class: 'actions left' }, previewBtn));
  step1.addEventListener('submit', (e) => { e.preventDefault(); overrides = {}; void runPreview(); });

  // ---- step 2
  const previewSummary = h('div', { class: 'preview-summary', id: 'import-summary' });
  const tableWrap = h('div', { class: 'preview-wrap' });
  const errorsEl = h('div', { class: 'errors', id: 'import-errors' });
  const skipBad = h('input', { type: 'checkbox', id: 'import-skip-bad' }) as HTMLInputElement;
  const runBtn = h('button', { type: 'button', class: 'primary', id: 'import-run' }, 'Import');
  const saveProfileBtn = button('Save mapping as profile…', () => void saveProfile(), { id: 'import-save-profile' });
  const skipLabel = h('label', { class: 'check', for: skipBad.id }, skipBad, ' Skip bad rows (import the rest and record each skipped row)');
  skipBad.addEventListener('change', updateRun);
  runBtn.addEventListener('click', () => void runImport());
  const step2 = h('section', { class: 'card wizard-step', 'aria-labelledby': 'import-s2', hidden: true },
    h('div', { class: 'row' }, h('h2', { id: 'import-s2', text: '2. Check how the columns were read' }), h('span', { class: 'spacer' }),
      button('Back', () => setStep(1), { id: 'import-back' })),
    previewSummary, sheetField, tableWrap, errorsEl,
    h('div', { class: 'actions left' }, skipLabel),
    h('div', { class: 'actions left' }, runBtn, saveProfileBtn));
  sheetSel.addEventListener('change', () => void runPreview());

  // ---- step 3
  const prog = h('progress', { id: 'import-progress', max: '1', value: '0', 'aria-label': 'Import progress' }) as HTMLProgressElement;
  const progLabel = h('span', { class: 'muted', id: 'import-stage' });
  const result = h('div', { id: 'import-result', 'aria-live': 'polite' });
  const step3 = h('section', { class: 'card wizard-step', 'aria-labelledby': 'import-s3', hidden: true },
    h('h2', { id: 'import-s3', text: '3. Import' }), h('div', { class: 'progress-row' }, prog, progLabel), result,
    h('div', { class: 'actions left' }, button('Import another file', () => { reset(); setStep(1); pathIn.focus(); }, { id: 'import-again' })));

  const stepper = h('ol', { class: 'stepper', 'aria-label': 'Steps' });
  function setStep(n: number): void {
    step = n;
    step1.hidden = n !== 1;
    step2.hidden = n !== 2;
    step3.hidden = n !== 3;
    replace(stepper, ['Choose file', 'Check columns', 'Import'].map((t, i) =>
      h('li', { class: i + 1 === n ? 'current' : i + 1 < n ? 'done' : '', 'aria-current': i + 1 === n ? 'step' : null, text: `${i + 1}. ${t}` })));
  }
  function reset(): void { preview = null; overrides = {}; skipBad.checked = false; replace(result); prog.value = 0; }

  onProgress((p) => {
    if (p.task !== 'import' || !running) return;
    prog.max = Math.max(1, p.total);
    prog.value = p.done;
    progLabel.textContent = `${p.stage} ${p.total ? `${fmtInt(p.done)} of ${fmtInt(p.total)}` : ''}`;
  }).catch((e) => nav.showError(errorText(e)));

  const mappingNow = (): Mapping | null => (Object.keys(overrides).length ? { ...overrides } : null);

  async function runPreview(): Promise<void> {
    const paths = splitPaths(pathIn.value);
    if (!paths.length) { nav.showError('Enter the path of a chronology file, or use Browse.'); pathIn.focus(); return; }
    previewBtn.disabled = true;
    previewBtn.textContent = 'Reading…';
    try {
      const sheet = preview && !sheetField.hidden ? sheetSel.value || null : null;
      preview = await api.importPreview(paths, agencyIn.value.trim(), mappingNow(), sheet);
      if (!agencyIn.value.trim() && preview.agencyGuess) agencyIn.value = preview.agencyGuess;
      if (preview.kindGuess && !kindSel.dataset.touched) kindSel.value = preview.kindGuess;
      renderPreview(preview);
      if (step !== 2) setStep(2);
    } catch (e) {
      nav.showError(errorText(e));
    } finally {
      previewBtn.disabled = false;
      previewBtn.textContent = 'Preview';
    }
  }
  kindSel.addEventListener('change', () => { kindSel.dataset.touched = '1'; });

  function renderPreview(p: Preview): void {
    const bad = p.errors.length;
    replace(previewSummary,
      h('p', {}, h('strong', { text: p.file }), ` · ${p.format.toUpperCase()} · ${plural(p.rowsRead, 'row')} read · header on row ${p.headerRow}`),
      bad ? h('p', { class: 'error-text', id: 'import-bad-count' }, `${plural(bad, 'row')} cannot be read.`, ' By default nothing is imported until they are fixed; tick "Skip bad rows" to import the rest.')
        : h('p', { class: 'ok-text' }, 'Every row can be read.'));
    sheetField.hidden = p.sheets.length <= 1;
    if (!sheetField.hidden) {
      replace(sheetSel, p.sheets.map((s) => h('option', { value: s, text: s })));
      sheetSel.value = p.sheet ?? p.sheets[0];
    }
    const selects = p.columns.map((c) => {
      const sel = h('select', { 'aria-label': `Meaning of column "${c.header}"`, 'data-header': c.header, class: c.guessed ? 'guessed' : 'set' },
        p.roles.map((r) => h('option', { value: r, text: ROLE_LABELS[r] ?? r }))) as HTMLSelectElement;
      sel.value = c.role;
      sel.addEventListener('change', () => { overrides[c.header] = sel.value as Role; void runPreview(); });
      return h('th', { scope: 'col' }, sel);
    });
    const table = h('table', { class: 'data preview', id: 'import-preview' },
      h('thead', {},
        h('tr', { class: 'mapping-row' }, h('th', { scope: 'col', text: 'Row' }), h('th', { scope: 'col', text: 'Read as date' }), selects),
        h('tr', { class: 'header-row' }, h('th', {}, ''), h('th', {}, ''), p.columns.map((c) => h('th', { scope: 'col', class: 'orig-header', text: c.header })))),
      h('tbody', {}, p.rows.map((r) => {
        const errCol = r.error ? p.columns.findIndex((c) => c.header === r.error!.column) : -1;
        const tr = h('tr', { 'data-row': String(r.row), class: r.error ? 'row-error' : '', title: r.error ? `Row ${r.row}: ${r.error.error}` : null },
          h('td', { class: 'num', text: String(r.row) }),
          h('td', { class: r.when ? 'when' : 'when muted', text: r.when ?? (r.error ? 'cannot read' : '—') }),
          r.cells.map((v, i) => h('td', {
            class: i === errCol ? 'cell-error' : '', title: i === errCol && r.error ? r.error.error : v,
            'aria-invalid': i === errCol ? 'true' : null,
          }, v)));
        return tr;
      })));
    replace(tableWrap, table);
    if (bad) {
      replace(errorsEl, h('h3', { text: `Rows that cannot be read (${fmtInt(bad)})` }),
        h('table', { class: 'data errors-table', id: 'import-error-list' },
          h('thead', {}, h('tr', {}, ['Row', 'Column', 'Value', 'Problem'].map((t) => h('th', { scope: 'col', text: t })))),
          h('tbody', {}, p.errors.slice(0, 500).map((e) => h('tr', { 'data-row': String(e.row) },
            h('td', { class: 'num', text: String(e.row) }), h('td', { text: e.column ?? '—' }),
            h('td', { class: 'mono', text: e.value }), h('td', { text: e.error }))))),
        bad > 500 ? h('p', { class: 'muted', text: `…and ${fmtInt(bad - 500)} more.` }) : null);
    } else replace(errorsEl);
    updateRun();
  }

  function updateRun(): void {
    const bad = preview?.errors.length ?? 0;
    runBtn.disabled = !preview || (bad > 0 && !skipBad.checked) || !agencyIn.value.trim();
    runBtn.textContent = bad > 0 && skipBad.checked ? `Import, skipping ${plural(bad, 'bad row')}` : 'Import';
    runBtn.title = !agencyIn.value.trim() ? 'Enter the agency name first' : bad > 0 && !skipBad.checked ? 'Fix the bad rows or tick "Skip bad rows"' : '';
  }
  agencyIn.addEventListener('input', updateRun);

  async function saveProfile(): Promise<void> {
    if (!preview) return;
    const mapping: Mapping = {};
    for (const c of preview.columns) mapping[c.header] = overrides[c.header] ?? c.role;
    try {
      const p = await dialogs.saveFile('mapping.toml', [{ name: 'Mapping profile', extensions: ['toml'] }], 'Save mapping profile');
      if (!p) return;
      await api.saveProfile(p, mapping);
      nav.showInfo(`Mapping saved to ${p}.`);
    } catch (e) { nav.showError(errorText(e)); }
  }

  async function runImport(): Promise<void> {
    const paths = splitPaths(pathIn.value);
    const agency = agencyIn.value.trim();
    if (!agency) { nav.showError('Enter the agency this chronology comes from.'); setStep(1); agencyIn.focus(); return; }
    setStep(3);
    running = true;
    prog.removeAttribute('value');
    progLabel.textContent = 'Starting…';
    replace(result);
    try {
      const res = await api.importRun(paths, agency, kindSel.value, mappingNow(), preview?.sheet ?? null, skipBad.checked);
      prog.max = 1; prog.value = 1;
      progLabel.textContent = 'Done';
      replace(result, h('div', { class: 'result ok' },
        h('h3', { text: 'Imported' }),
        h('table', { class: 'data' },
          h('thead', {}, h('tr', {}, ['File', 'Rows read', 'Imported', 'Skipped'].map((t) => h('th', { scope: 'col', text: t })))),
          h('tbody', {}, res.map((r) => h('tr', {}, h('td', { text: r.source }), h('td', { class: 'num', text: fmtInt(r.rowsRead) }),
            h('td', { class: 'num', 'data-imported': String(r.imported), text: fmtInt(r.imported) }), h('td', { class: 'num', text: fmtInt(r.rejected.length) }))))),
        res.some((r) => r.rejected.length) ? h('details', {}, h('summary', { text: 'Skipped rows' }),
          h('ul', {}, res.flatMap((r) => r.rejected.map((x) => h('li', { text: `${r.source}, row ${x.row}, ${x.column ?? ''}: "${x.value}" ${x.error}` }))))) : null,
        h('p', { class: 'muted', text: 'The analysis is updated in the background; see the status bar.' })));
      try { app.review = await api.reviewInfo(); app.reviewChanged.emit(app.review); } catch (e) { nav.showError(errorText(e)); }
      app.dataChanged.emit('records');
    } catch (e) {
      prog.value = 0;
      progLabel.textContent = 'Not imported';
      replace(result, h('div', { class: 'result bad' }, h('h3', { text: 'Nothing was imported' }), h('p', { class: 'error-text', text: errorText(e) })));
      nav.showError(errorText(e));
    } finally {
      running = false;
    }
  }

  async function loadKinds(): Promise<void> {
    try {
      const kinds = await api.agencyKinds();
      const cur = kindSel.value;
      replace(kindSel, kinds.map((k) => h('option', { value: k, text: k.replace(/_/g, ' ') })));
      if (kinds.includes(cur)) kindSel.value = cur;
    } catch (e) { nav.showError(errorText(e)); }
  }

  setStep(1);
  return {
    el: h('section', { 'aria-labelledby': 'import-title', class: 'import-screen' },
      h('header', { class: 'screen-head row' }, h('h1', { id: 'import-title', text: 'Import a chronology' }), stepper),
      step1, step2, step3),
    show() {
      if (!kindSel.options.length) void loadKinds();
      replace(agencyList, (app.review?.agencies ?? []).map((a) => h('option', { value: a.name })));
    },
  };
}
