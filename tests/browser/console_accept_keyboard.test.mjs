// An agent who works with the keyboard only: Tab to Accept, Enter, and type the reply at once.
// The Accept button goes away when it is pressed; focus must land in the composer of the customer
// just accepted (it fell to the last button on the page, Send, and the reply typed went nowhere).
// Walked against a real duet-server; the customer reads the reply in the widget.
// Run: DUET_SERVER=.../duet-server DUET_WEB_DIST=.../web/dist node --experimental-websocket --test console_accept_keyboard.test.mjs
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {DuetServer, config, waitFor} from './lib/server.mjs';
import {clickOnCanvas, launchIsolated, screenshot, sendMessage, waitForLine} from './lib/browser.mjs';
import {mirror, setAvailable, signIn, waitingList} from './lib/console.mjs';
import {conversationOf, newPerson, openChat, openCheckout} from './lib/walk.mjs';

const cfg = config();
const answer = 'Hi Gus, Maja here. I am looking at your order now.';
let server, browser, agent;
const errors = [];

before(async () => {
  server = new DuetServer(cfg);
  const token = server.addAgent('Maja');
  await server.start();
  browser = await launchIsolated(cfg.chromium);
  agent = await newPerson(browser, 'agent', errors);
  await signIn(agent, server.url, token);
  await setAvailable(agent);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.dispose();
});

test('Enter on Accept, then typing: the reply goes to the customer just accepted', async () => {
  const gus = await newPerson(browser, 'Gus', errors);
  await openCheckout(gus, server.url);
  await gus.evaluate(() => window.Duet.identify({name: 'Gus'}));
  const widget = await openChat(gus);
  await sendMessage(gus, widget, 'Where is my parcel? Order NO-10423.');
  await waitForLine(widget, 'the AI answer', (l) => l.text.startsWith('AI assistant: '));
  await clickOnCanvas(gus, widget, 'talk_to_human');
  const conversation = await waitFor("Gus's conversation", () => conversationOf(gus));
  const entry = await waitFor('Gus on the console', async () =>
    (await waitingList(agent)).find((e) => e.conversation === conversation), {timeout: 20000});
  const button = entry.kind === 'offer' ? `accept-${conversation}` : `take-${conversation}`;
  await agent.locator(`[data-id="${button}"]`).focus();  // where Tab would bring her
  await agent.keyboard.press('Enter');
  await waitFor('Gus on screen', async () => (await mirror(agent, 'conversation_title') || '').startsWith('Gus, '));
  await agent.keyboard.type(answer);
  await agent.keyboard.press('Enter');
  await waitFor('the Accept button gone', async () => (await agent.locator(`[data-id="${button}"]`).count()) === 0);
  await agent.waitForTimeout(300);
  const focused = await agent.evaluate(() => document.activeElement && document.activeElement.dataset.id);
  await screenshot(agent, cfg.artifacts, 'accept-keyboard-console');
  assert.equal(focused, 'agent_composer', 'focus is in the composer after Accept');
  await waitForLine(widget, 'the reply typed right after Accept', (l) => l.text === `Maja, human agent: ${answer}`);
});

test('no page errors or console errors', () => {
  assert.deepEqual(errors, []);
});
