// Starts a real duet-server for a test: a free 127.0.0.1 port, a fresh temporary data directory,
// the staged web build, and the demo site. Every wait is bounded.
import {spawn, execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

export function config() {
  const server = process.env.DUET_SERVER;
  const dist = process.env.DUET_WEB_DIST;
  if (!server || !dist) {
    throw new Error('Set DUET_SERVER (path to duet-server) and DUET_WEB_DIST (the wasm build\'s web/dist)');
  }
  return {server, dist, chromium: process.env.DUET_CHROMIUM || '/usr/bin/chromium',
          artifacts: process.env.DUET_ARTIFACTS || new URL('../../artifacts/', import.meta.url).pathname};
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const {port} = s.address(); s.close(() => resolve(port)); });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(what, fn, {timeout = 10000, every = 50} = {}) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try { const v = await fn(); if (v) return v; } catch (e) { last = e; }
    await sleep(every);
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? ': ' + last.message : ''}`);
}

export class DuetServer {
  // `args`: more command-line flags for duet-server; `config`: a config object, written to a file
  // in the data dir and passed with --config.
  constructor({server, dist}, {args = [], config} = {}) {
    this.binary = server;
    this.dist = dist;
    this.data = mkdtempSync(join(tmpdir(), 'duet-browser-'));
    this.args = args;
    if (config) {
      const file = join(this.data, 'config.json');
      writeFileSync(file, JSON.stringify(config));
      this.args = [...args, '--config', file];
    }
    this.proc = null;
    this.log = '';
  }

  // Registers an agent in the store (before or between runs) and returns its token.
  addAgent(name) {
    const out = execFileSync(this.binary, ['add-agent', '--data', this.data, '--name', name], {encoding: 'utf8'});
    const token = out.trim().split(/\s+/).pop();
    if (!token) throw new Error(`add-agent printed no token: ${out}`);
    return token;
  }

  async start(port) {
    this.port = port || this.port || await freePort();
    this.url = `http://127.0.0.1:${this.port}`;
    this.proc = spawn(this.binary, ['--port', String(this.port), '--data', this.data, '--web', this.dist, '--demo', ...this.args],
                      {stdio: ['ignore', 'pipe', 'pipe']});
    const keep = (b) => { this.log = (this.log + b.toString()).slice(-20000); };
    this.proc.stdout.on('data', keep);
    this.proc.stderr.on('data', keep);
    const exited = new Promise((r) => this.proc.once('exit', (code) => r(code)));
    this.exited = exited;
    await waitFor('duet-server to serve /duet.js', async () => {
      if (this.proc.exitCode !== null) throw new Error(`duet-server exited (${this.proc.exitCode}):\n${this.log}`);
      const r = await fetch(`${this.url}/duet.js`);
      return r.ok;
    }, {timeout: 15000, every: 100});
    return this;
  }

  // Stops the process (SIGTERM, then SIGKILL after 5 s); the data directory stays for a restart.
  async stop() {
    if (!this.proc || this.proc.exitCode !== null) return;
    this.proc.kill('SIGTERM');
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(t);
  }

  async dispose() {
    await this.stop();
    rmSync(this.data, {recursive: true, force: true});
  }
}
