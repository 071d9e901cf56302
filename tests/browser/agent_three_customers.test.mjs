// One agent, three customers (issue 9, finding 1: a reply typed right after Accept went to the
// customer shown before). Three people on the demo checkout, each in their own browser context with
// their name set by the shop (Duet.identify), ask for a human. The agent accepts each in turn and
// replies at once: Accept, click the composer, type, Enter, without waiting for anything. Every
// reply must reach the right person, checked where they read it: each customer's widget shows its
// own reply and nobody else's. Screenshots of the console and the three pages go to tests/artifacts.
// Run: DUET_SERVER=.../duet-server DUET_WEB_DIST=.../web/dist node --experimental-websocket --test agent_three_customers.test.mjs
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {DuetServer, config, waitFor} from './lib/server.mjs';
import {TestAgent} from './lib/agent.mjs';
import {clickOnCanvas, launchIsolated, screenshot, sendMessage, transcript, waitForLine, widgetFrame,
        widgetReady} from './lib/browser.mjs';
import {mirror, mirrored, press} from './lib/console.mjs';
import {watchErrors} from './lib/walk.mjs';

const cfg = config();
const names = ['Ada', 'Bo', 'Cy'];
const replyTo = (name) => `Hi ${name}, this is Maja. I have your order in front of me.`;
let server, browser, token, jonasToken, jonas, agent;
const customers = [];  // {name, page, widget}
const errors = [];

const shot = (page, name) => screenshot(page, cfg.artifacts, name);

async function newPage(who) {
  const context = await browser.newContext({viewport: {width: 1200, height: 820}});
  const page = await context.newPage();
  watchErrors(page, who, errors);
  return page;
}

// The conversation a customer's page is in: the id at the front of the resume token the loader
// keeps in the shop's localStorage.
const conversationOf = (page) => page.evaluate(() => {
  for (let i = 0; i < localStorage.length; ++i) {
    const key = localStorage.key(i);
    if (key.endsWith('resume') && localStorage.getItem(key)) return localStorage.getItem(key).split('.')[0];
  }
  return null;
});

// Human replies a customer's widget shows ("Maja, human agent: ...").
const humanReplies = async (widget) =>
  (await transcript(widget)).filter((l) => l.text.startsWith('Maja, human agent: ')).map((l) => l.text);

before(async () => {
  server = new DuetServer(cfg);
  token = server.addAgent('Maja');
  jonasToken = server.addAgent('Jonas');
  await server.start();
  browser = await launchIsolated(cfg.chromium);
});

after(async () => {
  if (jonas) jonas.close();
  if (browser) await browser.close();
  if (server) await server.dispose();
});

test('the agent signs in and goes available', async () => {
  agent = await newPage('agent');
  await agent.goto(`${server.url}/agent/?quiet=1`);
  const field = agent.locator('[data-id="agent_token"]');
  await waitFor('the token field', () => field.count(), {timeout: 20000});
  await field.click();
  await agent.keyboard.type(token);
  await agent.keyboard.press('Enter');
  await waitFor('signed in', () => mirror(agent, 'agent_name'));
  const box = agent.locator('[data-id="availability"]');
  if (await box.getAttribute('aria-checked') !== 'true') await press(agent, 'availability');
  await waitFor('available', async () => (await box.getAttribute('aria-checked')) === 'true');
});

