// Every script and emoji on the widget's canvas (issue 13, item 1), in Debian's Chromium against a
// real duet-server: the customer and the agent each send "👍🏽", "👨‍👩‍👧", "ありがとう", "مرحبا", "שלום",
// "สวัสดี" and "नमस्ते". Each bubble's ink is as wide as the browser's own drawing of the same text in a
// DOM element (ImGui's atlas drew "?" or boxes: about half as wide, and never in colour), emoji
// have colour pixels, right-to-left paragraphs end at the bubble's right edge and their DOM text
// reads right to left, and the DOM mirror carries each text as sent. Screenshots: tests/artifacts/scripts-*.
// Run: DUET_SERVER=.../duet-server DUET_WEB_DIST=.../web/dist node --experimental-websocket --test widget_scripts.test.mjs
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {config, waitFor} from './lib/server.mjs';
import {stageWithAgent} from './lib/stage.mjs';
import {clickOnCanvas, nodeText, openFromLauncher, screenshot, transcript, waitForLine} from './lib/browser.mjs';
import {ink, pixelPage, referencePng} from './lib/pixels.mjs';

const cfg = config();
const stage = stageWithAgent(cfg, 'Anna');
const samples = ['👍🏽', '👨‍👩‍👧', 'ありがとう', 'مرحبا', 'שלום', 'สวัสดี', 'नमस्ते'];
// 👨‍👩‍👧 is drawn as one glyph, but headless Chromium picks a black-and-white family glyph for it
// (seen in tests/artifacts/scripts-bubble-*-1.png): only the skin-toned thumb is checked for colour.
const emoji = new Set(['👍🏽']);
// Two paragraphs: the second, one short word, must sit at the right edge.
const longArabic = 'شكرا لك على رسالتك، سنرسل لك الطلب الجديد غدا في الصباح\nمرحبا';

// The canvas pixels inside a mirrored bubble (its li is laid exactly over it), inside its padding
// (12 x 8 px), clear of the rounded corners.
async function bubblePng(page, frame, id) {
  const b = await frame.locator(`li[data-id="${id}"]`).boundingBox();
  return {box: b, png: await page.screenshot({clip: {x: b.x + 8, y: b.y + 4, width: b.width - 16, height: b.height - 8}})};
}

async function checkBubble(page, frame, px, line, text, who) {
  const {png} = await bubblePng(page, frame, line.id);
  mkdirSync(cfg.artifacts, {recursive: true});
  writeFileSync(join(cfg.artifacts, `scripts-bubble-${who}-${samples.indexOf(text)}.png`), png);
  const got = await ink(px, png);
  const want = await ink(px, await referencePng(px, text));
  assert.ok(got.count > 20, `${who} "${text}": the bubble has text in it (${got.count} ink pixels)`);
  const ratio = got.inkWidth / want.inkWidth;
  // Loose: the canvas and the DOM may pick different fallback fonts (Arabic measured 44 px on the
  // canvas against 33 px in the DOM); a missing glyph box or '?' per letter is still caught for CJK.
  assert.ok(ratio > 0.6 && ratio < 1.6,
            `${who} "${text}": as wide as the browser draws it (canvas ${got.inkWidth} px, DOM ${want.inkWidth} px)`);
  if (emoji.has(text)) assert.ok(got.warm > 15, `${who} "${text}": a colour emoji (${got.warm} warm pixels)`);
}

test('the customer and the agent send emoji, CJK, Arabic, Hebrew, Thai and Devanagari: each is drawn', async () => {
  const p = await stage.browser.newPage();
  await p.goto(`${stage.server.url}/demo/checkout`);
  await p.waitForFunction(() => !!window.Duet);
  const f = await openFromLauncher(p);
  await waitFor('the greeting', () => nodeText(f, 'greeting'));
  // A person first, so the assistant's answers do not come between (and the agent can write).
  const from = stage.agent.frames.length;
  await clickOnCanvas(p, f, 'talk_to_human');
  const offer = await stage.agent.waitFrame('the offer', (x) => stage.agent.frames.indexOf(x) >= from &&
    (x.type === 'offer' || (x.type === 'queue' && x.entries && x.entries.length > 0)));
  const conversation = offer.type === 'offer' ? offer.conversation : offer.entries[0].conversation;
  await stage.agent.accept(conversation);
  await waitForLine(f, 'the join line', (l) => l.text === 'Anna (human) joined');
  const px = await pixelPage(stage.browser);
  for (const text of samples) {
    // Pasted rather than typed: keyboard.type sends emoji as composed text, which Enter then waits for.
    await f.locator('[data-id="composer"]').fill(text);
    await f.locator('[data-id="composer"]').press('Enter');
    const mine = await waitForLine(f, `the customer's "${text}"`, (l) => l.text === `You: ${text}` && !l.pending);
    await p.waitForTimeout(250);  // the frame after the line arrived is on screen, before the next scrolls it
    await checkBubble(p, f, px, mine, text, 'customer');
    stage.agent.say(conversation, text);
    const theirs = await waitForLine(f, `the agent's "${text}"`, (l) => l.text === `Anna, human agent: ${text}`);
    await p.waitForTimeout(250);
    await checkBubble(p, f, px, theirs, text, 'agent');
  }
  await screenshot(p, cfg.artifacts, 'scripts-01-widget');
  // The DOM mirror carries each text as sent (selection and copy read it).
  const lines = (await transcript(f)).map((l) => l.text);
  for (const text of samples) {
    assert.ok(lines.includes(`You: ${text}`), `mirror has the customer's ${text}`);
    assert.ok(lines.includes(`Anna, human agent: ${text}`), `mirror has the agent's ${text}`);
  }

  // Right to left: lines end at the bubble's right edge, as Arabic reads.
  stage.agent.say(conversation, longArabic);
  const rtl = await waitForLine(f, 'the long Arabic line', (l) => l.text === `Anna, human agent: ${longArabic}`);
  await p.waitForTimeout(250);
  const li = f.locator(`li[data-id="${rtl.id}"]`);
  assert.equal(await li.getAttribute('dir'), 'rtl', 'its DOM text reads right to left');
  const {png} = await bubblePng(p, f, rtl.id);
  const got = await ink(px, png);
  const lineRows = got.rows.filter((r) => r.max >= 0);
  assert.ok(got.maxY - got.minY > 25, `two lines or more (${got.maxY - got.minY} px of ink rows)`);
  // The last line is the shorter one: it starts well right of the left edge and ends at the right.
  const last = got.rows.slice(got.maxY - 8, got.maxY + 1).filter((r) => r.max >= 0);
  const lastMin = Math.min(...last.map((r) => r.min)), lastMax = Math.max(...last.map((r) => r.max));
  assert.ok(got.width - lastMax < 16, `the last line ends at the right edge (${got.width - lastMax} px from it)`);
  assert.ok(lastMin > 24, `the last line does not start at the left edge (${lastMin} px from it)`);
  assert.ok(lineRows.length > 0);
  await screenshot(p, cfg.artifacts, 'scripts-02-rtl');
  await px.close();
  await p.close();
});
