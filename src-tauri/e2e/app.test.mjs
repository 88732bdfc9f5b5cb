// End-to-end tests of the real Sightline window: the app binary, driven
// through tauri-driver and WebKitWebDriver under Xvfb (scripts/e2e.sh sets
// that up). Each test is a panel member's task, start to finish. Screenshots
// of every screen go to target/e2e-screens/ (scripts/screens.sh sends them
// to docs/screens/ to refresh the README's pictures).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync, readFileSync, writeFileSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { deflateSync } from 'node:zlib';
import { Builder, By, until } from 'selenium-webdriver';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const target = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(root, 'target');
const APP = process.env.SIGHTLINE_APP || join(target, 'debug', 'sightline-app');
const CLI = process.env.SIGHTLINE_CLI || join(target, 'debug', 'sightline');
const SHOTS = process.env.SIGHTLINE_SCREENSHOTS || join(root, 'target', 'e2e-screens');
const PASSPHRASE = 'demo passphrase for tests';
const WAIT = 60_000;

const work = mkdtempSync(join(tmpdir(), 'sightline-e2e-'));
const env = {
  ...process.env,
  SIGHTLINE_PASSPHRASE: PASSPHRASE,
  XDG_CONFIG_HOME: join(work, 'config'),
  XDG_DATA_HOME: join(work, 'data'),
  XDG_CACHE_HOME: join(work, 'cache'),
};
let review;
let driverProcess;

