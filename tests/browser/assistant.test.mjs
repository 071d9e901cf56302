// The assistant converses, seen from the customer's side in Debian's Chromium against a real
// duet-server: a greeting is answered as a greeting, a question with its article, a question it cannot
// answer with an honest "not sure" and the one-tap offer card; "yes" queues (the queue card with the
// place), the assistant keeps answering while the customer waits, and one tap leaves the queue. Then,
// with no one available: "No thanks" on the card goes to the assistant, and the offline card keeps
// the composer and its own way back. Screenshots of each step go to tests/artifacts (assistant-*).
// Run: DUET_SERVER=.../duet-server DUET_WEB_DIST=.../web/dist node --experimental-websocket --test assistant.test.mjs
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {DuetServer, config, waitFor} from './lib/server.mjs';
import {TestAgent} from './lib/agent.mjs';
import {announcements, clickOnCanvas, frames, launch, nodeText, openFromLauncher, recordAnnouncements, screenshot,
        sendMessage, transcript, waitForReply} from './lib/browser.mjs';

const cfg = config();
let server, browser, token, agent, page, frame;
const shot = async (name, p = page) => { await p.waitForTimeout(300); await screenshot(p, cfg.artifacts, `assistant-${name}`); };
const unsure = /not sure|rather not guess/i;
// In the widget's domain (a payment question) but in no article: the assistant must not invent.
const unanswerable = 'Can I get the invoice as a fax?';

async function humanButton(f = frame) {
  return waitFor('the Talk to a human button', () => nodeText(f, 'talk_to_human'));
}

// Asks, waits for the assistant's reply to it and returns the reply's text (without the speaker).
async function ask(text, f = frame, p = page) {
  await sendMessage(p, f, text);
  const reply = await waitForReply(f, text);
  return reply.text.slice('AI assistant: '.length);
}

before(async () => {
  server = new DuetServer(cfg);
  token = server.addAgent('Anna');
  await server.start();
  browser = await launch(cfg.chromium);
  // A person is online, so "yes" puts the customer in the queue (nobody accepts: they keep waiting).
  agent = await new TestAgent(server.url, token).connect();
});

after(async () => {
  if (agent) agent.close();
  if (browser) await browser.close();
  if (server) await server.dispose();
});

test('"hello" is answered as a greeting, not with "I\'m not sure"', async () => {
  page = await browser.newPage();
  await page.goto(`${server.url}/demo/checkout`);
  await page.waitForFunction(() => !!window.Duet);
  frame = await openFromLauncher(page);
  await waitFor('the greeting', () => nodeText(frame, 'greeting'));
  await recordAnnouncements(frame);
  const reply = await ask('hello');
  assert.doesNotMatch(reply, unsure);
  assert.match(reply, /help/i);
  assert.equal(await nodeText(frame, 'offer_human'), null, 'a greeting offers no human');
  await shot('01-hello');
});

test('a question gets its answer', async () => {
  const reply = await ask('How does Duet Pay work?');
  assert.doesNotMatch(reply, unsure);
  assert.match(reply, /Duet Pay/);
  await shot('02-answer');
});

