// A test agent speaking the protocol on /ws/agent (docs/protocol.md): signs in, goes available,
// accepts and replies. Every frame it receives is kept so tests can wait for one.
import {waitFor} from './server.mjs';

export class TestAgent {
  constructor(serverUrl, token) {
    this.url = serverUrl.replace(/^http/, 'ws') + '/ws/agent';
    this.token = token;
    this.frames = [];
    this.counter = 0;
  }

  async connect({available = true, capacity = 3} = {}) {
    this.ws = new WebSocket(this.url);
    this.ws.addEventListener('message', (e) => { try { this.frames.push(JSON.parse(e.data)); } catch { /* not JSON */ } });
    await new Promise((resolve, reject) => {
      this.ws.addEventListener('open', resolve, {once: true});
      this.ws.addEventListener('error', () => reject(new Error('agent socket failed')), {once: true});
    });
    this.send({type: 'agent_hello', token: this.token});
    await this.waitFrame('agent_welcome', (f) => f.type === 'agent_welcome');
    this.send({type: 'status', available, capacity});
    return this;
  }

  send(frame) { this.ws.send(JSON.stringify({v: 1, ...frame})); }

  waitFrame(what, pred, timeout = 15000) {
    return waitFor(what, () => this.frames.find(pred), {timeout});
  }

  // The conversation offered to this agent (offer frame, or a queue entry).
  async offered(timeout = 15000) {
    const f = await this.waitFrame('an offer or a queued conversation',
      (x) => x.type === 'offer' || (x.type === 'queue' && x.entries && x.entries.length > 0), timeout);
    return f.type === 'offer' ? f.conversation : f.entries[0].conversation;
  }

  async accept(conversation) {
    this.send({type: 'accept', conversation});
    return this.waitFrame('a snapshot', (f) => f.type === 'snapshot' && f.conversation === conversation);
  }

  say(conversation, text) { this.send({type: 'say', conversation, cid: `t-${++this.counter}`, text}); }

  // Customer messages received in events (or snapshots) for a conversation.
  customerTexts(conversation) {
    const out = [];
    for (const f of this.frames) {
      const events = f.type === 'event' && f.conversation === conversation ? [f.event]
                   : f.type === 'snapshot' && f.conversation === conversation ? f.events : [];
      for (const e of events || []) if (e.kind === 'message' && e.speaker === 'customer') out.push(e.text);
    }
    return out;
  }

  close() { try { this.ws.close(); } catch { /* already closed */ } }
}
