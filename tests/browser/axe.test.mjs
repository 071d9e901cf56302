// axe-core finds no accessibility violations on the demo checkout page with the widget open: the
// page itself, and the widget's document (its DOM mirror) inside the iframe.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {DuetServer, config, waitFor} from './lib/server.mjs';
import {launch, nodeText, screenshot, sendMessage, waitForLine, widgetFrame, widgetReady} from './lib/browser.mjs';

const cfg = config();
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let server, browser;

before(async () => {
  server = new DuetServer(cfg);
  await server.start();
  browser = await launch(cfg.chromium, {bypassCSP: true});  // axe-core goes in as an inline script
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.dispose();
});

async function violations(target) {
  await target.addScriptTag({path: axePath});
  const {checked, found} = await target.evaluate(async () => {
    const r = await window.axe.run(document);
    return {checked: r.passes.length,
            found: r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`)};
  });
  assert.ok(checked > 5, 'axe ran its rules on this document');
  return found;
}

for (const scheme of ['light', 'dark']) {
  test(`axe: the demo page with the widget open has no violations (${scheme})`, async () => {
    const page = await browser.newPage({colorScheme: scheme});
    await page.emulateMedia({colorScheme: scheme});
    await page.goto(`${server.url}/demo/checkout`);
    await page.evaluate(() => localStorage.clear());  // a first visit: the pages share one profile
    await page.reload();
    await page.waitForFunction(() => !!window.Duet);
    await page.evaluate(() => window.Duet.open());
    const frame = await widgetFrame(page);
    await widgetReady(frame);
    await waitFor('the greeting', () => nodeText(frame, 'greeting'));
    await sendMessage(page, frame, 'How does Duet Pay work?');
    await waitForLine(frame, 'the AI answer', (l) => l.text.startsWith('AI assistant: '));
    await page.waitForTimeout(300);
    await screenshot(page, cfg.artifacts, `10-axe-${scheme}`);
    const found = [...(await violations(page)), ...(await violations(frame))];
    assert.deepEqual(found, [], `axe violations:\n${found.join('\n')}`);
    await page.close();
  });
}
