// The agent console (/agent) driven like a person, through its DOM mirror (what a screen reader
// gets): sign in by typing the token, go available, press buttons with the keyboard, read nodes.
import {waitFor} from './server.mjs';

// The label of the mirrored node `id` (null when it is not on screen).
export const mirror = (page, id) => page.evaluate((i) => {
  const el = document.querySelector(`[data-id="${i}"]`);
  return el ? (el.getAttribute('aria-label') || el.textContent) : null;
}, id);

// Mirrored nodes whose id starts with `prefix`, in DOM order (= reading order), with their labels.
export const mirrored = (page, prefix) => page.evaluate((p) =>
  Array.from(document.querySelectorAll(`[data-id^="${p}"]`)).map((el) => ({
    id: el.dataset.id, label: el.getAttribute('aria-label') || el.textContent})), prefix);

// The lines of the conversation on screen, as labelled in the mirror ("Customer: ...").
export const consoleLines = (page) => page.evaluate(() =>
  Array.from(document.querySelectorAll('.m-transcript li[data-id^="line-"]')).map((li) => li.textContent));

// Presses a mirrored button with the keyboard: focus it, Enter (a real <button> clicks).
export async function press(page, id) {
  await waitFor(`the ${id} button`, () => page.locator(`[data-id="${id}"]`).count());
  await page.locator(`[data-id="${id}"]`).focus();
  await page.keyboard.press('Enter');
}

// Opens /agent as duet-server prints it (no trailing slash), types the token, Enter.
export async function signIn(page, serverUrl, token) {
  await page.goto(`${serverUrl}/agent?quiet=1`);
  const field = page.locator('[data-id="agent_token"]');
  await waitFor('the token field', () => field.count(), {timeout: 20000});
  await field.click();
  await page.keyboard.type(token);
  await page.keyboard.press('Enter');
  return waitFor('signed in', () => mirror(page, 'agent_name'));
}

export async function setAvailable(page, on = true) {
  const box = page.locator('[data-id="availability"]');
  await waitFor('the availability checkbox', () => box.count());
  if ((await box.getAttribute('aria-checked') === 'true') !== on) await press(page, 'availability');
  await waitFor(on ? 'available' : 'away', async () => (await box.getAttribute('aria-checked')) === String(on));
}

// Types a reply into the composer of the conversation on screen and sends it.
export async function reply(page, text) {
  await page.locator('[data-id="agent_composer"]').click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

// Everyone in the WAITING list as the console shows them: conversation, kind (offer: Accept;
// queue: Take) and the place "#N" the list gives them (null when it gives none).
export async function waitingList(page) {
  const nodes = [...await mirrored(page, 'offer-'), ...await mirrored(page, 'queue-')];
  const order = await page.evaluate(() => Array.from(document.querySelectorAll('[data-id]'), (el) => el.dataset.id));
  nodes.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  return nodes.map((n) => {
    const place = /#(\d+)/.exec(n.label);
    return {conversation: n.id.replace(/^(offer|queue)-/, ''), kind: n.id.split('-')[0],
            place: place ? +place[1] : null, label: n.label};
  });
}
