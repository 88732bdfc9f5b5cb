// Export the PDF report.

import { api, dialogs, errorText, onProgress } from '../api';
import { button, field, h, replace } from '../dom';
import { fmtBytes } from '../format';
import { app, type Nav, type Screen } from '../state';

export function exportScreen(nav: Nav): Screen {
  const path = h('input', { type: 'text', id: 'export-path', placeholder: 'Where to save the PDF', autocomplete: 'off', spellcheck: 'false' }) as HTMLInputElement;
  const anon = h('input', { type: 'checkbox', id: 'export-anonymise' }) as HTMLInputElement;
  const withNotes = h('input', { type: 'checkbox', id: 'export-notes' }) as HTMLInputElement;
  const checkBox = h('div', { id: 'redaction-check', 'aria-live': 'polite' });
  const marking = h('input', { type: 'text', id: 'export-marking', value: 'OFFICIAL-SENSITIVE' }) as HTMLInputElement;
  const run = h('button', { type: 'submit', class: 'primary', id: 'export-run' }, 'Export PDF');
  const prog = h('progress', { id: 'export-progress', max: '1', value: '0', hidden: true, 'aria-label': 'Export progress' }) as HTMLProgressElement;
  const stage = h('span', { class: 'muted', id: 'export-stage' });
  const result = h('div', { id: 'export-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'card narrow-card' },
    h('div', { class: 'path-row' }, field('Save the report as', path),
      button('Browse…', async () => {
        try {
          const p = await dialogs.saveFile('report.pdf', [{ name: 'PDF', extensions: ['pdf'] }], 'Save report');
          if (p) path.value = p.toLowerCase().endsWith('.pdf') ? p : `${p}.pdf`;
        } catch (e) { nav.showError(errorText(e)); }
      }, { id: 'export-browse' })),
    field('Protective marking', marking, 'Printed in the header and footer of every page.'),
    h('label', { class: 'check', for: anon.id }, anon, ' Anonymise: replace every name with its code (Child A, Mother, SW1)'),
    checkBox,
    h('label', { class: 'check', for: withNotes.id }, withNotes, " Include the reviewers' notes under their records in the chronology"),
    h('div', { class: 'actions left' }, run,
      button('Working papers (XLSX)', () => void papers(false), { id: 'export-xlsx' }),
      button('Working papers (Word)', () => void papers(true), { id: 'export-docx' }), prog, stage),
    result);

  /** The merged chronology as a workbook, beside the PDF, anonymised like it. */
  async function papers(docx: boolean): Promise<void> {
    const p = path.value.trim().replace(/\.pdf$/i, '');
    if (!p) { nav.showError('Choose where to save the report first.'); path.focus(); return; }
    try {
      const r = await api.exportPapers(`${p}-chronology.${docx ? 'docx' : 'xlsx'}`, anon.checked, docx);
      replace(result, h('div', { class: 'result ok' },
        h('h2', { text: 'Working papers written' }),
        h('dl', { class: 'facts' },
          h('dt', { text: 'File' }), h('dd', { text: r.path, id: 'export-xlsx-path' }),
          h('dt', { text: 'Records' }), h('dd', { text: String(r.pages) }))));
    } catch (err) {
      replace(result, h('p', { class: 'error-text', text: errorText(err) }));
      nav.showError(errorText(err));
    }
  }
  // The redaction check, shown when anonymising: every word left that may
  // still be a name, to add to the glossary (Subjects screen) before export.
  async function check(): Promise<void> {
    if (!anon.checked) { replace(checkBox); return; }
    replace(checkBox, h('p', { class: 'muted', text: 'Checking the anonymised text for names left…' }));
    try {
      const list = await api.redactionCheck();
      replace(checkBox, list.length === 0
        ? h('p', { class: 'ok-text', text: 'No word that may be a name is left in the anonymised text.' })
        : h('div', {},
          h('p', { class: 'warning', text: `${list.length} words left in the anonymised text may be names. Add each that is to the glossary before the report leaves.` }),
          h('table', { class: 'data', id: 'redaction-list' },
            h('thead', {}, h('tr', {}, ['Word', 'Times', 'Where'].map((t) => h('th', { scope: 'col', text: t })))),
            h('tbody', {}, list.slice(0, 200).map((l) => h('tr', {},
              h('td', { text: l.quoted ? `‘${l.word}’` : l.word }),
              h('td', { class: 'num', text: String(l.count) }),
              h('td', { text: l.example })))))));
    } catch (err) {
      replace(checkBox, h('p', { class: 'error-text', text: errorText(err) }));
    }
  }
  anon.addEventListener('change', () => void check());

  let running = false;
  onProgress((p) => {
    if (p.task !== 'export' || !running) return;
    prog.hidden = false;
    prog.max = Math.max(1, p.total);
    prog.value = p.done;
    stage.textContent = p.stage;
  }).catch((e) => nav.showError(errorText(e)));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const p = path.value.trim();
    if (!p) { nav.showError('Choose where to save the PDF.'); path.focus(); return; }
    running = true;
    run.disabled = true;
    prog.hidden = false; prog.removeAttribute('value');
    stage.textContent = 'Starting…';
    replace(result);
    try {
      const r = await api.exportPdf(p, anon.checked, marking.value.trim() || 'OFFICIAL-SENSITIVE', withNotes.checked);
      replace(result, h('div', { class: 'result ok' },
        h('h2', { text: 'Report written' }),
        h('dl', { class: 'facts' },
          h('dt', { text: 'File' }), h('dd', { text: r.path }),
          h('dt', { text: 'Pages' }), h('dd', { text: String(r.pages), 'data-pages': String(r.pages) }),
          h('dt', { text: 'Size' }), h('dd', { text: fmtBytes(r.bytes) }),
          h('dt', { text: 'SHA-256' }), h('dd', { class: 'mono', text: r.sha256 })),
        h('div', { class: 'actions left' }, button('Open PDF', async () => {
          try { await api.openFile(r.path); } catch (err) { nav.showError(errorText(err)); }
        }, { id: 'export-open', class: 'primary' }))));
      stage.textContent = '';
    } catch (err) {
      replace(result, h('p', { class: 'error-text', text: errorText(err) }));
      nav.showError(errorText(err));
      stage.textContent = '';
    } finally {
      running = false;
      run.disabled = false;
      prog.hidden = true;
    }
  });

  return {
    el: h('section', { 'aria-labelledby': 'export-title', class: 'export-screen' },
      h('header', { class: 'screen-head' }, h('h1', { id: 'export-title', text: 'Export the report' }),
        h('p', { class: 'muted', text: 'A4 PDF with contents, flags and their evidence, who knew what, the merged chronology and a data-quality appendix.' })),
      form),
    show() {
      if (!path.value && app.review) path.value = app.review.path.replace(/\.sightline$/i, '') + '-report.pdf';
    },
  };
}
