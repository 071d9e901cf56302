// A streamed answer end to end: duet-server configured with a scripted OpenAI-compatible endpoint
// (started here, on 127.0.0.1, answering with server-sent events a piece every 400 ms) relays the
// pieces as `stream` frames; the widget grows one AI bubble, then the final message replaces it:
// one bubble, read once by the live region. Screenshots: tests/artifacts/assistant-stream-*.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {createServer} from 'node:http';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {DuetServer, config, freePort, waitFor} from './lib/server.mjs';
import {announcements, launch, nodeText, openFromLauncher, recordAnnouncements, screenshot, sendMessage,
        transcript} from './lib/browser.mjs';

const cfg = config();
const pieces = ['[about-duet-pay] ', 'Duet Pay lets you ', 'get your goods first ', 'and pay later, ',
                'by invoice or in instalments.'];
let llm, server, browser;

function fakeEndpoint() {
  return createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      res.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache'});
      for (const p of pieces) {
        res.write(`data: ${JSON.stringify({choices: [{index: 0, delta: {content: p}}]})}\n\n`);
        await new Promise((r) => setTimeout(r, 400));
      }
      res.write(`data: ${JSON.stringify({choices: [{index: 0, delta: {}, finish_reason: 'stop'}]})}\n\n`);
      res.end('data: [DONE]\n\n');
    });
  });
}

before(async () => {
  const port = await freePort();
  llm = fakeEndpoint();
  await new Promise((r) => llm.listen(port, '127.0.0.1', r));
  const dir = mkdtempSync(join(tmpdir(), 'duet-llm-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({assistant: {llm: {url: `http://127.0.0.1:${port}/v1/chat/completions`,
                                                        model: 'fake', timeout_ms: 15000}}}));
  server = new DuetServer(cfg, {args: ['--config', file]});
  await server.start();
  browser = await launch(cfg.chromium);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.dispose();
  if (llm) llm.close();
});

test('a streamed answer grows in one AI bubble and is replaced by its final message', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/demo/checkout`);
  await page.waitForFunction(() => !!window.Duet);
  const frame = await openFromLauncher(page);
  await waitFor('the greeting', () => nodeText(frame, 'greeting'));
  await recordAnnouncements(frame);
  const question = 'How does Duet Pay work?';
  await sendMessage(page, frame, question);
  const growing = await waitFor('a streamed bubble', async () =>
    (await transcript(frame)).find((l) => /^stream-/.test(l.id) && /get your goods/.test(l.text)), {timeout: 15000});
  assert.match(growing.text, /^AI assistant: Duet Pay lets you get your goods first/);
  assert.ok(!growing.text.includes('[about-duet-pay]'), 'the citation is not shown');
  await screenshot(page, cfg.artifacts, 'assistant-stream-1-growing');
  await waitFor('the final message', async () =>
    (await transcript(frame)).find((l) => /^msg-\d+$/.test(l.id) && l.text.startsWith('AI assistant: ')), {timeout: 15000});
  const ai = (await transcript(frame)).filter((l) => l.text.startsWith('AI assistant: '));
  assert.equal(ai.length, 1, 'one AI bubble, never two');
  assert.equal(ai[0].text, 'AI assistant: Duet Pay lets you get your goods first and pay later, by invoice or in instalments.');
  await page.waitForTimeout(300);
  await screenshot(page, cfg.artifacts, 'assistant-stream-2-final');
  const said = await announcements(frame);
  assert.equal(said.filter((x) => x.startsWith('AI assistant: ')).length, 1, 'read once, the final text');
  await page.close();
});
