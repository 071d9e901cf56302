// Quick replies, article cards and read receipts end to end, in Debian's Chromium against a real
// duet-server: the customer asks how long a refund takes and gets the answer as an article card
// with 👍 / 👎 under it; 👍 is a tap (the buttons go, the assistant thanks them); "Read more" opens
// the article in the widget; 👎 under a second answer brings the human offer, whose button puts them
// in the queue; an agent on /agent accepts; the customer's message gets ✓✓ once the agent has it on
// screen, and the console says "Seen" under the agent's reply once the customer has read it.
// Screenshots go to tests/artifacts (replies-*).
// Run: DUET_SERVER=.../duet-server DUET_WEB_DIST=.../web/dist node --experimental-websocket --test quick_replies.test.mjs
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {DuetServer, config, waitFor} from './lib/server.mjs';
import {clickOnCanvas, launch, nodeText, openFromLauncher, screenshot, sendMessage, transcript,
        waitForLine, waitForReply} from './lib/browser.mjs';
import {consoleLines, mirror, mirrored, press, reply, setAvailable, signIn} from './lib/console.mjs';
import {watchErrors} from './lib/walk.mjs';

const cfg = config();
const thumbUp = '\u{1F44D}', thumbDown = '\u{1F44E}';
const question = 'how long does a refund take?';
const agentReply = 'Hi, I am Maja. Let me look at your refund.';
let server, browser, token, agentPage, page, widget, conversation;
const errors = [];
const shot = async (name, p = page) => { await p.waitForTimeout(400); await screenshot(p, cfg.artifacts, `replies-${name}`); };

// The suggested-reply buttons on screen: [{id, label}] for "reply-<seq>-<index>".
const replyButtons = () => widget.evaluate(() =>
  Array.from(document.querySelectorAll('[data-id^="reply-"]'), (el) => ({id: el.dataset.id, label: el.getAttribute('aria-label')})));

async function buttonsUnder(seq) {
  return waitFor(`the replies under msg-${seq}`, async () => {
    const all = (await replyButtons()).filter((b) => b.id.startsWith(`reply-${seq}-`));
    return all.length ? all : null;
  });
}

before(async () => {
  server = new DuetServer(cfg);
  token = server.addAgent('Maja');
  await server.start();
  browser = await launch(cfg.chromium);
  agentPage = await browser.newPage();
  watchErrors(agentPage, 'agent', errors);
  await signIn(agentPage, server.url, token);
  await setAvailable(agentPage);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.dispose();
});

test('an answer from an article: a card with Read more, and 👍 / 👎 under it', async () => {
  page = await browser.newPage();
  watchErrors(page, 'customer', errors);
  await page.goto(`${server.url}/demo/checkout`);
  await page.waitForFunction(() => !!window.Duet);
  widget = await openFromLauncher(page);
  await sendMessage(page, widget, question);
  const answer = await waitForReply(widget, question);
  assert.match(answer.text, /3-5 business days/, 'the whole answer is in the mirror');
  const seq = /^msg-(\d+)$/.exec(answer.id)[1];
  const buttons = await buttonsUnder(seq);
  assert.deepEqual(buttons.map((b) => b.label), [`${thumbUp} Yes, thanks`, `${thumbDown} No`]);
  assert.equal(await widget.locator(`[data-id="reply-${seq}-0"]`).evaluate((el) => el.tagName), 'BUTTON');
  assert.equal(await nodeText(widget, `read_more-${seq}`), 'Read more: When will I get my refund?');
  await shot('01-answer-card');

  await clickOnCanvas(page, widget, `read_more-${seq}`);
  const article = await waitFor('the article', () => nodeText(widget, 'article'));
  assert.match(article, /^When will I get my refund\?\. Refunds reach you/);
  assert.match(article, /account number in the app/, 'the whole article, not two lines');
  await shot('02-article');
  await clickOnCanvas(page, widget, 'article_back');
  await waitFor('back to the transcript', async () => (await nodeText(widget, 'article')) === null);
  await waitFor('the buttons again', () => buttonsUnder(seq));
});

