// A customer on the demo checkout, walked like a person: their own browser context, every page
// error and console error kept, the chat opened from the launcher, the launcher read as a screen
// reader reads it, and every status the widget shows recorded as it changes.
import {waitFor} from './server.mjs';
import {widgetFrame, widgetReady} from './browser.mjs';

// Page errors and console errors of `page` go into `errors` as "who: message".
export function watchErrors(page, who, errors) {
  page.on('pageerror', (e) => errors.push(`${who}: pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = (m.location() && m.location().url) || '';
    if (/favicon\.ico$/.test(url)) return;  // the server has no favicon; the browser asks anyway
    errors.push(`${who}: console: ${m.text()} ${url}`);
  });
}

// A new person: a context of their own in an isolated browser (launchIsolated), one page.
export async function newPerson(browser, who, errors) {
  const context = await browser.newContext({viewport: {width: 1200, height: 820}});
  const page = await context.newPage();
  watchErrors(page, who, errors);
  return page;
}

export async function openCheckout(page, serverUrl) {
  await page.goto(`${serverUrl}/demo/checkout`);
  await page.waitForFunction(() => !!window.Duet);
}

// Clicks the launcher (bottom right) and waits for the widget in its frame.
export async function openChat(page) {
  const {width, height} = page.viewportSize();
  await page.mouse.click(width - 20 - 28, height - 20 - 28);
  const widget = await widgetFrame(page);
  await widgetReady(widget);
  await waitFor('the panel open', () => widget.locator('[data-id="composer"]').isVisible());
  return widget;
}

// The conversation a customer's page is in: the id at the front of the resume token the loader
// keeps in the shop's localStorage.
export const conversationOf = (page) => page.evaluate(() => {
  for (let i = 0; i < localStorage.length; ++i) {
    const key = localStorage.key(i);
    if (key.endsWith('resume') && localStorage.getItem(key)) return localStorage.getItem(key).split('.')[0];
  }
  return null;
});

// The launcher's accessible name ("Open chat, 1 unread"), read from the page's accessibility tree:
// the launcher lives in a closed shadow root, which no selector reaches.
export async function launcherName(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const {nodes} = await cdp.send('Accessibility.getFullAXTree');
    const button = nodes.find((n) => n.role && n.role.value === 'button' && n.name && /^Open chat/.test(n.name.value));
    return button ? button.name.value : null;
  } finally {
    await cdp.detach();
  }
}

// From now on, every distinct status the widget shows, in order, one entry per change: the
// header's state, the queue status node (id "queue"), whether the offline card is up, and the
// transcript's state lines. A MutationObserver sees every frame the mirror draws.
export const recordStatuses = (widget) => widget.evaluate(() => {
  window.__statuses = [];
  const label = (id) => {
    const el = document.querySelector(`[data-id="${id}"]`);
    return el ? (el.getAttribute('aria-label') || el.textContent) : null;
  };
  const take = () => {
    const title = label('title');
    const s = {header: title && title.replace(/^[^.]*\.\s*/, ''), queue: label('queue'),
               offline_card: !!document.querySelector('[data-id="open_offline_form"]'),
               lines: Array.from(document.querySelectorAll('.m-transcript li'), (li) => li.textContent)
                 .filter((t) => /in the queue|available right now|back with the AI/.test(t))};
    const last = window.__statuses.at(-1);
    if (!last || JSON.stringify(last) !== JSON.stringify(s)) window.__statuses.push(s);
  };
  take();
  new MutationObserver(take).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
});
export const statuses = (widget) => widget.evaluate(() => window.__statuses.slice());
