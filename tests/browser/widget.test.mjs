// The customer widget end to end in Debian's Chromium against a real duet-server: the demo page,
// the AI answer, the handoff to a named human, reload, a cut connection, Unicode, the live region,
// keyboard-only use, idle frames, the phone layout. Screenshots of each screen go to tests/artifacts.
// Run: DUET_SERVER=.../duet-server DUET_WEB_DIST=.../web/dist node --experimental-websocket --test widget.test.mjs
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {DuetServer, config, waitFor} from './lib/server.mjs';
import {TestAgent} from './lib/agent.mjs';
import {announcements, clickOnCanvas, frames, launch, nodeText, recordAnnouncements, screenshot, sendMessage,
        transcript, waitForLine, widgetFrame, widgetReady} from './lib/browser.mjs';

const cfg = config();
let server, browser, token, agent, page, frame, conversation;
const shot = (name, p = page) => screenshot(p, cfg.artifacts, name);
const question = 'How does Duet Pay work?';

async function humanButtonVisible(f = frame) {
  const label = await waitFor('the Talk to a human button', () => nodeText(f, 'talk_to_human'));
  assert.equal(label, 'Talk to a human');
  const box = await f.locator('[data-id="talk_to_human"]').boundingBox();
  assert.ok(box && box.width > 40 && box.height >= 30, 'the button has a real size');
}

async function openFromLauncher(p) {
  const {width, height} = p.viewportSize();
  await p.mouse.click(width - 20 - 28, height - 20 - 28);  // the launcher, bottom right
  const f = await widgetFrame(p);
  await widgetReady(f);
  return f;
}

before(async () => {
  server = new DuetServer(cfg);
  token = server.addAgent('Anna');
  await server.start();
  browser = await launch(cfg.chromium);
});

after(async () => {
  if (agent) agent.close();
  if (browser) await browser.close();
  if (server) await server.dispose();
});

