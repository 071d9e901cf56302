// What a customer waiting for a human is told, walked like a person against a real duet-server
// (issue 9, finding 5): one truthful status at a time, and the place in the queue the agent sees.
// Dana asks for a human while nobody is on duty: the offline card comes at once, never "You're in
// the queue" first (every status the widget shows is recorded). Maja signs in to the console and
// goes available: Dana, still on the page and doing nothing, is back in the queue. Then Ada, Bo and
// Cy (each in their own browser context on the demo checkout) ask in turn: each widget's status node
// says 1 ("You're next"), 2, 3, the same places the console's WAITING list gives them; after Maja
// takes Ada, Bo is next and Cy second on both sides. Screenshots: tests/artifacts/positions-*.
// Run: DUET_SERVER=.../duet-server DUET_WEB_DIST=.../web/dist node --experimental-websocket --test handoff_positions.test.mjs
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {DuetServer, config, waitFor} from './lib/server.mjs';
import {clickOnCanvas, nodeText, launchIsolated, screenshot, sendMessage, waitForLine} from './lib/browser.mjs';
import {mirror, press, reply, setAvailable, signIn, waitingList} from './lib/console.mjs';
import {conversationOf, newPerson, openChat, openCheckout, recordStatuses, statuses} from './lib/walk.mjs';

const cfg = config();
let server, browser, token, agent, dana;
const customers = [];  // {name, page, widget, conversation}, in the order they asked
const errors = [];
const shot = async (page, name) => { await page.waitForTimeout(300); await screenshot(page, cfg.artifacts, `positions-${name}`); };

// What the widget's status node must say for a place in the queue.
const placeText = (n) => (n === 1 ? /^You're next in the queue/ : new RegExp(`^You're number ${n} in the queue`));

// A customer on the checkout who talks to the assistant, then presses "Talk to a human".
async function askForHuman(name, {record = false} = {}) {
  const page = await newPerson(browser, name, errors);
  await openCheckout(page, server.url);
  await page.evaluate((n) => window.Duet.identify({name: n}), name);
  const widget = await openChat(page);
  await sendMessage(page, widget, `Hi, I am ${name}. My card was declined, can I pay another way?`);
  await waitForLine(widget, 'the AI answer', (l) => l.text.startsWith('AI assistant: '));
  if (record) await recordStatuses(widget);
  await clickOnCanvas(page, widget, 'talk_to_human');
  const conversation = await waitFor(`${name}'s conversation`, () => conversationOf(page));
  return {name, page, widget, conversation};
}

// Waits until every customer's widget and the console agree, and returns what each side shows
// (on a timeout, the error says what each side showed last).
async function placesAgree(expected) {
  let shown;
  const what = `places ${expected.map(([c, n]) => `${c.name} #${n}`).join(', ')} on both sides`;
  try {
    return await waitFor(what, async () => {
      const list = await waitingList(agent);
      shown = {console: list.map((e) => e.label), widgets: {}};
      for (const [c] of expected) shown.widgets[c.name] = await nodeText(c.widget, 'queue');
      const agree = expected.every(([c, n]) => placeText(n).test(shown.widgets[c.name] || '') &&
                                              (list.find((e) => e.conversation === c.conversation) || {}).place === n);
      return agree && list.length === expected.length &&
             expected.map(([c]) => ({name: c.name, status: shown.widgets[c.name],
                                     console: list.find((e) => e.conversation === c.conversation).label}));
    }, {timeout: 20000});
  } catch (e) {
    throw new Error(`${e.message}; last shown: ${JSON.stringify(shown, null, 1)}`);
  }
}

before(async () => {
  server = new DuetServer(cfg);
  token = server.addAgent('Maja');
  await server.start();
  browser = await launchIsolated(cfg.chromium);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.dispose();
});

