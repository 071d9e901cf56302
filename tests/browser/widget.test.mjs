// The customer widget end to end in Debian's Chromium against a real duet-server: the demo page,
// the AI answer, the handoff to a named human, reload, a cut connection, Unicode, the live region,
// keyboard-only use, idle frames, the phone layout. Screenshots of each screen go to tests/artifacts.
// Run: DUET_SERVER=.../duet-server DUET_WEB_DIST=.../web/dist node --experimental-websocket --test widget.test.mjs
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {DuetServer, config, waitFor} from './lib/server.mjs';
import {TestAgent} from './lib/agent.mjs';
import {announcements, clickOnCanvas, frames, launch, nodeText, openFromLauncher, recordAnnouncements, screenshot, sendMessage,
        transcript, waitForLine, widgetFrame, widgetReady} from './lib/browser.mjs';

const cfg = config();
let server, browser, token, agent, page, frame, conversation;
const requested = [];  // paths the first page fetched
const shot = (name, p = page) => screenshot(p, cfg.artifacts, name);
const question = 'How does Duet Pay work?';

async function humanButtonVisible(f = frame) {
  const label = await waitFor('the Talk to a human button', () => nodeText(f, 'talk_to_human'));
  assert.equal(label, 'Talk to a human');
  const box = await f.locator('[data-id="talk_to_human"]').boundingBox();
  assert.ok(box && box.width > 40 && box.height >= 30, 'the button has a real size');
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
  const requests = requested;
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
  assert.ok(requested.some((p) => /\/fonts\/duet-sans\./.test(p)), 'the Latin font came with the widget');
  assert.ok(!requested.some((p) => /duet-sans-gc/.test(p)), 'no Greek/Cyrillic font for an English chat');
  await page.waitForTimeout(300);
  await shot('03-ai-answer');
});

