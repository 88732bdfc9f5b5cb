// Open or create a review: recent reviews, open with passphrase, new review.

import { api, dialogs, errorText, type Recent, type Startup } from '../api';
import { button, field, h, replace } from '../dom';
import { app, session, type Nav, type Screen } from '../state';

const REVIEW_FILTER = [{ name: 'Sightline review', extensions: ['sightline'] }];

/** Where the reviewer's name is remembered on this computer (never in the review itself). */
const REVIEWER_KEY = 'sightline.reviewer';
const REVIEWER_HINT = 'Recorded with every change you make, in the review\'s audit log.';

function rememberedReviewer(): string {
  try { return localStorage.getItem(REVIEWER_KEY) ?? ''; } catch { return ''; }
}

function rememberReviewer(name: string): void {
  try { if (name) localStorage.setItem(REVIEWER_KEY, name); } catch { /* private mode: ask again next time */ }
}

export function openScreen(nav: Nav): Screen & { setStartup(s: Startup): void } {
  const recentList = h('ul', { class: 'recent-list', id: 'recent-list' });
  const currentBox = h('div', { class: 'current-review' });

  // ---- open
  const openPath = h('input', { type: 'text', id: 'open-path', placeholder: 'Choose a .sightline file, or type its path', autocomplete: 'off', spellcheck: 'false' }) as HTMLInputElement;
  const openPass = h('input', { type: 'password', id: 'open-passphrase', autocomplete: 'off' }) as HTMLInputElement;
  const passField = field('Passphrase', openPass);
  passField.hidden = true;
  const openReviewer = h('input', { type: 'text', id: 'open-reviewer', autocomplete: 'name', value: rememberedReviewer() }) as HTMLInputElement;
  const openErr = h('p', { class: 'error-text', id: 'open-error', role: 'alert' });
  const openBtn = h('button', { type: 'submit', class: 'primary', id: 'open-run' }, 'Open review');
  const openForm = h('form', { class: 'card', id: 'open-form', 'aria-labelledby': 'open-h' },
    h('h2', { id: 'open-h', text: 'Open a review' }),
    h('div', { class: 'path-row' }, field('Review file', openPath),
      button('Browse…', async () => {
        try {
          const r = await dialogs.openFiles(false, REVIEW_FILTER, 'Open review');
          if (r && r[0]) { openPath.value = r[0]; await checkEncrypted(); }
        } catch (e) { nav.showError(errorText(e)); }
      }, { id: 'open-browse' })),
    passField, field('Your name', openReviewer, REVIEWER_HINT), openErr, h('div', { class: 'actions' }, openBtn));

  let needsPass: boolean | null = null;
  async function checkEncrypted(): Promise<boolean | null> {
    const p = openPath.value.trim();
    if (!p) return null;
    try {
      needsPass = await api.isEncrypted(p);
      passField.hidden = !needsPass;
      if (needsPass) openPass.focus();
      return needsPass;
    } catch (e) {
      openErr.textContent = errorText(e);
      return null;
    }
  }
  openPath.addEventListener('change', () => { needsPass = null; void checkEncrypted(); });
  openForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    openErr.textContent = '';
    const p = openPath.value.trim();
    if (!p) { openErr.textContent = 'Enter the path of a review file, or use Browse.'; openPath.focus(); return; }
    if (needsPass === null) { const r = await checkEncrypted(); if (r === null) return; }
    if (needsPass && !openPass.value) { passField.hidden = false; openErr.textContent = 'This review is encrypted: enter its passphrase.'; openPass.focus(); return; }
    openBtn.disabled = true;
    openBtn.textContent = 'Opening…';
    try {
      const reviewer = openReviewer.value.trim();
      const info = await api.openReview(p, needsPass ? openPass.value : null, reviewer || null);
      rememberReviewer(reviewer);
      openPass.value = '';
      session.opened(info);
      void refreshRecent();
    } catch (err) {
      openErr.textContent = errorText(err);
      if (needsPass) { openPass.select(); openPass.focus(); }
    } finally {
      openBtn.disabled = false;
      openBtn.textContent = 'Open review';
    }
  });

  // ---- new
  const newPath = h('input', { type: 'text', id: 'new-path', placeholder: 'Where to save the new review (.sightline)', autocomplete: 'off', spellcheck: 'false' }) as HTMLInputElement;
  const newTitle = h('input', { type: 'text', id: 'new-title', placeholder: 'e.g. CSPR Child A' }) as HTMLInputElement;
  const newReviewer = h('input', { type: 'text', id: 'new-reviewer', autocomplete: 'name', value: rememberedReviewer() }) as HTMLInputElement;
  const newPass = h('input', { type: 'password', id: 'new-passphrase', autocomplete: 'new-password' }) as HTMLInputElement;
  const newPass2 = h('input', { type: 'password', id: 'new-passphrase-confirm', autocomplete: 'new-password' }) as HTMLInputElement;
  const noEnc = h('input', { type: 'checkbox', id: 'new-no-encryption' }) as HTMLInputElement;
  const noEncWarn = h('p', { class: 'warning', id: 'no-encryption-warning', hidden: true, role: 'note' },
    'Without encryption, anyone who gets a copy of this file can read every record in it, including the names of the children. Only choose this for test data.');
  const newErr = h('p', { class: 'error-text', id: 'new-error', role: 'alert' });
  const passFields = h('div', { class: 'two-col' },
    field('Passphrase', newPass, 'At least 8 characters. It cannot be recovered if lost.'),
    field('Confirm passphrase', newPass2));
  noEnc.addEventListener('change', () => {
    noEncWarn.hidden = !noEnc.checked;
    passFields.hidden = noEnc.checked;
  });
  const newForm = h('form', { class: 'card', id: 'new-form', 'aria-labelledby': 'new-h' },
    h('h2', { id: 'new-h', text: 'New review' }),
    h('div', { class: 'path-row' }, field('Save as', newPath),
      button('Browse…', async () => {
        try {
          const r = await dialogs.saveFile('review.sightline', REVIEW_FILTER, 'New review');
          if (r) newPath.value = r.endsWith('.sightline') ? r : `${r}.sightline`;
        } catch (e) { nav.showError(errorText(e)); }
      }, { id: 'new-browse' })),
    field('Title', newTitle),
    field('Your name', newReviewer, REVIEWER_HINT),
    passFields,
    h('label', { class: 'check', for: noEnc.id }, noEnc, ' Do not encrypt this review'),
    noEncWarn, newErr,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'new-run' }, 'Create review')));
  newForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    newErr.textContent = '';
    const p = newPath.value.trim();
    if (!p) { newErr.textContent = 'Choose where to save the review.'; newPath.focus(); return; }
    if (!newTitle.value.trim()) { newErr.textContent = 'Give the review a title.'; newTitle.focus(); return; }
    let pass: string | null = null;
    if (!noEnc.checked) {
      if (newPass.value.length < 8) { newErr.textContent = 'The passphrase must be at least 8 characters (or tick "Do not encrypt").'; newPass.focus(); return; }
      if (newPass.value !== newPass2.value) { newErr.textContent = 'The two passphrases do not match.'; newPass2.focus(); return; }
      pass = newPass.value;
    }
    try {
      const reviewer = newReviewer.value.trim();
      const info = await api.createReview(p, newTitle.value.trim(), pass, reviewer || null);
      rememberReviewer(reviewer);
      newPass.value = ''; newPass2.value = '';
      session.opened(info);
      void refreshRecent();
    } catch (err) { newErr.textContent = errorText(err); }
  });

  function renderRecent(list: Recent[]): void {
    if (list.length === 0) { replace(recentList, h('li', { class: 'muted', text: 'No recent reviews.' })); return; }
    replace(recentList, list.map((r) => h('li', { class: 'recent' },
      button('', async () => {
        openPath.value = r.path;
        needsPass = null;
        const enc = await checkEncrypted();
        if (enc === false) openForm.requestSubmit();
      }, { class: 'recent-open', 'data-path': r.path, 'aria-label': `Open ${r.name} in ${r.folder}` }),
      button('Forget', async () => {
        try { renderRecent(await api.forgetRecent(r.path)); } catch (e) { nav.showError(errorText(e)); }
      }, { class: 'link small', 'aria-label': `Remove ${r.name} from recent reviews` }),
    )));
    recentList.querySelectorAll<HTMLButtonElement>('.recent-open').forEach((b, i) => {
      b.append(h('span', { class: 'recent-name', text: list[i].name }), h('span', { class: 'recent-folder', text: list[i].folder }));
    });
  }
  async function refreshRecent(): Promise<void> {
    try { renderRecent(await api.recentReviews()); } catch (e) { nav.showError(errorText(e)); }
  }

  function renderCurrent(): void {
    const r = app.review;
    if (!r) { replace(currentBox); return; }
    replace(currentBox, h('div', { class: 'card current' },
      h('h2', { text: 'Open now' }),
      h('p', {}, h('strong', { text: r.title }), ` — ${r.path}`),
      h('div', { class: 'actions' },
        button('Go to timeline', () => nav.navigate('timeline'), { class: 'primary' }),
        button('Close review', async () => {
          try { await api.closeReview(); session.closed(); } catch (e) { nav.showError(errorText(e)); }
        }, { id: 'close-review' }))));
  }
  app.reviewChanged.on(renderCurrent);

  const el = h('section', { 'aria-labelledby': 'open-title', class: 'open-screen' },
    h('header', { class: 'screen-head' }, h('h1', { id: 'open-title', text: 'Reviews' }),
      h('p', { class: 'muted', text: 'Review files stay on this computer. Nothing is sent anywhere.' })),
    currentBox,
    h('div', { class: 'open-grid' },
      h('div', { class: 'card' }, h('h2', { text: 'Recent reviews' }), recentList),
      h('div', { class: 'stack' }, openForm, newForm)));

  return {
    el,
    show() { renderCurrent(); void refreshRecent(); },
    setStartup(s: Startup) {
      renderRecent(s.recent);
      if (s.pendingPath) {
        openPath.value = s.pendingPath;
        needsPass = s.needsPassphrase;
        passField.hidden = !s.needsPassphrase;
        setTimeout(() => openPass.focus(), 0);
      }
    },
  };
}