function freePort() {
  return new Promise((ok, fail) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

async function waitForPort(port, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const open = await new Promise((ok) => {
      const c = net.connect(port, '127.0.0.1', () => { c.end(); ok(true); });
      c.on('error', () => ok(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not listen on ${port}`);
}

let port;
before(async () => {
  for (const f of [APP, CLI]) assert.ok(existsSync(f), `${f} is built`);
  mkdirSync(SHOTS, { recursive: true });
  const demoDir = join(work, 'demo');
  execFileSync(CLI, ['demo', demoDir], { env, stdio: 'ignore' });
  review = join(demoDir, 'demo.sightline');
  port = await freePort();
  const nativePort = await freePort();
  driverProcess = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForPort(port, 20_000);
});

after(async () => {
  driverProcess?.kill();
  // The demo review, its exports and the app's settings were made for this run only.
  rmSync(work, { recursive: true, force: true });
});

async function launch(args = [review]) {
  const driver = await new Builder()
    .usingServer(`http://127.0.0.1:${port}/`)
    .withCapabilities({ browserName: 'wry', 'tauri:options': { application: APP, args } })
    .build();
  await driver.manage().setTimeouts({ implicit: 0, script: 30_000 });
  return driver;
}

const $ = (driver, css) => driver.wait(until.elementLocated(By.css(css)), WAIT, `waiting for ${css}`);

async function visible(driver, css) {
  const el = await $(driver, css);
  await driver.wait(until.elementIsVisible(el), WAIT, `waiting for ${css} to show`);
  return el;
}

/// Waits for two animation frames and a moment, so a screenshot shows
/// what was just drawn.
async function settle(driver, ms = 400) {
  await driver.executeAsyncScript(
    'const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done()));',
  );
  await driver.sleep(ms);
}

/// The text of the element `css` now (looked up afresh, so a re-render
/// between finding and reading cannot fail the test).
async function text(driver, css) {
  await $(driver, css);
  return driver.executeScript(`const e = document.querySelector(arguments[0]); return e ? e.textContent : '';`, css);
}

async function attr(driver, css, name) {
  await $(driver, css);
  return driver.executeScript(`const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;`, css, name);
}

/// Clicks the element `css` as a user would, once it is there.
async function click(driver, css) {
  let why = 'not there yet';
  await driver.wait(async () => {
    try {
      const el = await driver.findElement(By.css(css));
      if (!(await el.isDisplayed())) { why = 'not displayed'; return false; }
      if (!(await el.isEnabled())) { why = 'disabled'; return false; }
      await el.click();
      return true;
    } catch (e) {
      if (e.name === 'StaleElementReferenceError' || e.name === 'NoSuchElementError' || e.name === 'ElementNotInteractableError' || e.name === 'ElementClickInterceptedError') { why = `${e.name}: ${e.message}`; return false; }
      throw e;
    }
  }, WAIT, `clicking ${css}`).catch((e) => { throw new Error(`${e.message} (${why})`); });
}

// The screen as the user sees it. The app turns WebKit's compositing off
// (see src-tauri/src/main.rs), and WebKitWebDriver's screenshot never
// returns in that mode; so under Xvfb started with -fbdir (scripts/e2e.sh)
// the picture comes from the virtual screen's framebuffer instead.
const FRAMEBUFFER = process.env.SIGHTLINE_FRAMEBUFFER;

async function shot(driver, name) {
  await settle(driver);
  const png = FRAMEBUFFER
    ? framebufferPng(readFileSync(FRAMEBUFFER))
    : Buffer.from(await driver.takeScreenshot(), 'base64');
  writeFileSync(join(SHOTS, `${name}.png`), png);
}

// An XWD dump of a 24- or 32-bit TrueColor screen (as Xvfb's -fbdir
// writes it) as a PNG.
function framebufferPng(xwd) {
  const field = (i) => xwd.readUInt32BE(i * 4);
  const [headerSize, width, height, byteOrder, bitsPerPixel, bytesPerLine, colors] =
    [field(0), field(4), field(5), field(7), field(11), field(12), field(19)];
  assert.equal(bitsPerPixel, 32, 'a 32-bit framebuffer');
  const start = headerSize + colors * 12;
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = start + y * bytesPerLine;
    const out = y * (1 + width * 3);
    for (let x = 0; x < width; x++) {
      const p = byteOrder === 0 ? xwd.readUInt32LE(row + x * 4) : xwd.readUInt32BE(row + x * 4);
      raw[out + 1 + x * 3] = (p >> 16) & 255;
      raw[out + 2 + x * 3] = (p >> 8) & 255;
      raw[out + 3 + x * 3] = p & 255;
    }
  }
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

async function go(driver, screen) {
  const nav = await $(driver, `[data-nav="${screen}"]`);
  await nav.click();
  await visible(driver, `[data-screen="${screen}"]`);
}

async function analysisReady(driver) {
  await driver.wait(async () => {
    const s = await driver.executeScript(
      'return window.__TAURI_INTERNALS__.invoke("analysis_status").then(s => s.state)',
    );
    return s === 'ready';
  }, WAIT, 'waiting for the analysis');
}

function agencies() {
  const out = execFileSync(CLI, ['records', review, '--json'], { env, maxBuffer: 64 << 20 });
  return [...new Set(JSON.parse(out).map((r) => r.agency))].sort();
}

test('the demo review opens on a timeline with one lane per agency', async () => {
  const driver = await launch();
  try {
    await visible(driver, '[data-screen="timeline"]');
    const canvas = await $(driver, '#timeline-canvas');
    const expected = agencies();
    assert.equal(expected.length, 8);
    await driver.wait(async () => {
      const lanes = JSON.parse((await canvas.getAttribute('data-lanes')) || '[]');
      return lanes.length === expected.length;
    }, WAIT, 'waiting for the lanes');
    const lanes = JSON.parse(await canvas.getAttribute('data-lanes'));
    assert.deepEqual([...lanes].sort(), expected);
    await driver.wait(async () => Number(await canvas.getAttribute('data-items')) > 0, WAIT);
    await driver.wait(async () => /Child/.test(await text(driver, '#status-title')), WAIT, 'the review title shows');
    // The status bar says the file is encrypted, with a drawn padlock (an
    // emoji one is missing from many fonts and shows as an empty box).
    assert.equal((await text(driver, '#status-lock')).trim(), 'Encrypted');
    assert.equal(await driver.executeScript('return document.querySelectorAll("#status-lock svg").length'), 1);
    await analysisReady(driver);
    await shot(driver, 'timeline');

    // A record's full text, provenance and original cells.
    const item = await $(driver, '#timeline-items button[data-record-id]');
    const id = await item.getAttribute('data-record-id');
    await driver.executeScript('arguments[0].click()', item);
    const panel = await visible(driver, '#record-panel');
    await driver.wait(async () => /\.(csv|xlsx|docx|json)/.test(await text(driver, '#record-panel')), WAIT, `record ${id} shows where it came from`);
    await shot(driver, 'record');
    // The reviewer's note on the record: added in the panel, kept in the review.
    await (await $(driver, '#note-text')).sendKeys('Panel to ask whether this was shared by phone.');
    await click(driver, '#note-add');
    await driver.wait(async () => /Panel to ask whether this was shared by phone/.test(await text(driver, '#record-notes')), WAIT, 'the note shows in the panel');
    const notes = JSON.parse(execFileSync(CLI, ['note', 'list', review, '--json'], { env }));
    assert.ok(notes.some((n) => String(n.record) === id && /shared by phone/.test(n.text)), 'the note is in the review file');
    await click(driver, '#record-close');

    for (const screen of ['chronology', 'knowledge', 'subjects', 'import', 'export']) {
      await go(driver, screen);
      if (screen === 'chronology') await $(driver, '.vt-row[data-record-id]');
      if (screen === 'knowledge') await $(driver, 'td[data-agency][data-indicator]');
      if (screen === 'subjects') await $(driver, 'tr[data-subject-id]');
      await shot(driver, screen);
    }
  } finally {
    await driver.quit();
  }
});

test('a flag shows its evidence, and a dismissal with its reason survives a restart', async () => {
  let driver = await launch();
  let flagId;
  try {
    await visible(driver, '[data-screen="timeline"]');
    await go(driver, 'flags');
    flagId = await attr(driver, '[data-flag-id]', 'data-flag-id');
    await click(driver, `[data-flag-id="${flagId}"]`);
    const detail = await visible(driver, '#flag-detail');
    const evidence = await $(driver, '#flag-evidence [data-record-id]');
    assert.ok(await evidence.isDisplayed());
    assert.ok((await detail.getText()).length > 40, 'the flag explains itself');
    await shot(driver, 'flags');

    const dismiss = await $(driver, '#flag-dismiss');
    assert.equal(await dismiss.isEnabled(), false, 'no dismissal without a reason');
    await (await $(driver, '#dismiss-reason')).sendKeys('Known to the school by phone; recorded late, not missed.');
    await driver.wait(() => dismiss.isEnabled(), WAIT);
    await dismiss.click();
    const confirm = await driver.findElements(By.css('#confirm-ok'));
    if (confirm.length && (await confirm[0].isDisplayed())) await confirm[0].click();
    try {
      await driver.wait(async () => (await attr(driver, '#flag-status', 'data-status')) === 'dismissed', WAIT);
    } catch (e) {
      const banner = await driver.executeScript(`const b = document.querySelector('#error-banner'); return b ? b.textContent : '';`);
      await shot(driver, 'failure');
      throw new Error(`the flag was not dismissed: ${banner}`);
    }
    await shot(driver, 'flag-dismissed');
  } finally {
    await driver.quit();
  }

  driver = await launch();
  try {
    await visible(driver, '[data-screen="timeline"]');
    await go(driver, 'flags');
    await click(driver, `[data-flag-id="${flagId}"]`);
    await visible(driver, '#flag-detail');
    await driver.wait(async () => (await attr(driver, '#flag-status', 'data-status')) === 'dismissed', WAIT, 'still dismissed after a restart');
    assert.match(await text(driver, '#flag-detail'), /recorded late, not missed/);
  } finally {
    await driver.quit();
  }
  // The review file itself agrees.
  const flags = JSON.parse(execFileSync(CLI, ['flags', review, '--json'], { env, maxBuffer: 64 << 20 }));
  assert.equal(flags.find((f) => f.id === flagId).status, 'dismissed');
});

test('a reviewer adds a person of the family, and the subjects show them', async () => {
  const driver = await launch();
  try {
    await visible(driver, '[data-screen="timeline"]');
    await analysisReady(driver);
    await go(driver, 'subjects');
    await $(driver, 'tr[data-subject-id]');
    await (await $(driver, '#person-name')).sendKeys('Pat Marsh');
    await driver.executeScript("const s = document.getElementById('person-role'); s.value = 'other'; s.dispatchEvent(new Event('change'));");
    await (await $(driver, '#person-aliases')).sendKeys('Mrs Pat Marsh; Patricia Marsh');
    await (await $(driver, '#person-dob')).sendKeys('04/09/1966');
    await shot(driver, 'subjects-add-person');
    await click(driver, '#person-add');
    // The declaration is stored (the form clears), and the subject gathers
    // every name given, the alias no record writes included.
    await driver.wait(async () => (await (await $(driver, '#person-name')).getAttribute('value')) === '', WAIT, 'the form clears');
    await driver.wait(async () => {
      const rows = await driver.findElements(By.css('tr[data-subject-id]'));
      for (const r of rows) if (/Patricia Marsh/.test(await r.getText())) return true;
      return false;
    }, WAIT, 'the declared person is a subject with every name given');
    await shot(driver, 'subjects-person-added');
  } finally {
    await driver.quit();
  }
  // The review file holds the declaration.
  const people = JSON.parse(execFileSync(CLI, ['person', 'list', review, '--json'], { env }));
  const pat = people.find((p) => p.name === 'Pat Marsh');
  assert.ok(pat, JSON.stringify(people));
  assert.equal(pat.role, 'other');
  assert.deepEqual(pat.aliases, ['Mrs Pat Marsh', 'Patricia Marsh']);
});

test('the import wizard shows a bad row, then imports the good ones', async () => {
  const file = join(work, 'clinic.csv');
  writeFileSync(
    file,
    'Date,Time,Details,Outcome,Practitioner\n' +
      '14/05/2021,09:15,Clinic appointment. Child seen with mother; weight checked.,Next review 3 months,Nurse Adeyemi\n' +
      'next Tuesday,10:00,Telephone call to mother to rebook,Rebooked,Nurse Adeyemi\n' +
      '02/06/2021,11:00,Did not attend clinic appointment.,Letter sent,Nurse Adeyemi\n',
  );
  const before = JSON.parse(execFileSync(CLI, ['records', review, '--json'], { env, maxBuffer: 64 << 20 })).length;
  const driver = await launch();
  try {
    await visible(driver, '[data-screen="timeline"]');
    await go(driver, 'import');
    await (await $(driver, '#import-path')).sendKeys(file);
    await (await $(driver, '#import-agency')).sendKeys('Harwick Community Clinic');
    await (await $(driver, '#import-preview-btn')).click();
    await $(driver, '#import-preview tr.row-error[data-row="3"]');
    assert.match(await text(driver, '#import-preview tr.row-error[data-row="3"]'), /next Tuesday/);
    assert.equal((await driver.findElements(By.css('#import-preview tr.row-error'))).length, 1, 'only the bad row is marked');
    assert.match(await text(driver, '#import-error-list'), /Date/);
    await shot(driver, 'import-preview');

    const skip = await $(driver, '#import-skip-bad');
    if (!(await skip.isSelected())) await skip.click();
    await (await $(driver, '#import-run')).click();
    await visible(driver, '#import-result');
    await driver.wait(async () => /2/.test(await text(driver, '#import-result')), WAIT);
    await shot(driver, 'import-done');
  } finally {
    await driver.quit();
  }
  const after = JSON.parse(execFileSync(CLI, ['records', review, '--json'], { env, maxBuffer: 64 << 20 }));
  assert.equal(after.length, before + 2);
  assert.ok(after.some((r) => r.agency === 'Harwick Community Clinic' && /Did not attend/.test(r.text)));
});

/// The record whose text holds `words`, by the CLI.
function recordWith(words) {
  const out = execFileSync(CLI, ['records', review, '--json'], { env, maxBuffer: 64 << 20 });
  const r = JSON.parse(out).find((x) => x.text.includes(words));
  assert.ok(r, `a record says "${words}"`);
  return r.id;
}

/// The app's own flags (ids), as the flags screen lists them.
async function appFlags(driver) {
  await analysisReady(driver);
  return driver.executeScript('return window.__TAURI_INTERNALS__.invoke("flags").then(fs => fs.map(f => ({ id: f.id, rule: f.rule, label: f.ruleLabel, explanation: f.explanation, evidence: f.evidence.map(e => e.id), corrections: f.corrections.map(c => c.record) })))');
}

/// Opens record `id` in the record panel through the evidence of a flag citing it.
async function openThroughFlag(driver, flagId, id) {
  await go(driver, 'flags');
  await click(driver, `[data-flag-id="${flagId}"]`);
  await click(driver, `#flag-evidence [data-record-id="${id}"]`);
  await visible(driver, '#record-panel');
  await driver.wait(async () => (await driver.findElements(By.css('#record-reading .fact-line'))).length > 0, WAIT, `what was read in record ${id} shows`);
}

/// The index of the fact line in the record panel whose label starts with `label`.
async function factIndex(driver, label, state) {
  return driver.executeScript(`
    const li = [...document.querySelectorAll('#record-reading .fact-line')]
      .find((l) => l.querySelector('.fact-label').textContent.startsWith(arguments[0]) && (!arguments[1] || l.dataset.state === arguments[1]));
    return li ? li.dataset.fact : null;`, label, state ?? null);
}

test('a reviewer corrects what was read in a record, and the flags follow', async () => {
  const bruise = recordWith('bruise approx 2cm on his L cheek');
  const meeting = recordWith('Strategy discussion held. Present: Claire Whitlock');
  const driver = await launch();
  try {
    await visible(driver, '[data-screen="timeline"]');
    const before = await appFlags(driver);
    const stayed = before.find((f) => f.rule === 'never-shared' && f.evidence[0] === bruise);
    assert.ok(stayed, `a flag says the injury in record ${bruise} stayed with the school`);

    // The record panel shows what was read, its words highlighted in the text.
    await openThroughFlag(driver, stayed.id, bruise);
    await driver.wait(async () => (await text(driver, '#record-text mark')) === 'bruise', WAIT, 'the word "bruise" is highlighted');
    const injury = await factIndex(driver, 'Injury');
    assert.ok(injury != null, 'an injury was read');
    assert.match(await attr(driver, '#record-text mark', 'data-facts'), new RegExp(`\\b${injury}\\b`));
    await shot(driver, 'record-facts');

    // "That is not an injury": removed, with a reason.
    await click(driver, `[data-action="remove"][data-fact-index="${injury}"]`);
    await (await $(driver, '#fact-remove-reason')).sendKeys('A mark from a felt-tip pen, as the school nurse confirmed.');
    await click(driver, '#fact-remove-confirm');
    await driver.wait(async () => (await factIndex(driver, 'Injury', 'removed')) != null, WAIT, 'the injury shows as removed by the reviewer');
    assert.match(await text(driver, '#record-reading'), /felt-tip pen/);
    await shot(driver, 'record-corrected');

    // The analysis ran again: the flag on this record went, and one appeared
    // for the school's next record of an injury.
    const after = await appFlags(driver);
    const ids = new Set(before.map((f) => f.id));
    assert.ok(!after.some((f) => f.id === stayed.id), 'the flag on the corrected record went');
    const appeared = after.filter((f) => !ids.has(f.id));
    assert.equal(appeared.length, 1, JSON.stringify(appeared));
    await go(driver, 'flags');
    await driver.wait(async () => (await driver.findElements(By.css(`[data-flag-id="${appeared[0].id}"]`))).length === 1, WAIT, 'the new flag is listed');
    assert.equal((await driver.findElements(By.css(`[data-flag-id="${stayed.id}"]`))).length, 0, 'the old flag is not');
    await shot(driver, 'flags-after-correction');

    // Put back (the panel is still open on the record): the machine's
    // reading returns, and the first flag with it.
    const removed = await factIndex(driver, 'Injury', 'removed');
    await click(driver, `[data-action="undo"][data-fact-index="${removed}"]`);
    await driver.wait(async () => (await factIndex(driver, 'Injury', 'read')) != null, WAIT, 'the injury is read again');
    const restored = await appFlags(driver);
    assert.ok(restored.some((f) => f.id === stayed.id), 'the first flag is back');
    assert.ok(!restored.some((f) => f.id === appeared[0].id), 'the other went');
    await driver.wait(async () => (await driver.findElements(By.css(`[data-flag-id="${stayed.id}"]`))).length === 1, WAIT, 'the flags list follows');
    await click(driver, '#record-close');

    // Through the panel of the corrected record itself.
    // One point, one flag: the absences from this meeting are reasons of the
    // flag on it, whichever rule leads.
    const meetingFlag = before.find((f) => f.evidence[0] === meeting && /absent from a meeting/i.test(f.label));
    assert.ok(meetingFlag, `a flag on the strategy discussion (record ${meeting}) gives an absence`);
    await openThroughFlag(driver, meetingFlag.id, meeting);
    // "The police sent apologies": added through the form.
    await click(driver, '#record-add-fact summary');
    await driver.executeScript(`
      const set = (id, v) => { const s = document.getElementById(id); s.value = v; s.dispatchEvent(new Event('change', { bubbles: true })); };
      set('fact-kind', 'attendance'); set('fact-attendee', 'Harwick Police'); set('fact-present', 'false');`);
    await (await $(driver, '#fact-reason')).sendKeys('The minutes record police apologies.');
    await shot(driver, 'record-add-fact');
    await click(driver, '#fact-add');
    await driver.wait(async () => (await factIndex(driver, 'Harwick Police absent', 'changed')) != null
      || (await factIndex(driver, 'Harwick Police absent', 'added')) != null, WAIT, 'the police show as absent, by the reviewer');
    const withAbsence = await appFlags(driver);
    const absentPolice = (f) => f.evidence[0] === meeting && /Harwick Police is recorded as not present/.test(f.explanation);
    const police = withAbsence.find(absentPolice);
    assert.ok(police, 'the police absence is flagged on the meeting');
    assert.ok(!before.some(absentPolice), 'it was not before');
    assert.ok(police.corrections.includes(meeting), 'it rests on the correction');
    await click(driver, '#record-close');
    await go(driver, 'flags');
    await click(driver, `[data-flag-id="${police.id}"]`);
    await driver.wait(async () => /corrections to what was read/.test(await text(driver, '#flag-corrections')), WAIT, 'the flag says it rests on a correction');
    assert.match(await text(driver, '#flag-corrections'), /absent from the meeting/);
    await shot(driver, 'flag-correction');
  } finally {
    await driver.quit();
  }
  // The review file holds the correction kept, with its reason; the one put back is gone.
  const kept = JSON.parse(execFileSync(CLI, ['facts', review, String(meeting), '--json'], { env }));
  assert.ok(kept.corrections.some((c) => c.change === 'add' && /police apologies/.test(c.reason)), JSON.stringify(kept.corrections));
  const undone = JSON.parse(execFileSync(CLI, ['facts', review, String(bruise), '--json'], { env }));
  assert.equal(undone.corrections.length, 0);
});

const EPISODE = 'The bruise seen at school and the strategy discussion';

test('a reviewer marks a key practice episode on the timeline and writes it up', async () => {
  const driver = await launch();
  try {
    await visible(driver, '[data-screen="timeline"]');
    await analysisReady(driver);
    const canvas = await $(driver, '#timeline-canvas');
    await driver.wait(async () => Number(await canvas.getAttribute('data-items')) > 0, WAIT);
    await click(driver, '#zoom-fit');
    await settle(driver);
    // "Mark an episode", then a drag across the middle of the review.
    await click(driver, '#timeline-mark-episode');
    assert.equal(await attr(driver, '#timeline-mark-episode', 'aria-pressed'), 'true');
    const rect = await canvas.getRect();
    const y = Math.round(rect.height / 2) - 20;
    await driver.actions({ async: true })
      .move({ origin: canvas, x: -60, y: y - Math.round(rect.height / 2) })
      .press()
      .move({ origin: canvas, x: 0, y: y - Math.round(rect.height / 2), duration: 150 })
      .move({ origin: canvas, x: 80, y: y - Math.round(rect.height / 2), duration: 150 })
      .release()
      .perform();
    const title = await visible(driver, '#episode-new-title');
    const starts = await (await $(driver, '#episode-new-starts')).getAttribute('value');
    const ends = await (await $(driver, '#episode-new-ends')).getAttribute('value');
    // UK days (DD/MM/YYYY), whatever the system's locale.
    const iso = (d) => d.split('/').reverse().join('-');
    assert.match(starts, /^\d\d\/\d\d\/\d{4}$/);
    assert.match(ends, /^\d\d\/\d\d\/\d{4}$/);
    assert.ok(iso(starts) < iso(ends), `a period of several days (${starts} to ${ends})`);
    await title.sendKeys(EPISODE);
    await shot(driver, 'episode-new');
    await click(driver, '#episode-new-save');
    await driver.wait(async () => JSON.parse((await canvas.getAttribute('data-episodes')) || '[]').includes(EPISODE), WAIT, 'the band shows the episode');
    assert.equal(await attr(driver, '#timeline-mark-episode', 'aria-pressed'), 'false', 'one drag, one episode');
    await shot(driver, 'timeline-episode');

    // The Episodes screen: its records and flags, and the panel's write-up.
    await go(driver, 'episodes');
    const item = await $(driver, '[data-episode-id]');
    assert.match(await item.getText(), /bruise seen at school/);
    await item.click();
    await driver.wait(async () => (await (await $(driver, '#episode-title')).getAttribute('value')) === EPISODE, WAIT);
    await $(driver, '#episode-records [data-record-id]');
    await (await $(driver, '#episode-summary')).sendKeys('The school saw a bruise; no one outside the school heard of it before the strategy discussion.');
    await (await $(driver, '#episode-analysis')).sendKeys('Health was not invited to the discussion that decided on enquiries.');
    await (await $(driver, '#episode-learning')).sendKeys('Invite health to every strategy discussion about an injury.');
    await click(driver, '#episode-save');
    await driver.wait(async () => /Saved/.test(await text(driver, '#episode-saved')), WAIT, 'the episode is saved');
    await driver.executeScript("document.querySelector('#episode-detail').scrollTop = 0; document.querySelector('#info-banner').hidden = true;");
    await shot(driver, 'episodes');
    await driver.executeScript("const d = document.querySelector('#episode-detail'); d.scrollTop = d.querySelector('#episode-records').offsetTop - d.offsetTop - 40;");
    await shot(driver, 'episodes-records');
  } finally {
    await driver.quit();
  }
  const listed = JSON.parse(execFileSync(CLI, ['episode', 'list', review, '--json'], { env }));
  const e = listed.find((x) => x.title === EPISODE);
  assert.ok(e, JSON.stringify(listed));
  assert.match(e.learning, /Invite health/);
  assert.ok(e.records.length > 0, 'records fall in it');
});

const FINDING = 'Health never heard of the bruise before the strategy discussion';

/// The rows offered in the findings form's flag list: [group, flag id].
async function offeredFlagRows(driver) {
  return driver.executeScript(`return [...document.querySelectorAll('#finding-flag-choices [data-group]')]
    .flatMap((g) => [...g.querySelectorAll('input[type=checkbox]')].map((i) => [g.dataset.group, i.value, i.closest('label').textContent]));`);
}

test('a reviewer writes up a finding resting on an episode and a flag', async () => {
  const episode = JSON.parse(execFileSync(CLI, ['episode', 'list', review, '--json'], { env })).find((x) => x.title === EPISODE);
  assert.ok(episode, 'the episode marked before is in the review');
  const driver = await launch();
  let flagId;
  try {
    await visible(driver, '[data-screen="timeline"]');
    await go(driver, 'episodes');
    await click(driver, '#part-findings');
    assert.equal(await attr(driver, '#part-findings', 'aria-selected'), 'true');
    await driver.wait(async () => /No findings yet/.test(await text(driver, '#finding-list')), WAIT, 'no findings yet');

    // A finding to take back: added, then removed after the confirmation.
    await click(driver, '#finding-new');
    await (await visible(driver, '#finding-title')).sendKeys('A finding written in error');
    await click(driver, '#finding-save');
    await $(driver, '[data-finding-id]');
    await click(driver, '#finding-remove');
    await click(driver, '#confirm-cancel');
    assert.equal((await driver.findElements(By.css('[data-finding-id]'))).length, 1, 'cancelling keeps it');
    await click(driver, '#finding-remove');
    await click(driver, '#confirm-ok');
    await driver.wait(async () => (await driver.findElements(By.css('[data-finding-id]'))).length === 0, WAIT, 'the finding is removed');

    // The finding: its words, the episode ticked, and one of the flags
    // raised in that episode, which are offered first.
    await click(driver, '#finding-new');
    await (await visible(driver, '#finding-title')).sendKeys(FINDING);
    await (await $(driver, '#finding-text')).sendKeys('The school saw the bruise and told social care; no one asked health, which held an earlier injury, before the strategy discussion decided on enquiries.');
    const before = await offeredFlagRows(driver);
    assert.ok(before.length > 0 && before.every(([g]) => g === 'others'), 'every flag offered, in one group, before an episode is ticked');
    await click(driver, `#finding-episode-choices input[value="${episode.id}"]`);
    const rows = await offeredFlagRows(driver);
    const first = rows.filter(([g]) => g === 'episodes');
    assert.ok(first.length > 0, 'flags raised in the episode are offered');
    assert.equal(rows[0][0], 'episodes', 'and offered first');
    // A flag on the injury, if the episode has one.
    flagId = (first.find(([, , label]) => /injur/i.test(label)) ?? first[0])[1];
    await click(driver, `#finding-flag-choices input[value="${flagId}"]`);
    assert.equal(await text(driver, '#finding-flag-count'), '1 chosen');
    await driver.executeScript("document.querySelector('#info-banner').hidden = true;");
    await shot(driver, 'finding-edit');
    await click(driver, '#finding-save');

    // Read back: the finding with the episode and the flag, each a link.
    await driver.wait(async () => (await driver.findElements(By.css(`#finding-flags [data-flag-link="${flagId}"]`))).length === 1, WAIT, 'the finding shows the flag it rests on');
    assert.match(await text(driver, '#finding-episodes'), /bruise seen at school/);
    assert.match(await text(driver, '#finding-detail h2'), new RegExp(`Finding 1: ${FINDING}`));
    await driver.executeScript("document.querySelector('#info-banner').hidden = true;");
    await shot(driver, 'findings');

    // Through to the flag, and back to the episode.
    await click(driver, `#finding-flags [data-flag-link="${flagId}"]`);
    await visible(driver, '[data-screen="flags"]');
    await driver.wait(async () => (await attr(driver, `[data-flag-id="${flagId}"]`, 'aria-pressed')) === 'true', WAIT, 'the flag is shown');
    // The flag names the finding resting on it.
    await driver.wait(async () => (await text(driver, '#flag-findings')).includes(FINDING), WAIT, 'the flag lists the finding');
    await shot(driver, 'flag-finding');
    await go(driver, 'episodes');
    await visible(driver, '#findings-part');
    await click(driver, `#finding-episodes [data-episode-link="${episode.id}"]`);
    await visible(driver, '#episodes-part');
    await driver.wait(async () => (await (await $(driver, '#episode-title')).getAttribute('value')) === EPISODE, WAIT, 'the episode is shown');
    assert.equal(await attr(driver, '#part-episodes', 'aria-selected'), 'true');
    // The episode names the finding resting on it, and starts another.
    await driver.wait(async () => /Finding 1: /.test(await text(driver, '#episode-findings')), WAIT, 'the episode lists the finding');
    assert.match(await text(driver, '#episode-findings'), new RegExp(FINDING));
    await click(driver, '#episode-write-finding');
    await visible(driver, '#finding-title');
    assert.equal(await driver.executeScript(`return document.querySelector('#finding-episode-choices input[value="${episode.id}"]').checked`), true, 'the new finding starts on the episode');
    await click(driver, '#finding-cancel');
    await $(driver, '#finding-edit');
  } finally {
    await driver.quit();
  }
  const listed = JSON.parse(execFileSync(CLI, ['finding', 'list', review, '--json'], { env }));
  assert.equal(listed.length, 1, JSON.stringify(listed));
  assert.equal(listed[0].title, FINDING);
  assert.deepEqual(listed[0].episodes, [episode.id]);
  assert.deepEqual(listed[0].flags, [flagId]);
});

test('export writes the PDF to the chosen path', async () => {
  const pdf = join(work, 'out', 'Child A report.pdf');
  mkdirSync(dirname(pdf), { recursive: true });
  const driver = await launch();
  try {
    await visible(driver, '[data-screen="timeline"]');
    await go(driver, 'export');
    // Anonymising shows the redaction check: names the anonymiser does not
    // know (the demo's professionals are not in its glossary).
    await click(driver, '#export-anonymise');
    await driver.wait(async () => /may be names/.test(await text(driver, '#redaction-check')), WAIT, 'the redaction check lists words left');
    assert.match(await text(driver, '#redaction-list'), /Pritchard/);
    await shot(driver, 'export-redaction-check');
    await click(driver, '#export-anonymise');
    const path = await $(driver, '#export-path');
    await path.clear();
    await path.sendKeys(pdf);
    await (await $(driver, '#export-run')).click();
    await visible(driver, '#export-result');
    await driver.wait(async () => /pages?/i.test(await text(driver, '#export-result')), WAIT);
    await shot(driver, 'export-done');
    // The working papers beside it: the merged chronology as a workbook.
    await click(driver, '#export-xlsx');
    await driver.wait(async () => /Working papers written/.test(await text(driver, '#export-result')), WAIT);
  } finally {
    await driver.quit();
  }
  const xlsx = join(work, 'out', 'Child A report-chronology.xlsx');
  assert.ok(existsSync(xlsx), 'the workbook is on disk');
  assert.equal(readFileSync(xlsx).subarray(0, 2).toString(), 'PK');
  assert.ok(existsSync(pdf), 'the PDF is on disk');
  assert.ok(statSync(pdf).size > 10_000);
  assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
  // The key practice episode marked on the timeline has its section.
  const words = execFileSync('pdftotext', ['-layout', pdf, '-'], { maxBuffer: 64 << 20 }).toString();
  assert.match(words, /Key practice episodes/);
  assert.ok(words.replace(/\s+/g, ' ').includes(EPISODE), 'the episode\'s title is in the report');
  // So has the panel's finding resting on it.
  assert.match(words, /The panel's findings/);
  assert.ok(words.replace(/\s+/g, ' ').includes(FINDING), 'the finding\'s title is in the report');
});

test('without a passphrase the app asks for one, and refuses a wrong one', async () => {
  const { SIGHTLINE_PASSPHRASE, ...bare } = env;
  // tauri-driver passes its own environment on; a second driver without the passphrase.
  const p2 = await freePort();
  const n2 = await freePort();
  const d2 = spawn('tauri-driver', ['--port', String(p2), '--native-port', String(n2)], { env: bare, stdio: 'ignore' });
  try {
    await waitForPort(p2, 20_000);
    const driver = await new Builder()
      .usingServer(`http://127.0.0.1:${p2}/`)
      .withCapabilities({ browserName: 'wry', 'tauri:options': { application: APP, args: [review] } })
      .build();
    try {
      await visible(driver, '[data-screen="open"]');
      const pass = await visible(driver, '#open-passphrase');
      await pass.sendKeys('not the passphrase');
      await (await $(driver, '#open-run')).click();
      await visible(driver, '#open-error');
      await driver.wait(async () => /passphrase/i.test(await text(driver, '#open-error')), WAIT);
      await shot(driver, 'open');
      await pass.clear();
      await pass.sendKeys(PASSPHRASE);
      // The reviewer's name, for the review's audit log.
      const who = await $(driver, '#open-reviewer');
      await who.clear();
      await who.sendKeys('Jane Doe');
      await (await $(driver, '#open-run')).click();
      await visible(driver, '[data-screen="timeline"]');
      await driver.wait(async () => /Changes recorded as Jane Doe/.test(await text(driver, '#status-reviewer')), WAIT, 'the status bar names the reviewer');
    } finally {
      await driver.quit();
    }
  } finally {
    d2.kill();
  }
});

test('a panel switches a rule off and sets a threshold for its area, and the flags follow', async () => {
  const driver = await launch();
  const ruleFlags = async (rule) => (await appFlags(driver)).filter((f) => f.rule === rule).length;
  // The panel redraws when the rules or the flags change: read and type
  // through the page, not through an element that may have gone.
  const textOf = (css) => driver.executeScript('const e = document.querySelector(arguments[0]); return e ? e.textContent : "";', css);
  const typeInto = (css, value) => driver.executeScript(
    'const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event("input", { bubbles: true }));', css, value);
  try {
    await visible(driver, '[data-screen="timeline"]');
    await go(driver, 'flags');
    await analysisReady(driver);
    await click(driver, '#rules-open');
    await driver.wait(async () => /Late child protection conference/.test(await textOf('#rule-list')), WAIT, 'the rules panel lists the rules');
    const panel = await textOf('#flag-detail');
    for (const basis of ['statutory', 'national guidance', 'local procedure', 'Sightline default']) {
      assert.ok(panel.includes(basis), `the rules panel names the basis "${basis}"`);
    }
    assert.match(panel, /Severity: High when/, 'each rule says how it sets severity');
    const before = await ruleFlags('late-conference');
    assert.ok(before > 0, 'the demo has late conferences');

    // Off: its flags go.
    await click(driver, '#rule-on-late-conference');
    await driver.wait(async () => (await ruleFlags('late-conference')) === 0, WAIT, 'the late-conference flags go');
    await driver.wait(async () => /Off/.test(await textOf('[data-rule-id="late-conference"] .rule-switch')), WAIT, 'the switch says off');
    await settle(driver, 1500);

    // A local figure for the strategy discussion: shown beside the default.
    await typeInto('#th-no-strategy-discussion-working_days', '10');
    await click(driver, '[data-rule-id="no-strategy-discussion"] [data-set="working_days"]');
    await driver.wait(async () => /changed; default 3/.test(await textOf('[data-rule-id="no-strategy-discussion"]')), WAIT, 'the change shows beside the default');
    await settle(driver);
    await shot(driver, 'rules');

    // Back as they were, for the file's other readers.
    await click(driver, '#rule-on-late-conference');
    await driver.wait(async () => (await ruleFlags('late-conference')) === before, WAIT, 'the late-conference flags come back');
    await typeInto('#th-no-strategy-discussion-working_days', '3');
    await click(driver, '[data-rule-id="no-strategy-discussion"] [data-set="working_days"]');
    await driver.wait(async () => !/changed; default/.test(await textOf('[data-rule-id="no-strategy-discussion"]')), WAIT, 'the default is back');
  } finally {
    await driver.quit();
  }
});