test('tap Talk to a human: the queue position, then a named human joins and replies', async () => {
  agent = await new TestAgent(server.url, token).connect();
  // The demo page's "payment declined" button (under the open panel) calls setContext({paymentError}).
  await page.locator('#decline').dispatchEvent('click');
  await clickOnCanvas(page, frame, 'talk_to_human');
  // The card first says a human is being found, then the position and estimate from the server.
  const queue = await waitFor('the queue position', async () => {
    const text = await nodeText(frame, 'queue');
    return text && /in the queue/.test(text) ? text : null;
  });
  assert.match(queue, /^You're (number \d+|next) in the queue/);
  await humanButtonVisible();
  await shot('04-waiting');
  conversation = await agent.offered();
  const snapshot = await agent.accept(conversation);
  assert.ok(snapshot.events.some((e) => e.kind === 'message' && e.text === question), 'the agent sees the story');
  const context = snapshot.brief.context || {};
  assert.equal(context.payment_error, 'card_declined', 'the page context reached the brief');
  assert.equal(context.checkout_step, 'payment');
  assert.deepEqual((context.cart || []).map((i) => i.name), ['Trail running shoes', 'Merino base layer', 'Headlamp 400 lm']);
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
  await waitFor('the Greek/Cyrillic font, fetched when needed',
                () => requested.some((p) => /duet-sans-gc/.test(p)));
  await page.waitForTimeout(300);
  await shot('05b-unicode');
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

test('while the panel is closed, replies count as unread on the launcher and fire events', async () => {
  await page.evaluate(() => {
    window.seen = {unread: [], message: []};
    window.Duet.on('unread', (n) => window.seen.unread.push(n)).on('message', (m) => window.seen.message.push(m));
    window.Duet.close();
  });
  agent.say(conversation, 'Are you still there?');
  await waitFor('an unread count of 1', () => page.evaluate(() => localStorage.getItem('duet:demo:unread') === '1'));
  const seen = await page.evaluate(() => window.seen);
  assert.deepEqual(seen.unread, [1]);
  assert.deepEqual(seen.message.map((m) => [m.speaker, m.author, m.text]), [['agent', 'Anna', 'Are you still there?']]);
  await page.evaluate(() => window.Duet.open());
  await waitFor('the count cleared', () => page.evaluate(() => localStorage.getItem('duet:demo:unread') === null));
  await waitForLine(frame, 'the reply shown on reopening', (l) => l.text === 'Anna, human agent: Are you still there?');
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
  let after = [];
  try {
    await waitFor('the same transcript', async () => {
      after = (await transcript(frame)).map((l) => l.text);
      return JSON.stringify(after) === JSON.stringify(before);
    });
  } catch (e) {
    assert.deepEqual(after, before, e.message);
  }
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
  try {
    await waitFor('the rating stars', () => nodeText(frame, 'rate-5'));
  } catch (e) {
    const recent = agent.frames.slice(-6).map((f) => JSON.stringify(f).slice(0, 300)).join('\n');
    throw new Error(`${e.message}\nthe agent's last frames:\n${recent}\nthe transcript: ${JSON.stringify(await transcript(frame))}`);
  }
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
  // No one is available: the offline card (the composer stays, the assistant keeps helping) opens
  // the leave-a-message form, and focus moves into it.
  await waitFor('the offline card', () => nodeText(f, 'open_offline_form'));
  for (let i = 0; i < 12 && (await active()) !== 'open_offline_form'; ++i) await p.keyboard.press('Tab');
  assert.equal(await active(), 'open_offline_form');
  await p.keyboard.press('Enter');
  await waitFor('the offline form', () => nodeText(f, 'contact'));
  await waitFor('focus in the contact field', async () => (await active()) === 'contact');
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

test('on a phone the panel is full screen, sharp on HiDPI, and speaks the page\'s language', async () => {
  const p = await browser.newPage();
  const cdp = await p.context().newCDPSession(p);
  await cdp.send('Emulation.setDeviceMetricsOverride', {width: 360, height: 740, deviceScaleFactor: 2, mobile: true});
  await p.goto(`${server.url}/demo/checkout`);
  await p.evaluate(() => localStorage.clear());
  await p.reload();
  await p.waitForFunction(() => !!window.Duet);
  await p.evaluate(() => window.Duet.open());
  const f = await widgetFrame(p);
  await widgetReady(f);
  await waitFor('the greeting', () => nodeText(f, 'greeting'));
  const size = await f.evaluate(() => [innerWidth, innerHeight]);
  assert.deepEqual(size, [360, 740]);
  await humanButtonVisible(f);
  const pixels = () => f.evaluate(() => { const c = document.getElementById('duet-canvas'); return [c.width, c.height]; });
  assert.deepEqual(await pixels(), [720, 1480], 'canvas pixels = CSS size x devicePixelRatio');
  // Playwright's own screenshot would undo the device emulation; Chromium's keeps it.
  const phoneShot = async (name) => {
    mkdirSync(cfg.artifacts, {recursive: true});
    writeFileSync(join(cfg.artifacts, `${name}.png`), Buffer.from((await cdp.send('Page.captureScreenshot')).data, 'base64'));
  };
  await p.waitForTimeout(300);
  await phoneShot('09-phone');
  // Moving to a denser screen resizes the canvas (and rebuilds the font atlas for it).
  await cdp.send('Emulation.setDeviceMetricsOverride', {width: 360, height: 740, deviceScaleFactor: 3, mobile: true});
  await p.mouse.move(100, 300);  // the next frame at the latest notices the new ratio
  await waitFor('a 3x canvas', async () => JSON.stringify(await pixels()) === JSON.stringify([1080, 2220]));
  await p.evaluate(() => window.Duet.setLocale('sv-SE'));
  await waitFor('Swedish', async () => (await nodeText(f, 'talk_to_human')) === 'Prata med en människa');
  assert.equal(await f.evaluate(() => document.documentElement.lang), 'sv');
  await p.waitForTimeout(300);
  await phoneShot('11-phone-swedish-3x');
  await p.close();
});