test('a question it cannot answer: an honest "not sure" and the one-tap offer, together', async () => {
  const reply = await ask(unanswerable);
  // Honest, never invented; whatever the words, they offer a person.
  assert.match(reply, /not sure|rather not guess|don't have a reliable answer|a person/i);
  assert.doesNotMatch(reply, /Duet Pay is/, 'no article pretending to answer it');
  // The words offer a person, so the buttons are there too (text and buttons never disagree).
  assert.equal(await waitFor('the offer card', () => nodeText(frame, 'offer_human')), 'Yes, talk to a human');
  assert.equal(await nodeText(frame, 'offer_decline'), 'No thanks');
  assert.equal(await humanButton(), 'Talk to a human');
  await shot('03-offer');
});

test('"yes" to the offer queues at once: the queue card with the place, and a way out', async () => {
  await sendMessage(page, frame, 'yes');
  const queue = await waitFor('the queue card', async () => {
    const text = await nodeText(frame, 'queue');
    return text && /in the queue/.test(text) ? text : null;
  });
  assert.match(queue, /^You're (number \d+|next) in the queue/);
  assert.equal(await nodeText(frame, 'offer_human'), null, 'the offer card is gone once answered');
  assert.equal(await nodeText(frame, 'leave_queue'), "I'm all set — leave the queue");
  assert.equal(await humanButton(), 'Talk to a human', 'still reachable (idempotent)');
  assert.equal(await frame.locator('[data-id="talk_to_human"]').getAttribute('aria-pressed'), 'true');
  const lines = (await transcript(frame)).map((l) => l.text);
  const yes = lines.lastIndexOf('You: yes');
  assert.ok(yes >= 0);
  assert.ok(!lines.slice(yes + 1).some((l) => unsure.test(l)), 'no "not sure" loop after "yes"');
  await shot('04-queued');
});

test('while waiting, a question is answered and the place is kept', async () => {
  const reply = await ask('How do I return an item?');
  assert.doesNotMatch(reply, unsure);
  assert.match(await nodeText(frame, 'queue'), /in the queue/, 'still in the queue');
  assert.ok(await frame.locator('[data-id="composer"]').isVisible(), 'the composer stays usable');
  await shot('05-answered-while-waiting');
  // The same screen in German and Swedish: the longer labels still fit their buttons.
  for (const [locale, label] of [['de-DE', 'Erledigt — Warteschlange verlassen'], ['sv-SE', 'Jag har fått hjälp — lämna kön']]) {
    await page.evaluate((l) => window.Duet.setLocale(l), locale);
    await waitFor(`the ${locale} label`, async () => (await nodeText(frame, 'leave_queue')) === label);
    await shot(`05-waiting-${locale}`);
  }
  await page.evaluate(() => window.Duet.setLocale('en'));
  await waitFor('English again', async () => (await nodeText(frame, 'leave_queue')) === "I'm all set — leave the queue");
});

test('"I\'m all set — leave the queue": back with the assistant in one tap', async () => {
  await clickOnCanvas(page, frame, 'leave_queue');
  await waitFor('the queue card to go', async () => (await nodeText(frame, 'queue')) === null);
  await waitFor('the AI view', async () => /AI assistant · replies instantly/.test(await nodeText(frame, 'title')));
  assert.equal(await nodeText(frame, 'leave_queue'), null);
  assert.equal(await humanButton(), 'Talk to a human');
  assert.equal(await frame.locator('[data-id="talk_to_human"]').getAttribute('aria-pressed'), null);
  const lines = (await transcript(frame)).map((l) => l.text);
  assert.equal(lines[lines.length - 1], "You're back with the AI assistant");
  // The agent's offer is withdrawn: the conversation left the queue.
  const reply = await ask('thanks!');
  assert.doesNotMatch(reply, unsure);
  await shot('06-left-queue');
});

test('the live region read each AI answer once, never the pieces or our own words', async () => {
  const said = await announcements(frame);
  const answers = (await transcript(frame)).filter((l) => l.text.startsWith('AI assistant: ')).map((l) => l.text);
  for (const a of answers) assert.equal(said.filter((x) => x === a).length, 1, `announced once: ${a}`);
  assert.equal(said.filter((x) => x.startsWith('You: ')).length, 0);
});

test('zero frames are rendered while idle', async () => {
  await page.mouse.move(5, 5);
  await page.waitForTimeout(1000);
  const start = await frames(frame);
  await page.waitForTimeout(3000);
  assert.equal((await frames(frame)) - start, 0);
});

test('no one available: "No thanks" goes to the assistant; the offline card keeps the chat and a way back', async () => {
  agent.send({type: 'status', available: false, capacity: 3});
  const p = await browser.newPage();
  await p.goto(`${server.url}/demo/checkout`);
  await p.evaluate(() => localStorage.clear());
  await p.reload();
  await p.waitForFunction(() => !!window.Duet);
  const f = await openFromLauncher(p);
  await waitFor('the greeting', () => nodeText(f, 'greeting'));
  assert.match(await ask(unanswerable, f, p), unsure);
  await waitFor('the offer card', () => nodeText(f, 'offer_human'));
  await clickOnCanvas(p, f, 'offer_decline');
  const no = await waitForReply(f, 'No thanks');
  assert.doesNotMatch(no.text, unsure, 'the assistant answers the "no" and stays');
  assert.equal(await nodeText(f, 'offer_human'), null, 'the card is gone once answered');
  await shot('07-no-thanks', p);

  await clickOnCanvas(p, f, 'talk_to_human');
  await waitFor('the offline card', () => nodeText(f, 'open_offline_form'));
  assert.equal(await nodeText(f, 'leave_queue'), "I'm all set — back to the assistant");
  assert.ok(await f.locator('[data-id="composer"]').isVisible(), 'the composer stays usable offline');
  await shot('08-offline-card', p);
  const reply = await ask('How do I return an item?', f, p);
  assert.doesNotMatch(reply, unsure);
  await clickOnCanvas(p, f, 'open_offline_form');
  await waitFor('the offline form', () => nodeText(f, 'contact'));
  await shot('09-offline-form', p);
  await clickOnCanvas(p, f, 'back_to_chat');
  await waitFor('the composer back', () => nodeText(f, 'composer'));
  await clickOnCanvas(p, f, 'leave_queue');
  await waitFor('the AI view', async () => /AI assistant · replies instantly/.test(await nodeText(f, 'title')));
  assert.equal(await nodeText(f, 'open_offline_form'), null);
  await shot('10-offline-left', p);
  await p.close();
});
