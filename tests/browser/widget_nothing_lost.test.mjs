// Nothing the customer writes is lost without a word, walked like a person in Debian's Chromium
// against a real duet-server: a message over the limit (4,000 bytes) stays in the composer with the
// limit in plain words, and goes out once trimmed; the offline "leave a message" form without an
// email or phone keeps the message and says what is missing. Screenshots: tests/artifacts/lost-*.
// Run: DUET_SERVER=.../duet-server DUET_WEB_DIST=.../web/dist node --experimental-websocket --test widget_nothing_lost.test.mjs
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {DuetServer, config, waitFor} from './lib/server.mjs';
import {clickOnCanvas, launch, nodeText, openFromLauncher, screenshot, transcript, waitForLine} from './lib/browser.mjs';

const cfg = config();
let server, browser;
const shot = async (p, name) => { await p.waitForTimeout(300); await screenshot(p, cfg.artifacts, `lost-${name}`); };
const value = (f, id) => f.evaluate((i) => document.querySelector(`[data-id="${i}"]`).value, id);
const active = (f) => f.evaluate(() => document.hasFocus() && document.activeElement && document.activeElement.dataset.id);

before(async () => {
  server = new DuetServer(cfg);
  server.addAgent('Anna');  // registered but never online: a request for a human finds no one
  await server.start();
  browser = await launch(cfg.chromium);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.dispose();
});

async function freshPage() {
  const p = await browser.newPage();
  await p.goto(`${server.url}/demo/checkout`);
  await p.evaluate(() => localStorage.clear());
  await p.reload();
  await p.waitForFunction(() => !!window.Duet);
  return p;
}

test('a 5,000-byte message stays in the composer with the limit in words, and goes out once trimmed', async () => {
  const p = await freshPage();
  const f = await openFromLauncher(p);
  await waitFor('the greeting', () => nodeText(f, 'greeting'));
  // The customer types a line, then pastes the whole error log under it: 5,000 bytes in all.
  const intro = 'My payment failed, here is everything the page showed me:\n';
  const log = Array.from({length: 400}, (_, i) => `step ${String(i).padStart(3, '0')} failed; `).join('');
  const text = (intro + log).slice(0, 5000);
  assert.equal(Buffer.byteLength(text), 5000);
  await f.locator('[data-id="composer"]').click();
  await p.keyboard.type(intro.trimEnd());
  await p.keyboard.press('Shift+Enter');  // a new line, as people make one in a chat box
  await p.keyboard.insertText(text.slice(intro.length));
  await p.keyboard.press('Enter');
  await p.waitForTimeout(500);
  const kept = await value(f, 'composer');
  assert.ok(kept === text, `the text is still in the composer, all of it (${kept.length} of ${text.length} characters)`);
  const notice = await waitFor('the notice', () => nodeText(f, 'send_error'));
  assert.match(notice, /too long/);
  assert.match(notice, /5,000 characters/);
  assert.match(notice, /limit is 4,000/);
  assert.ok(!(await transcript(f)).some((l) => l.text.startsWith('You: ')), 'nothing was sent, nothing pending');
  await shot(p, '01-too-long');
  // Trimming: the customer deletes words from the end until the notice goes.
  for (let i = 0; i < 400 && (await nodeText(f, 'send_error')) !== null; ++i) await p.keyboard.press('Control+Backspace');
  assert.equal(await nodeText(f, 'send_error'), null, 'the notice goes once the text fits');
  const trimmed = await value(f, 'composer');
  assert.ok(Buffer.byteLength(trimmed.trim()) <= 4000 && trimmed.length > 3500, `trimmed to ${trimmed.length}`);
  assert.ok(text.startsWith(trimmed.trim()), 'what is left is what was typed');
  await p.keyboard.press('Enter');
  await waitForLine(f, 'the trimmed message sent', (l) => l.text === `You: ${trimmed.trim()}` && !l.pending);
  await waitFor('the composer emptied once the message is out', async () => (await value(f, 'composer')) === '');
  await shot(p, '02-trimmed-sent');
  await p.close();
});

test('the offline form without an email or phone keeps the message and says what is missing', async () => {
  const p = await freshPage();
  const f = await openFromLauncher(p);
  await waitFor('the greeting', () => nodeText(f, 'greeting'));
  await clickOnCanvas(p, f, 'talk_to_human');
  await waitFor('the offline card', () => nodeText(f, 'open_offline_form'));
  await clickOnCanvas(p, f, 'open_offline_form');
  await waitFor('the offline form', () => nodeText(f, 'contact'));
  const message = 'Please call me about order NO-10423, the card was charged twice.';
  await f.locator('[data-id="offline_text"]').click();
  await p.keyboard.type(message);
  await clickOnCanvas(p, f, 'leave_message');
  const notice = await waitFor('what is missing', () => nodeText(f, 'send_error'));
  assert.match(notice, /email or phone/);
  assert.equal(await value(f, 'offline_text'), message, 'the message is kept');
  await waitFor('focus in the contact field', async () => (await active(f)) === 'contact');
  assert.equal(await nodeText(f, 'message_left'), null, 'nothing was left yet');
  await shot(p, '03-offline-no-contact');
  await p.keyboard.type('ana@example.com');
  await waitFor('the notice to go', async () => (await nodeText(f, 'send_error')) === null);
  await clickOnCanvas(p, f, 'leave_message');
  await waitFor('the confirmation', () => nodeText(f, 'message_left'));
  await waitForLine(f, 'the message in the transcript', (l) => l.text.endsWith(message) && !l.pending);
  await shot(p, '04-offline-left');
  await p.close();
});
