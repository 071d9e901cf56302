// Duet loader. One tag on the merchant's page:
//   <script src="https://SERVER/duet.js" data-site="KEY" async></script>
// It draws only the launcher (a button in a closed shadow root: no WebGL, no WASM, no request)
// until the customer shows intent (hover, focus or click), or a conversation is already running.
// The widget then lives in an iframe served by Duet: the page's CSS cannot break it, and its
// keyboard handling, WebGL context and CSP stay out of the page. The resume token, the unsent
// messages and the unread count are kept in this (the merchant's) origin's localStorage.
// API: window.Duet (the only global), documented in docs/embedding.md.
(function (w, d) {
'use strict';
var me = d.currentScript;
if (w.Duet || !me) return;
var origin = new URL(me.src, location.href).origin;
var data = me.dataset;
var site = data.site || '';
var prefix = 'duet:' + site + ':';
var locale = data.locale || d.documentElement.lang || navigator.language || 'en';
var brand = /^#[0-9a-f]{3,8}$/i.test(data.color || '') ? data.color : '#2456d6';
var frame, ready, isOpen, ctx = {page: location.origin + location.pathname}, listeners = {}, queue = [];
var words = {sv: ['Öppna chatten', 'olästa'], de: ['Chat öffnen', 'ungelesen']}[locale.slice(0, 2)] || ['Open chat', 'unread'];

function load(k) { try { return localStorage.getItem(prefix + k); } catch (e) { return null; } }
function store(k, v) { try { v == null || v === '' ? localStorage.removeItem(prefix + k) : localStorage.setItem(prefix + k, v); } catch (e) {} }
function emit(type, arg) {
(listeners[type] || []).forEach(function (f) { try { f(arg); } catch (e) { console.error(e); } });
}
function post(cmd) { ready ? frame.contentWindow.postMessage({duet: 1, cmd: cmd}, origin) : queue.push(cmd); }

// The launcher, isolated in a closed shadow root; styles through a constructed sheet (allowed
// under a strict style-src CSP) with a <style> fallback.
var host = d.createElement('div');
host.setAttribute('data-duet', '');
var root = host.attachShadow({mode: 'closed'});
var css = ':host{all:initial;position:fixed;right:20px;bottom:20px;z-index:2147483000}' +
'.l{position:relative;width:56px;height:56px;border-radius:50%;border:0;padding:0;cursor:pointer;background:' + brand + ';color:#fff;box-shadow:0 4px 16px #0004;display:grid;place-items:center}' +
'.l:focus-visible{outline:3px solid ' + brand + ';outline-offset:3px}' +
'.b{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;border-radius:10px;background:#c4281c;color:#fff;font:600 12px/20px system-ui,sans-serif}' +
'.p{position:fixed;right:20px;bottom:88px;width:380px;height:min(640px,calc(100vh - 108px));border:0;border-radius:16px;box-shadow:0 12px 48px #0005;background:#fff;display:none}' +
'.o .p{display:block}' +
'@media (max-width:480px){.p{right:0;bottom:0;width:100vw;height:100%;border-radius:0}.o .l{display:none}}';
try { var sheet = new CSSStyleSheet(); sheet.replaceSync(css); root.adoptedStyleSheets = [sheet]; }
catch (e) { var st = d.createElement('style'); st.textContent = css; root.appendChild(st); }
var box = d.createElement('div');
var button = d.createElement('button');
button.className = 'l';
button.type = 'button';
button.innerHTML = '<svg width="26" height="26" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M3 4h18v13H9l-6 4z"/></svg><span class="b" hidden></span>';
var badge = button.lastChild;
box.appendChild(button);
root.appendChild(box);

function unread(n) {
n = +n || 0;
badge.hidden = !n;
badge.textContent = n > 9 ? '9+' : n;
button.setAttribute('aria-label', words[0] + (n ? ', ' + n + ' ' + words[1] : ''));
}

function boot() {
if (frame) return;
frame = d.createElement('iframe');
frame.className = 'p';
frame.title = 'Chat';
frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox');
frame.src = origin + '/widget/?site=' + encodeURIComponent(site);
box.appendChild(frame);
}

w.addEventListener('message', function (e) {
var m = e.data;
if (!frame || e.source !== frame.contentWindow || e.origin !== origin || !m || !m.duet) return;
if (m.hello) {
ready = 1;
queue.unshift({type: 'start', locale: locale, brand: brand, resume: load('resume') || '', seen: load('seen') || '', outbox: load('outbox') || '', context: ctx, open: !!isOpen});
queue.splice(0).forEach(post);
return;
}
var ev = m.event || {};
var t = ev.type;
// persist: the widget sends the outbox as JSON text ('' when empty).
if (t == 'persist') { store('resume', ev.resume); store('seen', ev.seen); store('outbox', ev.outbox); store('state', ev.state); }
else if (t == 'unread') { store('unread', ev.count || ''); unread(ev.count); emit(t, ev.count); }
else if (t == 'close') api.close();
else if (t == 'state') emit(t, ev.state);
else if (t == 'message') emit(t, ev);
else if (t == 'ready') emit(t);
});

var api = w.Duet = {
open: function () {
if (isOpen) return api;
boot();
isOpen = 1;
box.className = 'o';
button.setAttribute('aria-expanded', 'true');
post({type: 'open', focus: true});
frame.focus();
store('unread', '');
unread(0);
emit('open');
return api;
},
close: function () {
if (!isOpen) return api;
isOpen = 0;
box.className = '';
button.setAttribute('aria-expanded', 'false');
post({type: 'close'});
button.focus();
emit('close');
return api;
},
toggle: function () { return isOpen ? api.close() : api.open(); },
talkToHuman: function () { api.open(); post({type: 'human'}); return api; },
// Context and identity are merged here and mapped to protocol fields inside the widget, which
// keeps this file small.
identify: function (u) { ctx.user = u || {}; post({type: 'context', context: ctx}); return api; },
setContext: function (c) { Object.assign(ctx, c); post({type: 'context', context: ctx}); return api; },
setLocale: function (l) { locale = String(l); post({type: 'locale', locale: locale}); return api; },
on: function (type, fn) { (listeners[type] = listeners[type] || []).push(fn); return api; }
};

button.addEventListener('click', api.toggle);
// Intent: hovering or focusing the launcher loads the widget (hidden) so opening is instant.
button.addEventListener('pointerenter', boot);
button.addEventListener('focus', boot);
unread(load('unread'));
(d.body || d.documentElement).appendChild(host);
// A conversation already running (a reload or another page): connect when the page is idle (within
// 2 s even on a busy or background page), so replies keep arriving and the unread count stays true.
// requestIdleCallback takes options, not a delay: a number there throws, and nothing after it runs.
var state = load('state');
if (load('resume') && state != 'closed') w.requestIdleCallback ? w.requestIdleCallback(boot, {timeout: 2e3}) : setTimeout(boot, 1);
w.dispatchEvent(new Event('duet:load'));
})(window, document);
