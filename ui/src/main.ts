// The application shell: navigation rail, screens, record panel, error banner, status bar.

import './styles.css';
import { api, errorText, onProgress, onReviewChanged, setBackend, type Progress, type ReviewInfo } from './api';
import { DetailPanel } from './detail';
import { append, button, clear, h, padlock, replace } from './dom';
import { filters } from './filters';
import { fmtInt } from './format';
import { app, session, SCREENS, type Nav, type NavOpts, type Screen, type ScreenName } from './state';
import { openScreen } from './screens/open';
import { timelineScreen } from './screens/timeline';
import { chronologyScreen } from './screens/chronology';
import { knowledgeScreen } from './screens/knowledge';
import { flagsScreen } from './screens/flags';
import { episodesScreen } from './screens/episodes';
import { subjectsScreen } from './screens/subjects';
import { importScreen } from './screens/import';
import { exportScreen } from './screens/export';

async function boot(): Promise<void> {
  if (import.meta.env.MODE === 'mock') {
    const m = await import('./mock/backend');
    setBackend(m.createMockBackend());
  }
  const root = document.getElementById('app')!;

  // ---- banner (errors are shown, never swallowed)
  const bannerText = h('div', { class: 'banner-text' });
  const banner = h('div', { id: 'error-banner', class: 'banner', role: 'alert', 'aria-live': 'assertive', hidden: true },
    h('span', { class: 'banner-icon', 'aria-hidden': 'true', text: '!' }), bannerText,
    button('Dismiss', () => { banner.hidden = true; }, { class: 'banner-close', id: 'error-dismiss' }));
  const infoEl = h('div', { id: 'info-banner', class: 'banner info', role: 'status', 'aria-live': 'polite', hidden: true });
  let infoTimer: ReturnType<typeof setTimeout> | undefined;
  const nav: Nav = {
    navigate: (s, o) => go(s, o),
    openRecord: (id) => { void detail.open(id); },
    showError: (m) => { bannerText.textContent = m; banner.hidden = false; banner.classList.remove('pulse'); void banner.offsetWidth; banner.classList.add('pulse'); },
    showInfo: (m) => {
      infoEl.textContent = m; infoEl.hidden = false;
      if (infoTimer) clearTimeout(infoTimer);
      infoTimer = setTimeout(() => { infoEl.hidden = true; }, 4000);
    },
  };
  window.addEventListener('unhandledrejection', (e) => nav.showError(errorText(e.reason)));

  const detail = new DetailPanel(nav.showError);
  detail.onFlag = (id) => go('flags', { flagId: id });
  detail.showInfo = nav.showInfo;

  // ---- screens
  const screens: Record<ScreenName, Screen> = {
    open: openScreen(nav),
    timeline: timelineScreen(nav, detail),
    chronology: chronologyScreen(nav, detail),
    knowledge: knowledgeScreen(nav),
    flags: flagsScreen(nav),
    episodes: episodesScreen(nav),
    subjects: subjectsScreen(nav),
    import: importScreen(nav),
    export: exportScreen(nav),
  };
  const navButtons = new Map<ScreenName, HTMLButtonElement>();
  const rail = h('nav', { class: 'rail', 'aria-label': 'Screens' },
    h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Sightline'),
    h('ul', { class: 'nav-list' }, SCREENS.map((s) => {
      const b = button(s.label, () => go(s.name), { 'data-nav': s.name, class: 'nav-button', 'aria-keyshortcuts': `Alt+${s.key}` });
      navButtons.set(s.name, b);
      return h('li', {}, b);
    })),
  );
  const screensEl = h('div', { class: 'screens' });
  for (const [name, s] of Object.entries(screens)) {
    s.el.dataset.screen = name;
    s.el.classList.add('screen');
    s.el.hidden = true;
    screensEl.appendChild(s.el);
  }

  // ---- status bar
  const stTitle = h('span', { class: 'st-title', id: 'status-title', text: 'No review open' });
  const stLock = h('span', { class: 'st-lock', id: 'status-lock' });
  const stCounts = h('span', { class: 'st-counts' });
  const stReviewer = h('span', { class: 'st-reviewer', id: 'status-reviewer' });
  const stAnalysisLabel = h('span', { id: 'analysis-label', text: '' });
  const stAnalysisBar = h('progress', { id: 'analysis-progress', max: '1', value: '0', hidden: true, 'aria-label': 'Analysis progress' }) as HTMLProgressElement;
  const status = h('footer', { class: 'status-bar', role: 'status', 'aria-live': 'polite' }, stLock, stTitle, stCounts, stReviewer,
    h('span', { class: 'st-analysis' }, stAnalysisLabel, stAnalysisBar));

  const main = h('main', { class: 'main' }, banner, infoEl, screensEl);
  replace(root, h('div', { class: 'app' }, rail, main, detail.el, status));

  let current: ScreenName | null = null;
  function go(name: ScreenName, opts?: NavOpts): void {
    if (name !== 'open' && name !== current && !app.review) name = 'open';
    if (current && current !== name) { screens[current].el.hidden = true; screens[current].hide?.(); }
    for (const [n, b] of navButtons) {
      b.classList.toggle('current', n === name);
      if (n === name) b.setAttribute('aria-current', 'page'); else b.removeAttribute('aria-current');
      b.disabled = n !== 'open' && !app.review;
    }
    current = name;
    screens[name].el.hidden = false;
    screens[name].show(opts);
  }

  function setReview(r: ReviewInfo | null): void {
    app.review = r;
    stTitle.textContent = r ? r.title : 'No review open';
    clear(stLock);
    if (r) append(stLock, [padlock(!r.encrypted), r.encrypted ? ' Encrypted' : ' Not encrypted']);
    stLock.className = `st-lock ${r ? (r.encrypted ? 'enc' : 'plain') : ''}`;
    stLock.title = r ? (r.encrypted ? 'This review file is encrypted with its passphrase' : 'This review file is not encrypted') : '';
    stCounts.textContent = r ? `${fmtInt(r.records)} records · ${r.agencies.length} agencies · ${r.sources} sources` : '';
    stReviewer.textContent = r?.reviewer ? `Changes recorded as ${r.reviewer}` : '';
    for (const [n, b] of navButtons) b.disabled = n !== 'open' && !r;
    if (!r) { app.subjects = []; app.indicators = []; filters.reset(); detail.close(); }
    app.reviewChanged.emit(r);
    if (r) void loadLists();
  }

  async function loadLists(): Promise<void> {
    try {
      const [s, i] = await Promise.all([api.subjects(), api.indicators()]);
      app.subjects = s; app.indicators = i;
      app.listsChanged.emit();
    } catch (e) { nav.showError(errorText(e)); }
  }

  function showAnalysis(state: string, p?: Progress): void {
    if (state === 'running') {
      stAnalysisLabel.textContent = p ? `Analysing: ${p.stage} ${p.total ? `${Math.round((100 * p.done) / p.total)}%` : ''}` : 'Analysing…';
      stAnalysisBar.hidden = !p || !p.total;
      if (p && p.total) { stAnalysisBar.max = p.total; stAnalysisBar.value = p.done; }
    } else if (state === 'failed') {
      stAnalysisLabel.textContent = 'Analysis failed';
      stAnalysisBar.hidden = true;
    } else {
      stAnalysisLabel.textContent = state === 'ready' ? 'Analysis up to date' : '';
      stAnalysisBar.hidden = true;
    }
  }

  await onProgress((p) => {
    if (p.task !== 'analysis') return;
    if (p.error) { showAnalysis('failed'); nav.showError(`Analysis failed: ${p.error}`); return; }
    showAnalysis(p.finished ? 'ready' : 'running', p);
    if (p.finished) { void loadLists(); app.dataChanged.emit('all'); }
  });
  await onReviewChanged(async (p) => {
    try {
      if (app.review) setReviewInfoOnly(await api.reviewInfo());
    } catch (e) { nav.showError(errorText(e)); }
    app.dataChanged.emit(p.what);
    if (p.what === 'subjects' || p.what === 'all') void loadLists();
  });
  function setReviewInfoOnly(r: ReviewInfo): void {
    app.review = r;
    stTitle.textContent = r.title;
    stCounts.textContent = `${fmtInt(r.records)} records · ${r.agencies.length} agencies · ${r.sources} sources`;
    app.reviewChanged.emit(r);
  }

  // keyboard: Alt+1..9 switches screens; Escape closes the record panel
  document.addEventListener('keydown', (e) => {
    if (e.altKey && !e.ctrlKey && !e.metaKey) {
      const s = SCREENS.find((x) => x.key === e.key);
      if (s) { e.preventDefault(); go(s.name); }
    }
    if (e.key === 'Escape' && detail.isOpen && !e.defaultPrevented) detail.close();
  });

  // startup
  session.opened = (r) => { setReview(r); go('timeline'); void pollAnalysis(); };
  session.closed = () => { setReview(null); go('open'); };
  async function pollAnalysis(): Promise<void> {
    try { const s = await api.analysisStatus(); showAnalysis(s.state); if (s.state === 'failed' && s.error) nav.showError(`Analysis failed: ${s.error}`); }
    catch (e) { nav.showError(errorText(e)); }
  }
  try {
    const st = await api.startup();
    (screens.open as Screen & { setStartup?: (s: typeof st) => void }).setStartup?.(st);
    if (st.review) { setReview(st.review); go('timeline'); void pollAnalysis(); }
    else go('open');
  } catch (e) {
    go('open');
    nav.showError(errorText(e));
  }
}

void boot();
