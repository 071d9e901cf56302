// Debian's Chromium, headless, driven by playwright-core (never a downloaded browser), plus helpers
// that read the widget through its DOM mirror: the same view a screen reader gets.
import {mkdtempSync, mkdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {chromium} from 'playwright-core';
import {waitFor} from './server.mjs';

// `bypassCSP`: for tests that inject scripts of their own (axe-core), which the pages' CSP refuses.
export async function launch(executablePath, {bypassCSP = false} = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'duet-chromium-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath,
    bypassCSP,
    headless: true,
    viewport: {width: 1200, height: 820},
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader', '--use-angle=swiftshader'],
  });
}

// The widget's iframe (it lives in the loader's closed shadow root, so it is found as a frame).
export async function widgetFrame(page) {
  return waitFor('the widget iframe', () => page.frames().find((f) => /\/widget\/(\?|$)/.test(f.url())), {timeout: 15000});
}

// Clicks the launcher (bottom right of the page) and waits for the widget to boot in its frame.
export async function openFromLauncher(page) {
  const {width, height} = page.viewportSize();
  await page.mouse.click(width - 20 - 28, height - 20 - 28);
  const frame = await widgetFrame(page);
  await widgetReady(frame);
  return frame;
}

// Waits until the widget app has booted inside the frame.
export async function widgetReady(frame) {
  await waitFor('the widget module', () => frame.evaluate(() => !!(window.duet && window.duet.module)), {timeout: 20000});
}

export const transcript = (frame) => frame.evaluate(() =>
  Array.from(document.querySelectorAll('.m-transcript li')).map((li) => ({
    id: li.dataset.id, text: li.textContent, pending: li.classList.contains('pending')})));

export async function waitForLine(frame, what, pred, timeout = 15000) {
  return waitFor(what, async () => (await transcript(frame)).find(pred), {timeout});
}

// The first line after the customer's own `said` that starts with `speaker` (e.g. 'AI assistant: '):
// the reply to it, however many lines come between.
export async function waitForReply(frame, said, speaker = 'AI assistant: ', timeout = 15000) {
  return waitFor(`the reply to "${said}"`, async () => {
    const lines = await transcript(frame);
    let mine = -1;
    for (let i = lines.length - 1; i >= 0 && mine < 0; --i) if (lines[i].text === `You: ${said}`) mine = i;
    return mine >= 0 && lines.slice(mine + 1).find((l) => l.text.startsWith(speaker) && !l.pending);
  }, {timeout});
}

export const nodeText = (frame, id) => frame.evaluate((i) => {
  const el = document.querySelector(`[data-id="${i}"]`);
  return el ? (el.getAttribute('aria-label') || el.textContent) : null;
}, id);

export const frames = (frame) => frame.evaluate(() => window.duet.frames());

// Clicks the canvas where the mirror says a button is: proves what is drawn and what is mirrored
// are the same place, and exercises ImGui's own hit testing.
export async function clickOnCanvas(page, frame, id) {
  const box = await waitFor(`the ${id} button`, () => frame.locator(`[data-id="${id}"]`).boundingBox());
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  return box;
}

// Types into the composer like a person (click, keys, Enter).
export async function sendMessage(page, frame, text) {
  await frame.locator('[data-id="composer"]').click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

export async function screenshot(page, dir, name) {
  mkdirSync(dir, {recursive: true});
  await page.screenshot({path: join(dir, `${name}.png`)});
}

// Records what the live region announces, from the moment it is called.
export const recordAnnouncements = (frame) => frame.evaluate(() => {
  window.__announced = [];
  const live = document.getElementById('duet-live');
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) window.__announced.push(n.textContent);
  }).observe(live, {childList: true});
});
export const announcements = (frame) => frame.evaluate(() => window.__announced.slice());

// A browser whose contexts share nothing (`browser.newContext()`): one per person, so several
// customers on the same checkout page each keep their own conversation. Flags as in launch().
export async function launchIsolated(executablePath) {
  return chromium.launch({executablePath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader', '--use-angle=swiftshader']});
}
