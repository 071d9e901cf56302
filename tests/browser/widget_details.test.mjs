// The smaller things a customer meets, walked like a person in Debian's Chromium against a real
// duet-server: keyboard focus is visible on the header's buttons; the greeting knows the payment was
// just declined; a link in an answer is one piece and opens in a new tab; a 1- or 2-star rating asks
// what went wrong. Screenshots: tests/artifacts/details-*.
// Run: DUET_SERVER=.../duet-server DUET_WEB_DIST=.../web/dist node --experimental-websocket --test widget_details.test.mjs
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {config, waitFor} from './lib/server.mjs';
import {stageWithAgent} from './lib/stage.mjs';
import {clickOnCanvas, nodeText, openFromLauncher, screenshot, sendMessage, transcript, waitForLine,
        waitForReply} from './lib/browser.mjs';

const cfg = config();
const shot = async (p, name) => { await p.waitForTimeout(300); await screenshot(p, cfg.artifacts, `details-${name}`); };
const active = (f) => f.evaluate(() => document.hasFocus() && document.activeElement && document.activeElement.dataset.id);

const stage = stageWithAgent(cfg, 'Anna');

// A conversation offered to the agent after its frame number `from` (earlier offers are taken).
async function offeredAfter(from) {
  const f = await stage.agent.waitFrame('a new offer', (x) => stage.agent.frames.indexOf(x) >= from &&
    (x.type === 'offer' || (x.type === 'queue' && x.entries && x.entries.length > 0)));
  return f.type === 'offer' ? f.conversation : f.entries[0].conversation;
}

async function freshPage() {
  const p = await stage.browser.newPage();
  await p.goto(`${stage.server.url}/demo/checkout`);
  await p.evaluate(() => localStorage.clear());
  await p.reload();
  await p.waitForFunction(() => !!window.Duet);
  return p;
}

// The pixels around a mirrored element (a few px beyond it, where a focus ring goes).
async function pixelsAround(p, f, id) {
  const b = await f.locator(`[data-id="${id}"]`).boundingBox();
  return p.screenshot({clip: {x: b.x - 5, y: b.y - 5, width: b.width + 10, height: b.height + 10}});
}

test('Tab shows a focus ring on "Talk to a human" and "Close chat"', async () => {
  const p = await freshPage();
  const f = await openFromLauncher(p);
  await waitFor('the greeting', () => nodeText(f, 'greeting'));
  await p.mouse.move(5, 5);  // no hover on what is compared
  await p.waitForTimeout(300);
  for (const id of ['talk_to_human', 'close']) {
    const before = await pixelsAround(p, f, id);
    for (let i = 0; i < 12 && (await active(f)) !== id; ++i) await p.keyboard.press('Shift+Tab');
    assert.equal(await active(f), id);
    await p.waitForTimeout(300);
    await shot(p, `01-focus-${id}`);
    const focused = await pixelsAround(p, f, id);
    assert.ok(!before.equals(focused), `focus on ${id} changes what is drawn around it`);
    await p.keyboard.press('Tab');  // away again, so the next one starts unfocused
    await p.waitForTimeout(200);
  }
  await p.close();
});

test('the greeting acknowledges a declined payment the page reported, in the page\'s language', async () => {
  const p = await freshPage();
  await p.locator('#decline').click();  // the demo page: setContext({paymentError: 'card_declined'})
  const f = await openFromLauncher(p);
  const greeting = await waitFor('the greeting', () => nodeText(f, 'greeting'));
  assert.match(greeting, /declined/, greeting);
  await shot(p, '02-greeting-declined');
  await p.evaluate(() => window.Duet.setLocale('sv-SE'));
  await waitFor('the Swedish greeting', async () => /nekades/.test(await nodeText(f, 'greeting')));
  await p.close();
});

test('a link in an answer is one piece on its line and opens in a new tab', async () => {
  const p = await freshPage();
  const f = await openFromLauncher(p);
  await waitFor('the greeting', () => nodeText(f, 'greeting'));
  await sendMessage(p, f, 'I need a return label');
  await waitForReply(f, 'I need a return label');
  const from = stage.agent.frames.length;
  await clickOnCanvas(p, f, 'talk_to_human');
  const conversation = await offeredAfter(from);
  await stage.agent.accept(conversation);
  await waitForLine(f, 'the join line', (l) => l.text === 'Anna (human) joined');
  const url = `${stage.server.url}/r`;  // fits on a line, but has dots where ImGui's wrapping breaks
  stage.agent.say(conversation, `Sure! Print the label at ${url} and drop the parcel at any PostNord point.`);
  await waitForLine(f, "Anna's answer", (l) => l.text.includes(url));
  const link = await waitFor('the link', () => f.locator(`a[href="${url}"]`).boundingBox());
  assert.equal(await f.locator(`a[href="${url}"]`).count(), 1, 'one piece: the address is not cut in two');
  assert.ok(link.height < 26, `the link is on one line (${JSON.stringify(link)})`);
  assert.equal(await f.locator(`a[href="${url}"]`).getAttribute('target'), '_blank');
  await shot(p, '03-link');
  // Clicked where it is drawn, it opens in a new tab.
  const opened = p.context().waitForEvent('page', {timeout: 10000});
  await p.mouse.click(link.x + link.width / 2, link.y + link.height / 2);
  const tab = await opened;
  assert.equal(tab.url(), url);
  await tab.close();
  // With the keyboard: Tab to it, Enter.
  for (let i = 0; i < 20 && !(await f.evaluate(() => document.activeElement && document.activeElement.tagName === 'A')); ++i)
    await p.keyboard.press('Shift+Tab');
  const again = p.context().waitForEvent('page', {timeout: 10000});
  await p.keyboard.press('Enter');
  const tab2 = await again;
  assert.equal(tab2.url(), url);
  await tab2.close();
  await p.close();
});

test('a 2-star rating asks what went wrong, and the comment goes with it', async () => {
  const p = await freshPage();
  const f = await openFromLauncher(p);
  await waitFor('the greeting', () => nodeText(f, 'greeting'));
  const from = stage.agent.frames.length;
  await clickOnCanvas(p, f, 'talk_to_human');
  const conversation = await offeredAfter(from);
  await stage.agent.accept(conversation);
  await waitForLine(f, 'the join line', (l) => l.text === 'Anna (human) joined');
  stage.agent.send({type: 'resolve', conversation});
  await waitFor('the rating stars', () => nodeText(f, 'rate-2'));
  await clickOnCanvas(p, f, 'rate-2');
  await waitFor('the comment box', () => nodeText(f, 'rate_comment'));
  assert.equal(await nodeText(f, 'thanks'), null, 'not thanked before the comment is in');
  await f.locator('[data-id="rate_comment"]').click();
  await p.keyboard.type('The label link was hard to find.');
  await shot(p, '04-rating-comment');
  await clickOnCanvas(p, f, 'rate_send');
  await waitFor('the thanks', () => nodeText(f, 'thanks'));
  await waitForLine(f, 'the rating with its comment', (l) => l.text === 'You rated 2 of 5: The label link was hard to find.');
  await shot(p, '05-rated');
  await p.close();
});