test('three customers on the checkout page ask for a human', async () => {
  for (const name of names) {
    const page = await newPage(name);
    await page.goto(`${server.url}/demo/checkout`);
    await page.waitForFunction(() => !!window.Duet);
    await page.evaluate((n) => window.Duet.identify({name: n}), name);
    const {width, height} = page.viewportSize();
    await page.mouse.click(width - 20 - 28, height - 20 - 28);  // the launcher
    const widget = await widgetFrame(page);
    await widgetReady(widget);
    await sendMessage(page, widget, `Hi, I am ${name}. My card was declined, can I pay another way?`);
    await waitForLine(widget, 'the AI answer', (l) => l.text.startsWith('AI assistant: '));
    await clickOnCanvas(page, widget, 'talk_to_human');
    const conversation = await waitFor(`${name}'s conversation`, () => conversationOf(page));
    customers.push({name, page, widget, conversation});
  }
  // Each is offered to the one agent, and the offer says who it is.
  for (const {name, conversation} of customers) {
    const offer = await waitFor(`${name} on the console`, () => mirror(agent, `offer-${conversation}`), {timeout: 20000});
    assert.match(offer, new RegExp(`^Offer from ${name}: `));
  }
  // Once each (issue 9, finding 5): an offered customer is not listed again as a queue entry.
  const listed = [...await mirrored(agent, 'offer-'), ...await mirrored(agent, 'queue-')]
    .map((n) => n.id.replace(/^(offer|queue)-/, '')).sort();
  assert.deepEqual(listed, customers.map((c) => c.conversation).sort(), 'each waiting customer listed once');
  await agent.waitForTimeout(300);
  await shot(agent, 'three-01-waiting');
});

test('accept each in turn and reply at once: the conversation on screen is the accepted one', async () => {
  const seen = [];
  for (const [i, {name, conversation}] of customers.entries()) {
    // Like a person in a hurry: Accept, then straight into the composer, type, Enter.
    await press(agent, `accept-${conversation}`);
    await agent.locator('[data-id="agent_composer"]').click();
    await agent.keyboard.type(replyTo(name));
    await agent.keyboard.press('Enter');
    await waitFor(`the reply to ${name} on the console`, async () =>
      (await mirrored(agent, 'line-')).some((l) => l.label === `Maja (human): ${replyTo(name)}`));
    // What the agent sees then: whose conversation is in the header and selected in the list.
    seen.push({name, title: await mirror(agent, 'conversation_title'),
               current: await agent.locator(`[data-id="tab-${conversation}"]`).getAttribute('aria-current')});
    await agent.waitForTimeout(300);
    await shot(agent, `three-0${i + 2}-replied-${name.toLowerCase()}`);
  }
  for (const {name, title, current} of seen) {
    assert.ok(title.startsWith(`${name}, `), `${name} in the header after accepting them, not "${title}"`);
    assert.equal(current, 'true', `${name}'s entry is the selected one`);
  }
});

test("each customer's widget shows their own reply and nobody else's", async () => {
  for (const {name, widget} of customers) {
    await waitForLine(widget, `the reply to ${name}`, (l) => l.text === `Maja, human agent: ${replyTo(name)}`);
  }
  for (const {name, page, widget} of customers) {
    assert.deepEqual(await humanReplies(widget), [`Maja, human agent: ${replyTo(name)}`],
                     `${name} sees exactly one reply, theirs`);
    await page.waitForTimeout(200);
    await shot(page, `three-05-customer-${name.toLowerCase()}`);
  }
});

// Issue 9, finding 9: transfer asked for a raw agent id.
test('transfer offers the agents on duty by name, languages and load; Tab shows where the focus is', async () => {
  jonas = await new TestAgent(server.url, jonasToken).connect({available: false, capacity: 2});
  const jonasId = jonas.frames.find((f) => f.type === 'agent_welcome').agent_id;
  await press(agent, 'transfer');
  const pick = await waitFor('Jonas in the transfer list', () => mirror(agent, `transfer-to-${jonasId}`));
  assert.equal(pick, 'Transfer to Jonas - en - 0/2 conversations - away');
  assert.equal(await agent.locator('[data-id^="transfer-to-"]').count(), 2, 'Jonas and the queue, not Maja herself');
  await agent.locator(`[data-id="transfer-to-${jonasId}"]`).focus();
  await agent.keyboard.press('Enter');
  await waitFor('Jonas picked', async () =>
    (await agent.locator(`[data-id="transfer-to-${jonasId}"]`).getAttribute('aria-current')) === 'true');
  await agent.keyboard.press('Tab');  // on to "the queue": the ring moves with the keyboard
  await agent.waitForTimeout(300);
  await shot(agent, 'three-06-transfer-list');
  await press(agent, 'transfer');  // closed again, nothing transferred
  await waitFor('the list closed', async () => (await agent.locator('[data-id^="transfer-to-"]').count()) === 0);
});

test('no page errors on the console or the customer pages', () => {
  assert.deepEqual(errors, []);
});
