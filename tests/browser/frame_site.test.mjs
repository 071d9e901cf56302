// The framed widget takes its site key from its own URL only (web/static/widget-shell.js): a page
// that frames /widget/?site=demo and answers the widget's hello with a `start` naming another site
// (one that exists, "other") still gets the demo site's widget and a demo conversation.
// Run: DUET_SERVER=.../duet-server DUET_WEB_DIST=.../web/dist node --experimental-websocket --test frame_site.test.mjs
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {DuetServer, config, freePort, waitFor} from './lib/server.mjs';
import {RawCustomer} from './lib/customer.mjs';
import {launch, screenshot, sendMessage, waitForLine, widgetFrame, widgetReady} from './lib/browser.mjs';

const cfg = config();
let server, browser, port;

before(async () => {
  port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const file = join(mkdtempSync(join(tmpdir(), 'duet-frame-')), 'config.json');
  // allow_missing_origin: node's raw socket below sends no Origin.
  writeFileSync(file, JSON.stringify({sites: [{key: 'other', origins: [origin], allow_missing_origin: true}]}));
  server = new DuetServer(cfg, {args: ['--config', file]});
  await server.start(port);
  browser = await launch(cfg.chromium);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.dispose();
});

// A page of the server's own origin (so both sites let it frame the widget) that plays the loader
// but says `site: "other"` in its start message, and keeps what the widget tells it.
const framer = `<!doctype html><html lang="en"><body>
<iframe id="w" src="/widget/?site=demo" title="Chat" style="width:380px;height:600px;border:0"></iframe>
<script>
window.events = [];
addEventListener('message', function (e) {
  var f = document.getElementById('w');
  if (e.source !== f.contentWindow || !e.data || !e.data.duet) return;
  if (e.data.hello) {
    f.contentWindow.postMessage({duet: 1, cmd: {type: 'start', site: 'other', locale: 'en', brand: '', resume: '',
                                                outbox: '', context: {page: location.href}, open: true}}, location.origin);
    f.contentWindow.postMessage({duet: 1, cmd: {type: 'open', focus: true}}, location.origin);
  } else if (e.data.event) {
    window.events.push(e.data.event);
  }
});
</script></body></html>`;

test('a start message naming another site still gets the widget of the key in the frame URL', async () => {
  const page = await browser.newPage();
  await page.route(`${server.url}/framer.html`, (route) =>
    route.fulfill({status: 200, contentType: 'text/html; charset=utf-8', body: framer}));
  await page.goto(`${server.url}/framer.html`);
  const frame = await widgetFrame(page);
  await widgetReady(frame);
  await waitFor('the widget to be ready', () => page.evaluate(() => window.events.some((e) => e.type === 'ready')),
                {timeout: 20000});
  const text = 'How does Duet Pay work?';
  await sendMessage(page, frame, text);
  await waitForLine(frame, 'the message delivered', (l) => l.text === `You: ${text}` && !l.pending);
  await waitForLine(frame, 'the AI answer', (l) => l.text.startsWith('AI assistant: '));
  await page.waitForTimeout(300);
  await screenshot(page, cfg.artifacts, 'h4-framed-other-site');

  // The conversation is the demo site's: its resume token opens it under "demo", and is refused
  // under "other" (a token for another site).
  const persisted = await page.evaluate(() => window.events.filter((e) => e.type === 'persist' && e.resume).at(-1));
  assert.ok(persisted, 'the widget handed a resume token to the page');
  const asDemo = new RawCustomer(server.url);
  const demo = await asDemo.connect({site: 'demo', resume: persisted.resume, last_seq: 0});
  const all = [...(demo.events || [])];
  assert.ok(all.some((e) => e.kind === 'message' && e.text === text), 'the demo conversation has the message');
  assert.equal(asDemo.frames.filter((f) => f.type === 'error').length, 0, 'no error resuming under demo');
  asDemo.close();
  const asOther = new RawCustomer(server.url);
  const other = await asOther.connect({site: 'other', resume: persisted.resume, last_seq: 0});
  const refusal = asOther.frames.find((f) => f.type === 'error');
  assert.equal(refusal && refusal.code, 'bad_resume_token', 'not a conversation of "other"');
  assert.notEqual(other.conversation, demo.conversation);
  asOther.close();
  await page.close();
});
