// Measures the widget in Debian's Chromium against a real duet-server and prints a Markdown section
// for docs/benchmarks.md. Every loop is bounded; figures are reported, never asserted.
import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {loadavg} from 'node:os';
import {gzipSync, brotliCompressSync, constants} from 'node:zlib';
import {DuetServer, waitFor} from '../../tests/browser/lib/server.mjs';
import {launch, widgetFrame} from '../../tests/browser/lib/browser.mjs';

const dist = process.env.DUET_WEB_DIST;
const server = new DuetServer({server: process.env.DUET_SERVER, dist});
const kb = (n) => (n / 1024).toFixed(1);
const gz = (buf) => gzipSync(buf, {level: 9}).length;
// What the server sends gzip-encoded: the build's FILE.gz (zopfli or gzip -9), else gzip -9 here.
const shipped = (file, raw) => { try { return statSync(file + '.gz').size; } catch { return gz(raw); } };
const br = (buf) => brotliCompressSync(buf, {params: {[constants.BROTLI_PARAM_QUALITY]: 11}}).length;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const loader = readFileSync(join(dist, 'duet.js'));
await server.start();
const browser = await launch(process.env.DUET_CHROMIUM || '/usr/bin/chromium');
const rows = [];
try {
  // Long tasks while the demo page loads with the loader, and what it requests before intent.
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); })
      .observe({type: 'longtask', buffered: true});
  });
  const early = [];
  page.on('request', (r) => early.push(new URL(r.url()).pathname));
  await page.goto(`${server.url}/demo/checkout`);
  await page.waitForFunction(() => !!window.Duet);
  await page.waitForTimeout(2000);
  const longTasks = await page.evaluate(() => window.__longTasks);
  const beforeIntent = early.filter((p) => !p.startsWith('/demo/') && p !== '/duet.js');
  await page.close();

  // Open -> interactive (composer in the DOM mirror after the first frame), cold cache each time.
  const opens = [];
  const firstFrames = [];
  let fetched = [];
  for (let run = 0; run < 5; ++run) {
    const ctx = await launch(process.env.DUET_CHROMIUM || '/usr/bin/chromium');
    const p = await ctx.newPage();
    const responses = [];
    p.on('response', async (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/demo/') || path === '/duet.js' || r.status() !== 200) return;
      try { responses.push({path, bytes: (await r.request().sizes()).responseBodySize, encoding: r.headers()['content-encoding'] || ''}); } catch { /* gone */ }
    });
    await p.goto(`${server.url}/demo/checkout`);
    await p.waitForFunction(() => !!window.Duet);
    const t0 = Date.now();
    await p.evaluate(() => window.Duet.open());
    const f = await widgetFrame(p);
    await waitFor('the composer', () => f.evaluate(() => !!document.querySelector('[data-id="composer"]') && window.duet.frames() > 0).catch(() => false),
                  {timeout: 20000, every: 5});
    opens.push(Date.now() - t0);
    firstFrames.push(await f.evaluate(() => window.duet.module.firstFrameMs || 0));
    if (run === 0) {
      await p.waitForTimeout(1000);
      fetched = responses.slice();
      // Idle frames: 10 s with nothing happening.
      await p.mouse.move(2, 2);
      await p.waitForTimeout(1000);
      const a = await f.evaluate(() => window.duet.frames());
      await p.waitForTimeout(10000);
      const b = await f.evaluate(() => window.duet.frames());
      rows.push(['frames rendered during 10 s idle (widget open)', `${b - a}`, '0']);
    }
    await ctx.close();
  }

  // The same after the customer hovered the launcher (the loader prefetches the widget hidden).
  const hovered = [];
  for (let run = 0; run < 3; ++run) {
    const ctx = await launch(process.env.DUET_CHROMIUM || '/usr/bin/chromium');
    const p = await ctx.newPage();
    await p.goto(`${server.url}/demo/checkout`);
    await p.waitForFunction(() => !!window.Duet);
    const {width, height} = p.viewportSize();
    await p.mouse.move(width - 48, height - 48);
    const f = await widgetFrame(p);
    await waitFor('the prefetched widget', () => f.evaluate(() => !!(window.duet && window.duet.module)).catch(() => false), {timeout: 20000});
    await p.waitForTimeout(300);
    const t0 = Date.now();
    await p.evaluate(() => window.Duet.open());
    await waitFor('the composer', () => f.evaluate(() => !!document.querySelector('[data-id="composer"]') && window.duet.frames() > 0).catch(() => false),
                  {timeout: 20000, every: 5});
    hovered.push(Date.now() - t0);
    await ctx.close();
  }

  const onOpenWire = fetched.reduce((s, r) => s + r.bytes, 0);
  // The same files compressed here (what the .gz copies weigh), by kind.
  const kinds = {};
  for (const r of fetched) {
    const file = join(dist, r.path.endsWith('/') ? r.path + 'index.html' : r.path);
    let raw;
    try { raw = readFileSync(file); } catch { continue; }
    const kind = /\.wasm$/.test(file) ? 'wasm' : /\.ttf$/.test(file) ? 'font' : /\.js$/.test(file) ? 'JS' : 'HTML/CSS';
    kinds[kind] = kinds[kind] || {raw: 0, gz: 0};
    kinds[kind].raw += raw.length;
    kinds[kind].gz += shipped(file, raw);
  }
  const total = Object.values(kinds).reduce((s, k) => s + k.gz, 0);

  console.log('## Widget (bench/widget.sh)\n');
  console.log(`Debian Chromium ${execFileSync('/usr/bin/chromium', ['--version']).toString().trim().split(' ')[1]} headless (SwiftShader WebGL2), duet-server on 127.0.0.1, ${new Date().toISOString().slice(0, 10)}; machine load average ${loadavg()[0].toFixed(1)} (timings grow with it).\n`);
  console.log('| what | measured | budget |\n| --- | --- | --- |');
  console.log(`| loader \`duet.js\` raw / gzip (shipped .gz) / gzip -9 / brotli | ${loader.length} B / ${shipped(join(dist, 'duet.js'), loader)} B / ${gz(loader)} B / ${br(loader)} B | ≤ 2048 B gzip |`);
  console.log(`| requests before intent (besides the page and duet.js) | ${beforeIntent.length} | 0 |`);
  console.log(`| long tasks (> 50 ms) while the demo page loads | ${longTasks.length}${longTasks.length ? ' (' + longTasks.map((d) => d.toFixed(0) + ' ms').join(', ') + ')' : ''} | 0 |`);
  for (const [kind, k] of Object.entries(kinds)) console.log(`| on open: ${kind} raw / gzip | ${kb(k.raw)} KB / ${kb(k.gz)} KB | |`);
  console.log(`| **everything fetched on open, gzip** | **${kb(total)} KB** (${kb(onOpenWire)} KB on the wire, ${fetched.length} requests) | ≤ 180 KB |`);
  console.log(`| open → interactive (median of 5, cold cache) | ${median(opens)} ms (${opens.join(', ')}) | ≤ 300 ms |`);
  console.log(`| open → interactive after hovering the launcher (median of 3) | ${median(hovered)} ms (${hovered.join(', ')}) | ≤ 300 ms |`);
  for (const r of rows) console.log(`| ${r[0]} | ${r[1]} | ${r[2]} |`);
  console.log('\nFetched on open: ' + fetched.map((r) => `\`${r.path}\`${r.encoding ? ' (' + r.encoding + ')' : ''}`).join(', ') + '.');
  console.log(`
Notes. "gzip" figures are the \`.gz\` copies the build ships (zopfli when installed: ordinary gzip
streams, about 5% smaller than gzip -9); "on the wire" is what the server actually sent. Open → interactive is from \`Duet.open()\` with nothing
prefetched to the message box in the DOM mirror after the first frame; headless Chromium renders WebGL
with SwiftShader on the CPU, and the first frame (context, shaders, font atlas) took
${firstFrames.length ? median(firstFrames).toFixed(0) : '?'} ms of it here. With the launcher hovered or
focused first (the loader then loads the widget hidden), opening needs only that first frame. The wasm is
Dear ImGui, the protocol codec with nlohmann/json (which also decodes the agent-side messages the widget
never receives), the client session and the views, built -Oz with link-time optimisation of our code and
ImGui; Emscripten's own libraries are linked without it (Debian's frozen cache has no LTO builds).`);
} finally {
  await browser.close();
  await server.dispose();
}
