// The agent console (/agent) end to end in Debian's Chromium against a real duet-server: an agent
// signs in with a token typed into the mirrored field, goes available, sees a real customer from the
// demo checkout's widget in the queue with intent and reason, accepts, reads the brief before the
// transcript, replies (the customer sees the named human's reply) and writes an internal note (the
// customer never sees it). Everything on the console is driven and read through its DOM mirror, with
// the keyboard and real buttons. Screenshots go to tests/artifacts.
// Run: DUET_SERVER=.../duet-server DUET_WEB_DIST=.../web/dist node --experimental-websocket --test agent_console.test.mjs
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {DuetServer, config, waitFor} from './lib/server.mjs';
import {clickOnCanvas, launch, screenshot, sendMessage, transcript, waitForLine, widgetFrame,
        widgetReady} from './lib/browser.mjs';
import {consoleLines, mirror, mirrored, press} from './lib/console.mjs';
import {watchErrors} from './lib/walk.mjs';

const cfg = config();
const question = 'My card was declined at checkout. Can I pay another way?';
const reply = 'Hi, I am Maja. I can see the declined card; let me help you pay another way.';
const note = 'INTERNAL: check the issuer decline code before offering an invoice';
let server, browser, token, agentPage, customerPage, widget, conversation;
const errors = [];  // page errors and console errors of both pages

const shot = (page, name) => screenshot(page, cfg.artifacts, name);

before(async () => {
  server = new DuetServer(cfg);
  token = server.addAgent('Maja');
  await server.start();
  browser = await launch(cfg.chromium);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.dispose();
});

test('sign in on /agent by typing the token into the mirrored field and pressing Enter', async () => {
  agentPage = await browser.newPage();
  watchErrors(agentPage, 'agent', errors);
  // As printed by duet-server --demo: no trailing slash (redirected to /agent/).
  await agentPage.goto(`${server.url}/agent?quiet=1`);
  await waitFor('the console module', () => agentPage.evaluate(() => !!(window.duet && window.duet.module)), {timeout: 20000});
  const field = agentPage.locator('[data-id="agent_token"]');
  await waitFor('the token field', () => field.count());
  assert.equal(await agentPage.title(), 'Duet agent console');
  assert.equal(await field.getAttribute('type'), 'password', 'the token is masked like a password');
  await shot(agentPage, 'agent-01-sign-in');
  await field.click();
  await agentPage.keyboard.type(token);
  await agentPage.keyboard.press('Enter');
  const who = await waitFor('the signed-in header', () => mirror(agentPage, 'agent_name'));
  assert.equal(who, 'Signed in as Maja');
  assert.equal(await field.count(), 0, 'the sign-in screen is gone');
  assert.equal(await agentPage.evaluate(() => sessionStorage.getItem('duet-agent-token')), token,
               'the token is kept for this tab only');
});

test('go available with the keyboard (a real checkbox in the mirror)', async () => {
  const box = agentPage.locator('[data-id="availability"]');
  await waitFor('the availability checkbox', () => box.count());
  assert.equal(await box.getAttribute('role'), 'checkbox');
  if (await box.getAttribute('aria-checked') !== 'true') await press(agentPage, 'availability');
  await waitFor('available', async () => (await box.getAttribute('aria-checked')) === 'true');
  await waitFor('the empty queue', () => mirror(agentPage, 'queue_empty'));
  await agentPage.waitForTimeout(300);
  await shot(agentPage, 'agent-02-available');
});

test('a customer on the demo checkout asks for a human: the console shows them with intent and reason', async () => {
  customerPage = await browser.newPage();
  watchErrors(customerPage, 'customer', errors);
  await customerPage.goto(`${server.url}/demo/checkout`);
  await customerPage.waitForFunction(() => !!window.Duet);
  const {width, height} = customerPage.viewportSize();
  await customerPage.mouse.click(width - 20 - 28, height - 20 - 28);  // the launcher, bottom right
  widget = await widgetFrame(customerPage);
  await widgetReady(widget);
  await sendMessage(customerPage, widget, question);
  await waitForLine(widget, 'the AI answer', (l) => l.text.startsWith('AI assistant: '));
  // The page's context (setContext from the demo's "payment declined" button), once the chat exists.
  await customerPage.locator('#decline').dispatchEvent('click');
  await clickOnCanvas(customerPage, widget, 'talk_to_human');

  // The customer shows up as an offer (with the title badge) or in the queue, with intent and reason.
  const seen = await waitFor('the customer on the console', async () => {
    const nodes = [...await mirrored(agentPage, 'offer-'), ...await mirrored(agentPage, 'queue-')];
    return nodes.length ? nodes : null;
  }, {timeout: 20000});
  const entry = seen[0];
  conversation = entry.id.replace(/^(offer|queue)-/, '');
  assert.match(entry.label, /Asked for a human/, 'the escalation reason');
  const intent = entry.id.startsWith('offer-') ? /^Offer from [^:]+: \w+ - ([^-]+) - /.exec(entry.label)
                                               : /^Waiting [^:]+: \w+, ([^,]+), /.exec(entry.label);
  assert.ok(intent && intent[1].trim() && intent[1].trim() !== 'other', `a real intent in "${entry.label}"`);
  if (entry.id.startsWith('offer-')) {
    await waitFor('the title badge', async () => (await agentPage.title()) === '(1) Duet agent console');
  }
  await agentPage.waitForTimeout(300);
  await shot(agentPage, 'agent-03-customer-waiting');
  await shot(customerPage, 'agent-03-customer-page-waiting');
});

