// A customer speaking the protocol on /ws/customer from node (docs/protocol.md), without the widget:
// builds conversations before a page loads and reads them back page by page. Every frame it
// receives is kept so tests can wait for one; every wait is bounded.
import {waitFor} from './server.mjs';

export class RawCustomer {
  constructor(serverUrl) {
    this.url = serverUrl.replace(/^http/, 'ws') + '/ws/customer';
    this.frames = [];
    this.counter = 0;
  }

  // Opens the socket and sends `hello` (site, and resume/last_seq to resume); returns the welcome.
  async connect(hello) {
    this.ws = new WebSocket(this.url);
    this.ws.addEventListener('message', (e) => { try { this.frames.push(JSON.parse(e.data)); } catch { /* not JSON */ } });
    await new Promise((resolve, reject) => {
      this.ws.addEventListener('open', resolve, {once: true});
      this.ws.addEventListener('error', () => reject(new Error('customer socket failed')), {once: true});
    });
    this.send({type: 'hello', locale: 'en', ...hello});
    this.welcome = await this.waitFrame('welcome', (f) => f.type === 'welcome');
    return this.welcome;
  }

  send(frame) { this.ws.send(JSON.stringify({v: 1, ...frame})); }

  waitFrame(what, pred, timeout = 15000) {
    return waitFor(what, () => this.frames.find(pred), {timeout});
  }

  // Says `text` and waits for its ack (a refusal throws with the server's error).
  async say(text) {
    const cid = `raw-${++this.counter}`;
    this.send({type: 'say', cid, text});
    const f = await this.waitFrame(`the ack of ${cid}`, (x) => (x.type === 'ack' || x.type === 'error') && x.cid === cid);
    if (f.type === 'error') throw new Error(`say refused: ${f.code}: ${f.message}`);
    return f.seq;
  }

  // Events of this connection's conversation received live (`event` frames).
  liveEvents() { return this.frames.filter((f) => f.type === 'event').map((f) => f.event); }

  // The whole transcript after the welcome: asks for `replay` pages until `more` is absent (at most
  // `maxPages`). Returns {pages, events}, pages[0] being the welcome's own.
  async readAll(maxPages = 100) {
    const pages = [this.welcome.events || []];
    let more = !!this.welcome.more;
    let seen = 0;
    while (more) {
      if (pages.length > maxPages) throw new Error(`more than ${maxPages} replay pages`);
      const last = pages.flat().at(-1);
      this.send({type: 'replay', after: last ? last.seq : 0});
      const page = await this.waitFrame(`replay page ${pages.length}`,
        (f) => f.type === 'replay' && this.frames.indexOf(f) >= seen);
      seen = this.frames.indexOf(page) + 1;
      pages.push(page.events || []);
      more = !!page.more;
    }
    return {pages, events: pages.flat()};
  }

  close() { try { this.ws.close(); } catch { /* already closed */ } }
}