test('asking for a human with nobody on duty shows the offline card at once, never "in the queue" first', async () => {
  dana = await askForHuman('Dana', {record: true});
  await waitFor('the offline card', () => nodeText(dana.widget, 'open_offline_form'), {timeout: 20000});
  await dana.page.waitForTimeout(1000);  // anything that would follow it
  const shown = await statuses(dana.widget);
  await shot(dana.page, '01-dana-offline');
  const said = JSON.stringify(shown, null, 1);
  assert.ok(!shown.some((s) => s.queue), `no queue status was ever shown: ${said}`);
  assert.ok(!shown.some((s) => /Waiting for a human/.test(s.header || '')), `the header never said "Waiting": ${said}`);
  assert.ok(!shown.some((s) => s.lines.some((l) => /in the queue/.test(l))), `no "You're in the queue" line: ${said}`);
  const last = shown.at(-1);
  assert.equal(last.header, 'Our team is away right now');
  assert.ok(last.offline_card, 'the offline card is up');
  assert.deepEqual(last.lines, ['No one is available right now'], 'one state line, the true one');
});

test('an agent goes available: the customer still on the page is back in the queue without doing anything', async () => {
  agent = await newPerson(browser, 'agent', errors);
  assert.equal(await signIn(agent, server.url, token), 'Signed in as Maja');
  await setAvailable(agent);
  await waitFor('Dana told she is next', async () => placeText(1).test(await nodeText(dana.widget, 'queue') || ''),
                {timeout: 20000});
  await waitFor('the offline card gone', async () => (await nodeText(dana.widget, 'open_offline_form')) === null);
  const [entry] = await waitFor('Dana on the console', async () => {
    const l = await waitingList(agent);
    return l.length ? l : null;
  });
  assert.equal(entry.conversation, dana.conversation);
  assert.equal(entry.place, 1, `Dana is #1 on the console: ${entry.label}`);
  assert.match(entry.label, /Dana/);
  await shot(dana.page, '02-dana-back-in-queue');
  await shot(agent, '02-console-dana');
  // Maja takes Dana, so the queue is empty again for the next three.
  await press(agent, entry.kind === 'offer' ? `accept-${dana.conversation}` : `take-${dana.conversation}`);
  await reply(agent, 'Hi Dana, Maja here. Let me look at your payment.');
  await waitForLine(dana.widget, "Maja's reply to Dana", (l) => l.text === 'Maja, human agent: Hi Dana, Maja here. Let me look at your payment.');
  await waitFor('nobody waiting', async () => (await waitingList(agent)).length === 0);
});

test('three customers ask in turn: each widget shows the place the console gives them (1, 2, 3)', async () => {
  for (const name of ['Ada', 'Bo', 'Cy']) {
    customers.push(await askForHuman(name));
    // Each asks once the one before is listed, so the order they asked in is unambiguous.
    await waitFor(`${name} on the console`, async () =>
      (await waitingList(agent)).some((e) => e.conversation === customers.at(-1).conversation), {timeout: 20000});
  }
  const [ada, bo, cy] = customers;
  await shot(agent, '03-console-three-waiting');
  const seen = await placesAgree([[ada, 1], [bo, 2], [cy, 3]]);
  const list = await waitingList(agent);
  assert.deepEqual(list.map((e) => e.conversation), [ada, bo, cy].map((c) => c.conversation),
                   'the console lists them in the order they asked, once each');
  for (const {name, console: label} of seen) assert.match(label, new RegExp(name), `the entry names ${name}: ${label}`);
  for (const c of customers) await shot(c.page, `03-${c.name.toLowerCase()}-waiting`);
});

test('the agent takes the first: the others move up on both sides', async () => {
  const [ada, bo, cy] = customers;
  const entry = (await waitingList(agent)).find((e) => e.conversation === ada.conversation);
  await press(agent, entry.kind === 'offer' ? `accept-${ada.conversation}` : `take-${ada.conversation}`);
  await waitForLine(ada.widget, 'Maja joining Ada', (l) => l.text === 'Maja (human) joined');
  assert.equal(await nodeText(ada.widget, 'queue'), null, 'Ada is no longer told a place');
  await placesAgree([[bo, 1], [cy, 2]]);
  assert.ok((await mirror(agent, 'conversation_title')).startsWith('Ada, '), 'Ada is on screen');
  await shot(agent, '04-console-after-taking-ada');
  await shot(bo.page, '04-bo-next');
  await shot(cy.page, '04-cy-second');
});

test('no page errors or console errors on any page', () => {
  assert.deepEqual(errors, []);
});