test('accept: the brief comes before the transcript, with the page context and the story', async () => {
  const offer = await mirror(agentPage, `accept-${conversation}`);
  await press(agentPage, offer ? `accept-${conversation}` : `take-${conversation}`);
  await waitFor('the conversation tab', () => mirror(agentPage, `tab-${conversation}`));
  await waitFor('the brief', () => mirror(agentPage, 'brief-summary'));
  await waitFor('the transcript lines', async () => (await consoleLines(agentPage)).length > 0);
  await waitFor('the badge cleared', async () => (await agentPage.title()) === 'Duet agent console');

  // Reading order (DOM order of the mirror) and screen order: brief, then transcript.
  const order = await agentPage.evaluate(() => {
    const q = (id) => document.querySelector(`[data-id="${id}"]`);
    const brief = q('brief'), transcript = q('transcript'), summary = q('brief-summary');
    const firstLine = document.querySelector('.m-transcript li[data-id^="line-"]');
    return {briefFirst: !!(brief.compareDocumentPosition(transcript) & Node.DOCUMENT_POSITION_FOLLOWING),
            summaryBottom: summary.getBoundingClientRect().bottom,
            transcriptTop: transcript.getBoundingClientRect().top,
            firstLineTop: parseFloat(firstLine.style.top) + firstLine.parentElement.getBoundingClientRect().top};
  });
  assert.ok(order.briefFirst, 'the brief heading is read before the transcript heading');
  assert.ok(order.summaryBottom <= order.transcriptTop, 'the brief is drawn above the transcript');
  assert.ok(order.transcriptTop < order.firstLineTop, 'the lines are under the transcript heading');

  const context = await mirror(agentPage, 'brief-context');
  assert.match(context, /Payment error: card_declined/, "the merchant's page context");
  assert.match(context, /Trail running shoes/, 'the cart');
  const lines = await consoleLines(agentPage);
  assert.ok(lines.includes(`Customer: ${question}`), `the customer's words, labelled: ${JSON.stringify(lines)}`);
  assert.ok(lines.some((l) => l.startsWith('AI assistant: ')), 'what the AI said');
  await waitForLine(widget, 'the join line', (l) => l.text === 'Maja (human) joined');
  await agentPage.waitForTimeout(300);
  await shot(agentPage, 'agent-04-accepted');
});

test("reply from the composer: the customer sees the named human's reply", async () => {
  await agentPage.locator('[data-id="agent_composer"]').click();
  await agentPage.keyboard.type(reply);
  await agentPage.keyboard.press('Enter');
  await waitFor('the reply stored', async () => (await consoleLines(agentPage)).includes(`Maja (human): ${reply}`));
  assert.equal(await agentPage.locator('[data-id="agent_composer"]').inputValue(), '', 'the composer is cleared');
  await waitForLine(widget, "Maja's reply", (l) => l.text === `Maja, human agent: ${reply}`);
  await customerPage.waitForTimeout(300);
  await shot(customerPage, 'agent-05-customer-sees-reply');
});

test('an internal note stays on the console and never reaches the customer page', async () => {
  await press(agentPage, 'mode_note');
  await waitFor('note mode', async () =>
    (await agentPage.locator('[data-id="mode_note"]').getAttribute('aria-checked')) === 'true');
  await agentPage.locator('[data-id="agent_composer"]').click();
  await agentPage.keyboard.type(note);
  await agentPage.keyboard.press('Enter');
  await waitFor('the note stored', async () =>
    (await consoleLines(agentPage)).includes(`Internal note by Maja: ${note}`));
  await agentPage.waitForTimeout(300);
  await shot(agentPage, 'agent-06-note');

  // Back to replies; a reply after the note proves the customer page has caught up past it.
  await press(agentPage, 'mode_note');
  await waitFor('reply mode', async () =>
    (await agentPage.locator('[data-id="mode_note"]').getAttribute('aria-checked')) === 'false');
  await agentPage.locator('[data-id="agent_composer"]').click();
  await agentPage.keyboard.type('One moment, please.');
  await agentPage.keyboard.press('Enter');
  await waitForLine(widget, 'the reply after the note', (l) => l.text === 'Maja, human agent: One moment, please.');
  const customerText = await widget.evaluate(() => document.body.textContent);
  assert.ok(!customerText.includes('issuer decline code'), 'the note is nowhere in the widget');
  assert.ok(!(await transcript(widget)).some((l) => l.text.includes('INTERNAL')));
  assert.ok(!(await customerPage.evaluate(() => document.body.textContent)).includes('issuer decline code'));
  await customerPage.waitForTimeout(300);
  await shot(customerPage, 'agent-07-customer-after-note');
  await shot(agentPage, 'agent-07-console');
});

test('no page errors on the console or the customer page', () => {
  assert.deepEqual(errors, []);
});
