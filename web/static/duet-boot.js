// Boots a Duet web app page: fetches the UI font while the WebAssembly module loads, hands the font
// to the module (atlas) and to the page (the real text fields use it too), and exposes
// window.duet = {ready: Promise<Module>, onEvent, frames()} to the page's own script.
// Attributes on this <script>: data-factory (the module's factory name), data-wasm, data-font, and
// data-font-extra (Greek + Cyrillic, fetched only when needed: by the app for the canvas, by the
// browser for the text fields through the FontFace's unicode-range).
(function () {
  'use strict';
  var d = document.currentScript.dataset;
  var font = fetch(d.font).then(function (r) { return r.ok ? r.arrayBuffer() : null; }).catch(function () { return null; });
  var duet = window.duet = {
    module: null,
    onEvent: null,
    // Frames rendered since the app started: stays still while nothing changes.
    frames: function () { return duet.module ? duet.module.frames || 0 : 0; }
  };
  duet.ready = window[d.factory]({
    locateFile: function (path) { return /\.wasm$/.test(path) ? d.wasm : path; },
    fontExtra: d.fontExtra,
    onEvent: function (e) { if (duet.onEvent) duet.onEvent(e); }
  }).then(function (m) {
    duet.module = m;
    return font.then(function (buf) {
      if (buf) {
        m.setFont(new Uint8Array(buf));
        try {
          document.fonts.add(new FontFace('DuetSans', buf));
          document.fonts.add(new FontFace('DuetSans', 'url(' + d.fontExtra + ')', {unicodeRange: 'U+0384-03CE, U+0400-045F, U+0490-0491'}));
        } catch (e) { /* the fallback fonts are fine */ }
      }
      return m;
    });
  });
})();
