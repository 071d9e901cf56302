// A conversation at its size limit (limits.conversation_events 12), in Debian's Chromium against a
// real duet-server: the customer types until the server refuses with `conversation_full`. What they
// typed is not lost (it is back in the composer), the widget says in plain words why and what to do,
// and doing it (Talk to a human: a follow-up conversation) sends the same text.
// Run: DUET_SERVER=.../duet-server DUET_WEB_DIST=.../web/dist node --experimental-websocket --test conversation_full.test.mjs
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {DuetServer, config, waitFor} from './lib/server.mjs';
import {clickOnCanvas, launch, nodeText, openFromLauncher, screenshot, sendMessage, transcript, waitForLine} from './lib/browser.mjs';

const cfg = config();
let server, browser;

before(async () => {
  server = new DuetServer(cfg, {config: {limits: {conversation_events: 12}}});
  await server.start();
  browser = await launch(cfg.chromium);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.dispose();
});

const composerValue = (frame) => frame.locator('[data-id="composer"]').inputValue();

test('a full conversation gives the typed message back, says why, and Talk to a human carries on', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/demo/checkout`);
  await page.waitForFunction(() => !!window.Duet);
  const frame = await openFromLauncher(page);
  await waitFor('the greeting', () => nodeText(frame, 'greeting'));
  // Chat until the server refuses (12 events: a few questions and their answers).
  let refused = null;
  for (let i = 1; i <= 12 && !refused; ++i) {
    const text = `Question ${i}: how long does delivery take?`;
    await sendMessage(page, frame, text);
    const outcome = await waitFor(`question ${i} delivered and answered, or refused`, async () => {
      if (await nodeText(frame, 'send_error')) return 'refused';
      const lines = await transcript(frame);
      const mine = lines.findIndex((l) => l.text === `You: ${text}` && !l.pending);
      return mine >= 0 && lines.slice(mine + 1).some((l) => l.text.startsWith('AI assistant: ') && !l.pending) && 'answered';
    }, {timeout: 15000});
    if (outcome === 'refused') refused = text;
  }
  assert.ok(refused, 'the server refused a message within 12 questions');

  // Nothing typed is lost: the text is back in the box, and not shown as sent or pending.
  assert.equal(await composerValue(frame), refused);
  const lines = await transcript(frame);
  assert.equal(lines.filter((l) => l.text === `You: ${refused}`).length, 0, 'not in the transcript as if sent');
  const why = await nodeText(frame, 'send_error');
  assert.match(why, /^This chat is full, so your message wasn't sent\. It's back in the box/);
  assert.match(why, /Talk to a human/, 'it says what to do');
  assert.doesNotMatch(why, /conversation_full|limit|Your message: "/, 'not the server\'s words');
  // The reason is shown whole, above the composer, inside the panel.
  const whyBox = await frame.locator('[data-id="send_error"]').boundingBox();
  const boxBox = await frame.locator('[data-id="composer"]').boundingBox();
  const panel = await (await frame.frameElement()).boundingBox();  // boxes are in the page's pixels
  assert.ok(whyBox && boxBox && whyBox.y + whyBox.height <= boxBox.y + 1, 'above the composer');
  assert.ok(whyBox.x >= panel.x - 1 && whyBox.x + whyBox.width <= panel.x + panel.width + 1, 'inside the panel');
  await page.waitForTimeout(300);
  await screenshot(page, cfg.artifacts, 'h2-conversation-full');

  // Doing what it says: a follow-up conversation, and the same text goes out there.
  await clickOnCanvas(page, frame, 'talk_to_human');
  await waitFor('the reason to go', async () => (await nodeText(frame, 'send_error')) === null);
  assert.equal(await composerValue(frame), refused, 'still in the box');
  await frame.locator('[data-id="composer"]').click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await waitForLine(frame, 'the message delivered in the follow-up', (l) => l.text === `You: ${refused}` && !l.pending);
  assert.equal(await composerValue(frame), '');
  await page.waitForTimeout(300);
  await screenshot(page, cfg.artifacts, 'h3-follow-up');
  await page.close();
});
