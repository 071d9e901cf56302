// The widget page's bridge to the loader (duet.js) in the merchant's page: commands come in by
// postMessage from the parent window only; events go back to the origin that started us. Opened
// directly (/widget/?site=KEY&locale=sv), the page runs the widget on its own for development.
// The site key comes from this page's URL only, never from the parent: the server chose who may
// frame this page (frame-ancestors) by that same key, so a page cannot borrow another site's key.
(function () {
  'use strict';
  var parentWindow = window.parent !== window ? window.parent : null;
  var parentOrigin = null;
  var dark = matchMedia('(prefers-color-scheme: dark)');
  var wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/customer';
  var query = new URLSearchParams(location.search);
  var site = query.get('site') || '';

  function send(msg) {
    msg.duet = 1;
    if (parentWindow && parentOrigin) parentWindow.postMessage(msg, parentOrigin);
  }

  window.duet.onEvent = function (e) { send({event: e}); };

  window.duet.ready.then(function (m) {
    function start(cmd) {
      cmd.url = wsUrl;
      cmd.site = site;
      cmd.dark = dark.matches;
      document.documentElement.lang = (cmd.locale || 'en').slice(0, 2);
      m.command(cmd);
    }
    window.addEventListener('message', function (e) {
      var data = e.data;
      if (!parentWindow || e.source !== parentWindow || !data || !data.duet || !data.cmd) return;
      if (data.cmd.type === 'start') {
        if (parentOrigin) return;  // one loader, one start
        parentOrigin = e.origin;
        start(data.cmd);
      } else if (parentOrigin === e.origin) {
        if (data.cmd.type === 'locale') document.documentElement.lang = String(data.cmd.locale || 'en').slice(0, 2);
        m.command(data.cmd);
      }
    });
    dark.addEventListener('change', function () { m.command({type: 'scheme', dark: dark.matches}); });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { m.command({type: 'close'}); send({event: {type: 'close'}}); }
    });
    if (parentWindow) {
      parentWindow.postMessage({duet: 1, hello: 1}, '*');  // carries nothing; the loader answers with start
    } else {
      start({type: 'start', locale: query.get('locale') || navigator.language,
             brand: query.get('brand') || '', resume: '', outbox: '', context: {page: location.href}, open: true});
      m.command({type: 'open', focus: true});
    }
  });
})();
