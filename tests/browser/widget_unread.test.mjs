// Reopening the panel lands on what is new, walked like a person in Debian's Chromium against a real
// duet-server: a customer talks with Anna, closes the panel; Anna replies (several long lines) while it
// is closed; reopening shows a "New messages" marker with the first unread reply in view, not the top
// of the transcript nor only its end. Screenshots: tests/artifacts/unread-*.
// Run: DUET_SERVER=.../duet-server DUET_WEB_DIST=.../web/dist node --experimental-websocket --test widget_unread.test.mjs
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {config, waitFor} from './lib/server.mjs';
import {stageWithAgent} from './lib/stage.mjs';
import {clickOnCanvas, nodeText, openFromLauncher, screenshot, sendMessage, waitForLine, waitForReply} from './lib/browser.mjs';

const cfg = config();
const shot = async (p, name) => { await p.waitForTimeout(300); await screenshot(p, cfg.artifacts, `unread-${name}`); };

const stage = stageWithAgent(cfg, 'Anna');

// Where a mirrored line sits against the transcript's visible area (the list clips its lines).
const placeOf = (f, pred) => f.evaluate((src) => {
  const match = new Function('li', `return (${src})(li);`);
  const list = document.querySelector('.m-transcript').getBoundingClientRect();
  const li = Array.from(document.querySelectorAll('.m-transcript li, [data-id="new_messages"]')).find((el) => match(el));
  if (!li) return null;
  const r = li.getBoundingClientRect();
  return {top: r.top - list.top, bottom: r.bottom - list.top, height: list.height};
}, pred.toString());

test('reopening after replies arrived lands on the first unread with a "New messages" marker', async () => {
  const p = await stage.browser.newPage();
  await p.goto(`${stage.server.url}/demo/checkout`);
  await p.waitForFunction(() => !!window.Duet);
  const f = await openFromLauncher(p);
  await waitFor('the greeting', () => nodeText(f, 'greeting'));
  // A conversation long enough to scroll: questions, answers, then a person.
  for (const q of ['How does Duet Pay work?', 'When is my invoice due?', 'How do I return an item?']) {
    await sendMessage(p, f, q);
    await waitForReply(f, q);
  }
  await clickOnCanvas(p, f, 'talk_to_human');
  const conversation = await stage.agent.offered();
  await stage.agent.accept(conversation);
  await waitForLine(f, 'the join line', (l) => l.text === 'Anna (human) joined');
  stage.agent.say(conversation, "Hi, I'm Anna. Let me look at your order.");
  await waitForLine(f, "Anna's first line", (l) => l.text.endsWith('Let me look at your order.'));
  await clickOnCanvas(p, f, 'close');
  await waitFor('the panel closed', async () => !(await f.locator('[data-id="composer"]').isVisible()));

  // While the panel is closed, Anna writes three long replies.
  const replies = [
    'First unread: I found order NO-10423. The card payment was declined by your bank, so nothing was charged and the order is still waiting for payment.',
    'You can pay again with the same card once your bank has approved the purchase, or choose invoice instead. The goods stay reserved for you for 48 hours.',
    'If your bank says the payment went through, send me the last four digits of the card and the time of the payment and I will check it with our payment provider.',
  ];
  for (const r of replies) stage.agent.say(conversation, r);
  await waitFor('the unread count', () => p.evaluate(() => localStorage.getItem('duet:demo:unread') === '3'));

  await p.evaluate(() => window.Duet.open());
  await waitFor('the panel open', () => f.locator('[data-id="composer"]').isVisible());
  await p.waitForTimeout(500);
  await shot(p, '01-reopened');
  const first = await placeOf(f, (li) => li.textContent.includes('First unread:'));
  assert.ok(first, 'the first unread reply is in the transcript');
  assert.ok(first.top >= 0 && first.top < first.height, `the first unread reply starts in view (${JSON.stringify(first)})`);
  const marker = await waitFor('the "New messages" marker', () => nodeText(f, 'new_messages'));
  assert.equal(marker, 'New messages');
  const mark = await placeOf(f, (el) => el.dataset.id === 'new_messages');
  assert.ok(mark && mark.bottom <= first.top + 1 && mark.top >= -1, `the marker is just above it, in view (${JSON.stringify(mark)})`);
  await p.close();
});