test('👍 is a tap: the customer says it, the buttons go, the assistant answers it', async () => {
  const seq = (await replyButtons())[0].id.split('-')[1];
  await clickOnCanvas(page, widget, `reply-${seq}-0`);
  await waitFor('the buttons gone', async () => (await replyButtons()).length === 0);
  await waitForLine(widget, 'the tap as a message', (l) => l.text === `You: ${thumbUp}` && !l.pending);
  const thanks = await waitForReply(widget, thumbUp);
  assert.doesNotMatch(thanks.text, /not sure/i);
  assert.equal((await replyButtons()).length, 0, 'no buttons come back for an answered question');
  await shot('03-helpful');
});

test('👎 under a second answer brings the offer; its button puts the customer in the queue', async () => {
  await sendMessage(page, widget, 'When do I get my money back?');
  const answer = await waitForReply(widget, 'When do I get my money back?');
  const seq = /^msg-(\d+)$/.exec(answer.id)[1];
  await buttonsUnder(seq);
  await clickOnCanvas(page, widget, `reply-${seq}-1`);
  await waitFor('the buttons gone', async () => (await replyButtons()).length === 0);
  const offer = await waitFor('the offer card', () => nodeText(widget, 'offer_human'));
  assert.equal(offer, 'Yes, talk to a human');
  assert.equal((await replyButtons()).length, 0, 'the offer is on screen once (the card), not twice');
  await shot('04-offer');
  await clickOnCanvas(page, widget, 'offer_human');
  await waitFor('the queue', async () => /queue/.test((await nodeText(widget, 'queue')) || ''));
  await shot('05-queued');
});

test('the agent accepts; the brief counts the feedback, the AI answer shows it', async () => {
  const entry = await waitFor('the customer on the console', async () => {
    const nodes = [...await mirrored(agentPage, 'offer-'), ...await mirrored(agentPage, 'queue-')];
    return nodes.length ? nodes[0] : null;
  }, {timeout: 20000});
  conversation = entry.id.replace(/^(offer|queue)-/, '');
  await press(agentPage, entry.id.startsWith('offer-') ? `accept-${conversation}` : `take-${conversation}`);
  await waitFor('the transcript', async () => (await consoleLines(agentPage)).length > 0);
  assert.equal(await waitFor('the brief feedback', () => mirror(agentPage, 'brief-feedback')),
               'Answer feedback: 1 helpful, 1 not helpful');
  const feedback = await mirrored(agentPage, 'feedback-');
  assert.deepEqual(feedback.map((f) => f.label), ['Customer: this helped', 'Customer: this did not help']);
  await waitForLine(widget, 'the join line', (l) => l.text === 'Maja (human) joined');
  // Scroll the console's transcript up to the answers the customer rated, for the screenshot.
  await agentPage.mouse.move(780, 560);
  for (let i = 0; i < 30; ++i) {
    const b = await agentPage.locator(`[data-id="${feedback[1].id}"]`).boundingBox();
    if (b && b.height > 0 && b.y > 480) break;
    await agentPage.mouse.wheel(0, -40);
    await agentPage.waitForTimeout(60);
  }
  await shot('06-console-feedback', agentPage);
});

test("receipts: ✓✓ on the customer's message once the agent has it on screen, Seen once the customer read the reply", async () => {
  await sendMessage(page, widget, 'Are you there?');
  await waitFor('the message on the console', async () => (await consoleLines(agentPage)).includes('Customer: Are you there?'));
  assert.equal(await waitFor('read by the agent', async () => {
    const r = await nodeText(widget, 'receipt');
    return r === 'Read' ? r : null;
  }), 'Read');
  const lines = await transcript(widget);
  const mine = lines.filter((l) => l.text === 'You: Are you there?');
  assert.equal(mine.length, 1);

  assert.equal(await mirror(agentPage, 'seen'), null, 'nothing of the agent to be seen yet');
  await reply(agentPage, agentReply);
  await waitForLine(widget, "Maja's reply", (l) => l.text === `Maja, human agent: ${agentReply}`);
  const seen = await waitFor('Seen on the console', () => mirror(agentPage, 'seen'), {timeout: 5000});
  assert.equal(seen, 'Seen');
  // "Seen" sits under the agent's reply: the reply is the last line before it in reading order.
  const order = await agentPage.evaluate(() => Array.from(document.querySelectorAll('[data-id]'), (el) => el.dataset.id));
  assert.ok(order.indexOf('seen') >= 0);
  await shot('07-receipts');
  await shot('08-console-seen', agentPage);
});

test('no page errors on the widget or the console', () => {
  assert.deepEqual(errors, []);
});
