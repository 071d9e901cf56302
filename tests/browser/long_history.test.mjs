// A returning customer with a long conversation, in Debian's Chromium against a real duet-server
// whose replay pages are small (limits.replay_page_events 10): the conversation is built over a raw
// WebSocket from node, its resume token put where the loader keeps it, and the widget resumes it.
// The customer sees the whole transcript once and in order; the page gets no `message` events (nor
// unread counts) for history, only for what is new.
// Run: DUET_SERVER=.../duet-server DUET_WEB_DIST=.../web/dist node --experimental-websocket --test long_history.test.mjs
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {DuetServer, config, waitFor} from './lib/server.mjs';
import {RawCustomer} from './lib/customer.mjs';
import {launch, screenshot, sendMessage, transcript, waitForLine, widgetFrame, widgetReady} from './lib/browser.mjs';

const cfg = config();
const kPage = 10;
const questions = ['How long does delivery take?', 'Can I return the shoes?', 'How does Duet Pay work?',
                   'Where is my parcel?', 'Do you ship to Norway?', 'Can I change my order?'];
let server, browser;
const said = [];       // what the customer wrote, in order
let history = [];      // every customer-visible event, as the server replays it

before(async () => {
  // Small pages, and rates that let the setup write 30 messages quickly.
  server = new DuetServer(cfg, {config: {limits: {replay_page_events: kPage, messages_per_s: 1000, burst: 1000,
                                                        ip_messages_per_s: 1000, ip_burst: 1000}}});
  await server.start();
  browser = await launch(cfg.chromium);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.dispose();
});

let token;

test('a conversation of 60+ events is built over a raw WebSocket and replays in pages of 10', async () => {
  const c = new RawCustomer(server.url);
  const welcome = await c.connect({site: 'demo'});
  assert.ok(welcome.conversation && welcome.resume);
  for (let i = 0; i < 30; ++i) {
    const text = `${questions[i % questions.length]} (${i + 1})`;
    await c.say(text);
    said.push(text);
    // The assistant answers each one before the next (so the transcript alternates as a chat does).
    await waitFor(`the AI answer ${i + 1}`, () =>
      c.liveEvents().filter((e) => e.kind === 'message' && e.speaker === 'ai').length >= i + 1, {timeout: 15000});
  }
  c.close();
  const reader = new RawCustomer(server.url);
  const resumed = await reader.connect({site: 'demo', resume: welcome.resume, last_seq: 0});
  assert.equal(resumed.conversation, welcome.conversation);
  assert.equal(resumed.more, true, 'the welcome says more follows');
  const {pages, events} = await reader.readAll();
  reader.close();
  token = resumed.resume;
  history = events;
  assert.ok(events.length >= 60, `${events.length} events`);
  assert.ok(pages.every((p) => p.length <= kPage), `pages of at most ${kPage}: ${pages.map((p) => p.length)}`);
  assert.ok(pages.length >= 6, `${pages.length} pages`);
  const seqs = events.map((e) => e.seq);
  assert.deepEqual(seqs, [...new Set(seqs)].sort((a, b) => a - b), 'each seq once, in order');
  assert.deepEqual(events.filter((e) => e.kind === 'message' && e.speaker === 'customer').map((e) => e.text), said);
});

test('the widget resumes it: the whole transcript, in order, once, and no message events for history', async () => {
  assert.ok(token, 'the conversation was built');
  const page = await browser.newPage();
  // The page's listeners, registered as the loader appears (before the widget can say anything).
  await page.addInitScript(() => {
    window.seen = {message: [], ready: 0, unread: []};
    addEventListener('duet:load', () => {
      window.Duet.on('message', (m) => window.seen.message.push(m))
                 .on('ready', () => { window.seen.ready += 1; })
                 .on('unread', (n) => window.seen.unread.push(n));
    });
  });
  await page.goto(`${server.url}/demo/checkout`);
  await page.waitForFunction(() => !!window.Duet);
  // Where the loader keeps a returning customer's conversation (docs/embedding.md).
  await page.evaluate((t) => { localStorage.clear(); localStorage.setItem('duet:demo:resume', t); }, token);
  await page.reload();
  await page.waitForFunction(() => !!window.Duet);
  // The customer opens the chat (the loader's idle-time reconnect is not waited for: headless
  // Chromium may never run an idle callback in a background tab); `ready` says the transcript is all there.
  await page.evaluate(() => window.Duet.open());
  try {
    await waitFor('the widget to be ready', () => page.evaluate(() => window.seen.ready === 1), {timeout: 30000});
  } catch (e) {
    throw new Error(`${e.message}\nseen: ${JSON.stringify(await page.evaluate(() => window.seen))}\nframes: ${page.frames().map((f) => f.url())}\n${server.log.slice(-1500)}`);
  }
  const frame = await widgetFrame(page);
  await widgetReady(frame);

  const messages = history.filter((e) => e.kind === 'message');
  const lastSeq = history.at(-1).seq;
  let lines = [];
  try {
    await waitFor('every message of the history in the transcript', async () => {
      lines = await transcript(frame);
      const ids = new Set(lines.map((l) => l.id));
      return messages.every((m) => ids.has(`msg-${m.seq}`));
    }, {timeout: 20000});
  } catch (e) {
    throw new Error(`${e.message}\nshown: ${lines.map((l) => l.id).join(' ')}`);
  }
  const ids = lines.map((l) => l.id);
  assert.equal(new Set(ids).size, ids.length, 'no line twice');
  const seqs = ids.map((id) => /^msg-(\d+)$/.exec(id)).filter(Boolean).map((m) => +m[1]);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'lines in seq order');
  const known = new Set(history.map((e) => e.seq));
  assert.ok(seqs.every((s) => known.has(s)), 'every line is an event of the conversation');
  assert.equal(seqs.length, lines.length, 'nothing pending or invented');
  assert.deepEqual(lines.filter((l) => l.text.startsWith('You: ')).map((l) => l.text.slice(5)), said,
                   "the customer's own messages, all of them, in order");
  assert.equal(lines.filter((l) => l.text.startsWith('AI assistant: ')).length,
               messages.filter((m) => m.speaker === 'ai').length, 'every AI answer');
  await page.waitForTimeout(300);
  await screenshot(page, cfg.artifacts, 'h1-long-history');

  const seen = await page.evaluate(() => window.seen);
  assert.deepEqual(seen.message, [], 'history fires no message events');
  assert.ok(seen.unread.every((n) => !n), `history is not unread: ${seen.unread}`);
  assert.equal(seen.ready, 1);

  // What is new after the history is news: the page hears of it, once, with a later seq.
  const text = 'One more thing: can I pay by invoice?';
  await sendMessage(page, frame, text);
  await waitForLine(frame, 'the new message delivered', (l) => l.text === `You: ${text}` && !l.pending);
  await waitFor('message events for the new question and its answer', () => page.evaluate(() =>
    window.seen.message.some((m) => m.speaker === 'ai')), {timeout: 15000});
  const fresh = await page.evaluate(() => window.seen.message);
  assert.equal(fresh.filter((m) => m.speaker === 'customer' && m.text === text).length, 1);
  assert.ok(fresh.every((m) => m.seq > lastSeq), 'only events after the history');
  assert.equal(new Set(fresh.map((m) => m.seq)).size, fresh.length, 'each once');
  await page.close();
});
