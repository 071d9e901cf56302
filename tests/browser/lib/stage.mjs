// The stage most browser tests need: a real duet-server on a free loopback port with one agent who is
// signed in over the protocol (TestAgent, so "a person is online"), and Debian's Chromium. Registers
// the file's before/after hooks; the returned object is filled in once `before` has run.
import {after, before} from 'node:test';
import {DuetServer} from './server.mjs';
import {TestAgent} from './agent.mjs';
import {launch} from './browser.mjs';

export function stageWithAgent(cfg, name = 'Anna') {
  const stage = {server: null, browser: null, agent: null, token: null};
  before(async () => {
    stage.server = new DuetServer(cfg);
    stage.token = stage.server.addAgent(name);
    await stage.server.start();
    stage.browser = await launch(cfg.chromium);
    stage.agent = await new TestAgent(stage.server.url, stage.token).connect();
  });
  after(async () => {
    if (stage.agent) stage.agent.close();
    if (stage.browser) await stage.browser.close();
    if (stage.server) await stage.server.dispose();
  });
  return stage;
}
