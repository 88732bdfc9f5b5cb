// Benchmark of the real app's timeline on a large review: time from launch
// to the first painted lanes, then frame times while panning and zooming.
// Run through benches/app_timeline.sh, which builds the app and the review.
//
// Usage: node timeline-bench.mjs REVIEW (SIGHTLINE_PASSPHRASE in env,
// tauri-driver on $TAURI_DRIVER_PORT, a display).

import { Builder, By, until } from 'selenium-webdriver';

const review = process.argv[2];
const app = process.env.SIGHTLINE_APP;
const port = process.env.TAURI_DRIVER_PORT || '4444';
const FRAMES = Number(process.env.FRAMES || 240);

const t0 = performance.now();
const driver = await new Builder()
  .usingServer(`http://127.0.0.1:${port}/`)
  .withCapabilities({ browserName: 'wry', 'tauri:options': { application: app, args: [review] } })
  .build();
try {
  const canvas = await driver.wait(until.elementLocated(By.css('#timeline-canvas')), 120_000);
  const windowUp = performance.now();
  await driver.wait(async () => Number(await canvas.getAttribute('data-items')) > 0, 120_000);
  const painted = performance.now();
  const lanes = JSON.parse(await canvas.getAttribute('data-lanes'));
  await driver.manage().setTimeouts({ script: 600_000 });
  console.error(`first paint after ${Math.round(painted - t0)} ms`);
  const records = await driver.executeScript(
    'return window.__TAURI_INTERNALS__.invoke("review_info").then(r => r.records)',
  );

  // Pan (wheel) for half of the frames, zoom (ctrl+wheel) in and out for
  // the rest; one event per animation frame, as a trackpad sends them.
  const result = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     const frames = arguments[0];
     const c = document.querySelector('#timeline-canvas');
     const r = c.getBoundingClientRect();
     const times = [];
     let i = 0, last = null;
     function step(ts) {
       if (last !== null) times.push(ts - last);
       last = ts;
       if (i >= frames) { done(times); return; }
       const zoom = i >= frames / 2;
       const phase = zoom ? (i - frames / 2) : i;
       const dir = Math.floor(phase / 30) % 2 === 0 ? 1 : -1;
       c.dispatchEvent(new WheelEvent('wheel', {
         deltaX: 0, deltaY: zoom ? dir * -40 : dir * 60, ctrlKey: zoom,
         clientX: r.left + r.width * 0.6, clientY: r.top + r.height / 2,
         bubbles: true, cancelable: true,
       }));
       i++;
       requestAnimationFrame(step);
     }
     requestAnimationFrame(step);`,
    FRAMES,
  );
  const sorted = [...result].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const slow = result.filter((t) => t > 1000 / 60 + 1).length;
  console.log(JSON.stringify({
    records,
    lanes: lanes.length,
    window_shown_ms: Math.round(windowUp - t0),
    first_paint_ms: Math.round(painted - t0),
    frames: result.length,
    frame_ms: { median: +q(0.5).toFixed(1), p95: +q(0.95).toFixed(1), max: +sorted[sorted.length - 1].toFixed(1) },
    frames_over_17ms: slow,
  }, null, 2));
} finally {
  await driver.quit();
}