test('the demo page loads only the launcher until the customer shows intent', async () => {
  page = await browser.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${server.url}/demo/checkout`);
  await page.waitForFunction(() => !!window.Duet);
  await page.waitForTimeout(800);
  assert.deepEqual(requests.filter((p) => /widget|wasm|fonts/.test(p)), [], 'nothing of the widget before intent');
  assert.equal(await page.evaluate(() => document.querySelectorAll('canvas, iframe').length), 0);
  await shot('01-demo-launcher');
});

test('open the widget from the demo page, ask the knowledge base, get the AI answer', async () => {
  frame = await openFromLauncher(page);
  await waitFor('the greeting', () => nodeText(frame, 'greeting'));
  await humanButtonVisible();
  await shot('02-greeting');
  await recordAnnouncements(frame);
  await sendMessage(page, frame, question);
  await waitForLine(frame, 'the question', (l) => l.text === `You: ${question}` && !l.pending);
  const answer = await waitForLine(frame, 'the AI answer', (l) => l.text.startsWith('AI assistant: '));
  assert.match(answer.text, /Duet Pay/);
  await humanButtonVisible();
  await page.waitForTimeout(300);
  await shot('03-ai-answer');
});

test('tap Talk to a human: the queue position, then a named human joins and replies', async () => {
  agent = await new TestAgent(server.url, token).connect();
  await clickOnCanvas(page, frame, 'talk_to_human');
  const queue = await waitFor('the queue card', () => nodeText(frame, 'queue'));
  assert.match(queue, /queue/i);
  await humanButtonVisible();
  await shot('04-waiting');
  conversation = await agent.offered();
  const snapshot = await agent.accept(conversation);
  assert.ok(snapshot.events.some((e) => e.kind === 'message' && e.text === question), 'the agent sees the story');
  await waitForLine(frame, 'the join line', (l) => l.text === 'Anna (human) joined');
  agent.say(conversation, "Hi, I'm Anna. I can see your order NO-10423.");
  await waitForLine(frame, "Anna's reply", (l) => l.text === "Anna, human agent: Hi, I'm Anna. I can see your order NO-10423.");
  await humanButtonVisible();
  await page.waitForTimeout(300);
  await shot('05-with-human');
});

test('Unicode goes both ways unchanged', async () => {
  const text = 'Grüße från Åsa — Ωμέγα, Жёлтый, 日本語, emoji 😀👍';
  await sendMessage(page, frame, text);
  await waitFor('the agent to receive it', () => agent.customerTexts(conversation).includes(text));
  agent.say(conversation, `Получил: ${text}`);
  await waitForLine(frame, 'the reply', (l) => l.text === `Anna, human agent: Получил: ${text}`);
  const copy = await frame.evaluate(() => document.querySelector('.m-transcript li:last-child').textContent);
  assert.ok(copy.endsWith(text), 'the transcript text is there to copy');
});

test('the live region announces each new message once, with its speaker', async () => {
  const said = await announcements(frame);
  const count = (s) => said.filter((x) => x === s).length;
  const lines = await transcript(frame);
  const ai = lines.find((l) => l.text.startsWith('AI assistant: '));
  assert.equal(count(ai.text), 1, 'the AI answer, once');
  assert.equal(count('Anna (human) joined'), 1);
  assert.equal(count("Anna, human agent: Hi, I'm Anna. I can see your order NO-10423."), 1);
  assert.equal(said.filter((x) => x.startsWith('You: ')).length, 0, "the customer's own words are not read back");
});

test('a reload shows the same conversation', async () => {
  const before = (await transcript(frame)).map((l) => l.text);
  await page.reload();
  await page.waitForFunction(() => !!window.Duet);
  const unread = await page.evaluate(() => localStorage.getItem('duet:demo:resume'));
  assert.ok(unread, 'the resume token is in the merchant origin\'s storage');
  await page.evaluate(() => window.Duet.open());
  frame = await widgetFrame(page);
  await widgetReady(frame);
  await waitFor('the same transcript', async () =>
    JSON.stringify((await transcript(frame)).map((l) => l.text)) === JSON.stringify(before));
  await humanButtonVisible();
});

test('cut the connection, type while it is down, reconnect: nothing is lost', async () => {
  const text = 'Typed while the network was down';
  await server.stop();
  await waitFor('the reconnecting banner', () => nodeText(frame, 'reconnecting'));
  await sendMessage(page, frame, text);
  await waitForLine(frame, 'the pending line', (l) => l.pending && l.text === `You: ${text}`);
  await humanButtonVisible();
  await page.waitForTimeout(300);
  await shot('06-reconnecting');
  await server.start(server.port);
  agent.close();
  agent = await new TestAgent(server.url, token).connect();
  await waitForLine(frame, 'the message delivered', (l) => !l.pending && l.text === `You: ${text}`, 30000);
  await waitFor('the banner to go', async () => (await nodeText(frame, 'reconnecting')) === null);
  const mine = (await transcript(frame)).filter((l) => l.text === `You: ${text}`);
  assert.equal(mine.length, 1, 'shown once');
  await waitFor('the agent to have it', () => agent.customerTexts(conversation).includes(text), {timeout: 15000});
});

test('zero frames are rendered while idle for 5 s', async () => {
  await page.mouse.move(5, 5);
  await page.waitForTimeout(1000);
  const start = await frames(frame);
  await page.waitForTimeout(5000);
  const end = await frames(frame);
  assert.ok(start > 0, 'frames were rendered while things happened');
  assert.equal(end - start, 0, `idle frames: ${end - start}`);
});

test('the agent resolves: the customer rates, the human button is still there', async () => {
  agent.send({type: 'resolve', conversation});
  await waitFor('the rating stars', () => nodeText(frame, 'rate-5'));
  await humanButtonVisible();
  await page.waitForTimeout(300);
  await shot('07-rating');
  await clickOnCanvas(page, frame, 'rate-5');
  await waitFor('the thanks', () => nodeText(frame, 'thanks'));
});

test('keyboard only: open, ask, ask for a human (none available: offline form), close', async () => {
  agent.send({type: 'status', available: false, capacity: 3});
  const p = await browser.newPage();
  await p.goto(`${server.url}/demo/checkout`);
  await p.evaluate(() => localStorage.clear());
  await p.reload();
  await p.waitForFunction(() => !!window.Duet);
  let onLauncher = false;
  for (let i = 0; i < 40 && !onLauncher; ++i) {
    await p.keyboard.press('Tab');
    onLauncher = await p.evaluate(() => document.activeElement && document.activeElement.hasAttribute('data-duet'));
  }
  assert.ok(onLauncher, 'the launcher is reachable with Tab');
  await p.keyboard.press('Enter');
  const f = await widgetFrame(p);
  await widgetReady(f);
  const active = () => f.evaluate(() => document.hasFocus() && document.activeElement && document.activeElement.dataset.id);
  await waitFor('focus in the composer', async () => (await active()) === 'composer');
  await p.keyboard.type(question);
  await p.keyboard.press('Enter');
  await waitForLine(f, 'the AI answer', (l) => l.text.startsWith('AI assistant: '));
  for (let i = 0; i < 12 && (await active()) !== 'talk_to_human'; ++i) await p.keyboard.press('Shift+Tab');
  assert.equal(await active(), 'talk_to_human');
  await p.keyboard.press('Enter');
  await waitFor('the offline form', () => nodeText(f, 'contact'));
  await humanButtonVisible(f);
  for (let i = 0; i < 12 && (await active()) !== 'contact'; ++i) await p.keyboard.press('Tab');
  await p.keyboard.type('ana@example.com');
  await p.keyboard.press('Tab');
  assert.equal(await active(), 'offline_text');
  await p.keyboard.type('Please call me about order NO-10423.');
  await p.waitForTimeout(300);
  await shot('08-offline-form', p);
  await p.keyboard.press('Tab');
  assert.equal(await active(), 'leave_message');
  await p.keyboard.press('Enter');
  await waitFor('the confirmation', () => nodeText(f, 'message_left'));
  await humanButtonVisible(f);
  await p.evaluate(() => window.Duet.on('close', () => { window.closedByWidget = true; }));
  await p.keyboard.press('Escape');
  await waitFor('the panel to close', () => p.evaluate(() => window.closedByWidget === true));
  await waitFor('focus back on the launcher', () => p.evaluate(() => document.activeElement.hasAttribute('data-duet')));
  await p.close();
});

test('on a phone the panel is full screen and readable at 360 px', async () => {
  const p = await browser.newPage();
  await p.setViewportSize({width: 360, height: 740});
  await p.goto(`${server.url}/demo/checkout`);
  await p.evaluate(() => localStorage.clear());
  await p.reload();
  await p.waitForFunction(() => !!window.Duet);
  const f = await openFromLauncher(p);
  await waitFor('the greeting', () => nodeText(f, 'greeting'));
  const size = await f.evaluate(() => [innerWidth, innerHeight]);
  assert.deepEqual(size, [360, 740]);
  await humanButtonVisible(f);
  await p.waitForTimeout(300);
  await shot('09-phone', p);
  await p.close();
});
