// The browser half of the web platform layer (linked with --js-library): render-on-demand frames,
// timers, pointer input on the canvas, HiDPI sizing, and the DOM semantics mirror with its live
// region and real text fields. Shared by every Duet web app (widget, agent console).
// The page provides #duet-canvas, #duet-layer (mirror) and #duet-live (announcements).
mergeInto(LibraryManager.library, {
  $DUET__deps: ['malloc', 'free'],
  $DUET: {
    raf: 0, timer: 0, nodes: {}, order: [], announced: {}, historySeq: -1, statusText: {},
    canvas: null, layer: null, live: null,
    call: function(fn, a, b) {  // passes JS strings to C as temporary UTF-8 buffers
      var pa = allocateUTF8(a), pb = b === undefined ? 0 : allocateUTF8(b);
      fn(pa, pb);
      _free(pa);
      if (pb) _free(pb);
    },
    resize: function() {
      var c = DUET.canvas, r = c.getBoundingClientRect(), dpr = DUET.dpr = window.devicePixelRatio || 1;
      var w = Math.max(1, Math.round(r.width * dpr)), h = Math.max(1, Math.round(r.height * dpr));
      if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
      _duet_resize(r.width, r.height, dpr);
    },
    watchPixelRatio: function() {  // re-armed on every change: zooming or moving to another screen
      var mq = matchMedia('(resolution: ' + (window.devicePixelRatio || 1) + 'dppx)');
      var on = function() { mq.removeEventListener('change', on); DUET.resize(); DUET.watchPixelRatio(); };
      mq.addEventListener('change', on);
    },
    pointer: function(e, kind) {
      var r = DUET.canvas.getBoundingClientRect();
      _duet_pointer(e.clientX - r.left, e.clientY - r.top, kind);
    },
    announce: function(text) {
      // Polite live region: one element per announcement, so each is read once and in order.
      var p = document.createElement('p');
      p.textContent = text;
      DUET.live.appendChild(p);
      while (DUET.live.childNodes.length > 20) DUET.live.removeChild(DUET.live.firstChild);
    },
    element: function(n) {
      // A checkbox (the agent's availability) is a real button too, so it is focusable and clickable.
      var tag = n.r === 'button' || n.r === 'checkbox' ? 'button' : n.r === 'text_input' ? (n.s.indexOf('multiline') >= 0 ? 'textarea' : 'input')
              : n.r === 'heading' ? 'h1' : n.r === 'message' ? 'li' : n.r === 'link' ? 'a' : 'p';
      var el = document.createElement(tag);
      el.dataset.id = n.i;
      el.className = 'm-' + (n.r === 'checkbox' ? 'button' : n.r);
      if (n.r === 'checkbox') el.setAttribute('role', 'checkbox');
      if (tag === 'button') {
        el.type = 'button';
        el.addEventListener('click', function() { DUET.call(_duet_activate, n.i); });
      } else if (tag === 'a') {
        // A web address in a message: the browser opens it, in a new tab, on click or Enter.
        el.target = '_blank';
        el.rel = 'noopener noreferrer';
      } else if (tag === 'textarea' || tag === 'input') {
        // A secret (the agent's token) is a password field: masked, and a password manager may keep it.
        if (n.s.indexOf('secret') >= 0) el.type = 'password';
        el.setAttribute('autocomplete', n.i === 'contact' ? 'email' : n.s.indexOf('secret') >= 0 ? 'current-password' : 'off');
        el.addEventListener('input', function() { DUET.call(_duet_text, n.i, el.value); });
        el.addEventListener('keydown', function(e) {
          // Enter sends, Shift+Enter is a new line; never while an IME is composing.
          var submit = el.dataset.submit;
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229 && submit) {
            e.preventDefault();
            DUET.call(_duet_text, n.i, el.value);
            DUET.call(_duet_activate, submit);
          }
        });
      }
      return el;
    },
    update: function(el, n) {
      var label = n.l, s = n.s;
      if (el.tagName === 'BUTTON') {
        el.setAttribute('aria-label', label);
        if (n.r === 'checkbox') el.setAttribute('aria-checked', s.indexOf('checked') >= 0 ? 'true' : 'false');
        else if (s.indexOf('pressed') >= 0) el.setAttribute('aria-pressed', 'true'); else el.removeAttribute('aria-pressed');
        // The conversation on screen, among the agent's tabs.
        if (s.indexOf('selected') >= 0) el.setAttribute('aria-current', 'true'); else el.removeAttribute('aria-current');
        if (s.indexOf('disabled') >= 0) el.setAttribute('aria-disabled', 'true'); else el.removeAttribute('aria-disabled');
      } else if (el.tagName === 'A') {
        // Only web addresses (the view finds http and https ones): never a javascript: link.
        if (/^https?:\/\//i.test(label)) el.href = label; else el.removeAttribute('href');
        el.textContent = label;
        var more = s.indexOf('continued') >= 0;  // the rest of a link that wraps: one tab stop, read once
        el.tabIndex = more ? -1 : 0;
        if (more) el.setAttribute('aria-hidden', 'true'); else el.removeAttribute('aria-hidden');
      } else if (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT') {
        el.setAttribute('aria-label', label);
        el.placeholder = label;
        var m = /submit:(\S+)/.exec(s);
        if (m) el.dataset.submit = m[1]; else delete el.dataset.submit;
      } else if (el.tagName === 'LI' && n.t) {
        // A bubble: its text laid exactly over the drawn text, transparent, so it can be selected
        // and copied; the speaker is there for screen readers only.
        var prefix = label.slice(0, label.length - n.t.length);
        if (el.dataset.label !== label) {
          el.dataset.label = label;
          el.textContent = '';
          var who = document.createElement('span');
          who.className = 'sr-only';
          who.textContent = prefix;
          el.appendChild(who);
          el.appendChild(document.createTextNode(n.t));
        }
        el.className = 'm-message m-bubble' + (s.indexOf('pending') >= 0 ? ' pending' : '');
        el.dir = s.indexOf('rtl') >= 0 ? 'rtl' : 'auto';
        // An answer still streaming: screen readers wait for its final message (announced once).
        if (s.indexOf('busy') >= 0) el.setAttribute('aria-busy', 'true'); else el.removeAttribute('aria-busy');
      } else {
        el.textContent = label;
        if (el.tagName === 'LI') el.className = 'm-message' + (s.indexOf('pending') >= 0 ? ' pending' : '');
      }
      var st = el.style, x = n.x;  // [x, y, w, h] in CSS pixels
      var dx = el.tagName === 'LI' ? DUET.listX : 0, dy = el.tagName === 'LI' ? DUET.listY : 0;
      st.left = (x[0] - dx) + 'px'; st.top = (x[1] - dy) + 'px'; st.width = x[2] + 'px'; st.height = x[3] + 'px';
      st.visibility = x[2] > 0 && x[3] > 0 ? '' : 'hidden';
    },
  },

  duet_js_init__deps: ['$DUET'],
  duet_js_init: function() {
    var c = DUET.canvas = document.getElementById('duet-canvas');
    DUET.layer = document.getElementById('duet-layer');
    DUET.live = document.getElementById('duet-live');
    DUET.list = document.createElement('ol');
    DUET.list.className = 'm-transcript';
    DUET.list.style.touchAction = 'none';
    DUET.list.setAttribute('aria-label', c.getAttribute('aria-label') || 'Conversation');
    DUET.layer.appendChild(DUET.list);
    // The canvas follows its CSS size and the pixel ratio: a resize observer, a media query for the
    // ratio (another screen), the window's resize (zoom), and a check before every frame for the
    // cases none of them reports.
    new ResizeObserver(DUET.resize).observe(c);
    DUET.watchPixelRatio();
    window.addEventListener('resize', DUET.resize);
    // Pointer input: mouse and pen go straight to ImGui; a touch that moves scrolls (as a wheel),
    // a touch that does not move is a tap.
    var touch = null;
    function touchStart(e) { touch = {y: e.clientY, moved: false}; }
    function touchMove(e) {
      if (!touch) return;
      var dy = e.clientY - touch.y;
      if (touch.moved || Math.abs(dy) > 6) { touch.moved = true; touch.y = e.clientY; _duet_wheel(0, -dy); }
    }
    c.addEventListener('pointerdown', function(e) {
      if (e.pointerType === 'touch') { touchStart(e); return; }
      c.setPointerCapture(e.pointerId);
      DUET.pointer(e, 1);
    });
    c.addEventListener('pointermove', function(e) {
      if (e.pointerType === 'touch') { touchMove(e); return; }
      DUET.pointer(e, 0);
    });
    c.addEventListener('pointerup', function(e) {
      if (e.pointerType === 'touch') {
        if (touch && !touch.moved) { DUET.pointer(e, 0); DUET.pointer(e, 1); DUET.pointer(e, 2); DUET.pointer({clientX: -1e4, clientY: -1e4}, 3); }
        touch = null;
        return;
      }
      DUET.pointer(e, 2);
    });
    // A finger on a message's text layer still scrolls the transcript.
    DUET.list.addEventListener('pointerdown', function(e) { if (e.pointerType === 'touch') touchStart(e); });
    DUET.list.addEventListener('pointermove', function(e) { if (e.pointerType === 'touch') touchMove(e); });
    DUET.list.addEventListener('pointerup', function() { touch = null; });
    c.addEventListener('pointerleave', function(e) { if (e.pointerType !== 'touch') _duet_pointer(-1e4, -1e4, 3); });
    DUET.layer.addEventListener('wheel', function(e) { if (e.target.tagName !== 'TEXTAREA') _duet_wheel(e.deltaX, e.deltaY); }, {passive: true});
    c.addEventListener('wheel', function(e) {
      e.preventDefault();
      var k = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
      _duet_wheel(e.deltaX * k, e.deltaY * k);
    }, {passive: false});
    DUET.layer.addEventListener('focusin', function(e) { DUET.call(_duet_focus, (e.target.dataset && e.target.dataset.id) || ''); });
    DUET.layer.addEventListener('focusout', function() { DUET.call(_duet_focus, ''); });
    // The page shell sends commands as objects: Module.command({type: 'open'}).
    Module['command'] = function(cmd) { DUET.call(_duet_command, JSON.stringify(cmd)); };
    // A background tab is not read: the apps send read receipts only while the page is on screen.
    document.addEventListener('visibilitychange', function() {
      Module['command']({type: 'page_visible', visible: !document.hidden});
    });
    Module['setFont'] = function(bytes) {
      var p = _malloc(bytes.length);
      HEAPU8.set(bytes, p);
      _duet_font(p, bytes.length);
    };
    DUET.resize();
  },

  duet_js_request_frame__deps: ['$DUET'],
  duet_js_request_frame: function() {
    if (DUET.raf) return;
    DUET.raf = requestAnimationFrame(function(t) {
      DUET.raf = 0;
      // Rendered frames, read by tests and the benchmark (zero while idle); the first one's cost
      // (WebGL context, shaders, font atlas) for the benchmark.
      if ((window.devicePixelRatio || 1) !== DUET.dpr) DUET.resize();
      var start = performance.now();
      if (_duet_frame(t)) {
        Module['frames'] = (Module['frames'] || 0) + 1;
        if (Module['frames'] === 1) Module['firstFrameMs'] = performance.now() - start;
      }
    });
  },

  duet_js_set_timer__deps: ['$DUET'],
  duet_js_set_timer: function(ms) {
    clearTimeout(DUET.timer);
    DUET.timer = ms >= 0 ? setTimeout(function() { DUET.timer = 0; _duet_timer(); }, ms) : 0;
  },

  duet_js_theme: function(text, muted, background) {
    var st = document.documentElement.style;
    st.setProperty('--duet-text', UTF8ToString(text));
    st.setProperty('--duet-muted', UTF8ToString(muted));
    st.setProperty('--duet-bg', UTF8ToString(background));
  },

  // The second font file (Greek + Cyrillic), fetched once when the app first needs it.
  duet_js_load_font_extra: function() {
    var url = Module['fontExtra'];
    if (!url) return;
    fetch(url).then(function(r) { return r.ok ? r.arrayBuffer() : null; }).then(function(buf) {
      if (!buf) return;
      var bytes = new Uint8Array(buf), p = _malloc(bytes.length);
      HEAPU8.set(bytes, p);
      _duet_font_extra(p, bytes.length);
    }).catch(function() { /* the glyphs stay missing; the text is still in the DOM mirror */ });
  },

  duet_js_cursor: function(name) {
    document.getElementById('duet-canvas').style.cursor = UTF8ToString(name);
  },

  // The semantics of the last frame: [{r: role, i: id, l: label, s: state, x: [x,y,w,h]}, ...].
  // Elements are kept by id (focus and IME survive frames); messages go in the transcript list and
  // each message newer than the history is announced once, with its speaker.
  duet_js_mirror__deps: ['$DUET'],
  duet_js_mirror: function(json, historySeq) {
    var nodes = JSON.parse(UTF8ToString(json)), seen = {}, prev = null, inList = null;
    DUET.historySeq = historySeq;
    DUET.listX = DUET.listY = 0;
    for (var j = 0; j < nodes.length; j++) {
      if (nodes[j].r !== 'list') continue;
      // The transcript's visible area: the list element clips its lines to it.
      var lx = nodes[j].x, ls = DUET.list.style;
      DUET.listX = lx[0]; DUET.listY = lx[1];
      ls.left = lx[0] + 'px'; ls.top = lx[1] + 'px'; ls.width = lx[2] + 'px'; ls.height = lx[3] + 'px';
      DUET.list.setAttribute('aria-label', nodes[j].l);
    }
    // Nodes that are gone leave first: moving an element in the DOM takes its focus away, and the
    // one focused (the composer, while a notice above it goes) must never move because of them.
    for (var s = 0; s < nodes.length; s++) seen[nodes[s].i] = 1;
    var lostFocus = false;
    for (var id in DUET.nodes) {
      if (!seen[id]) {
        var gone = DUET.nodes[id];
        lostFocus = lostFocus || gone === document.activeElement;
        gone.remove();
        delete DUET.nodes[id];
        delete DUET.statusText[id];
      }
    }
    for (var k = 0; k < nodes.length; k++) {
      var n = nodes[k], el = DUET.nodes[n.i];
      if (n.r === 'list') continue;
      if (!el || el.dataset.role !== n.r) {
        if (el) el.remove();
        el = DUET.nodes[n.i] = DUET.element(n);
        el.dataset.role = n.r;
      }
      DUET.update(el, n);
      // Keep DOM order = semantics order (= tab order and reading order).
      var parent = n.r === 'message' ? DUET.list : DUET.layer;
      if (n.r === 'message') {
        if (el.parentNode !== parent || el.previousSibling !== inList) parent.insertBefore(el, inList ? inList.nextSibling : parent.firstChild);
        inList = el;
      } else {
        var after = prev || DUET.list;
        if (el.parentNode !== parent || el.previousSibling !== after) parent.insertBefore(el, after.nextSibling);
        prev = el;
      }
      var m = /^msg-(\d+)$/.exec(n.i);
      if (m && +m[1] > historySeq && !DUET.announced[n.i] && n.s.indexOf('own') < 0) {
        DUET.announced[n.i] = 1;
        DUET.announce(n.l);
      } else if (m) {
        DUET.announced[n.i] = 1;
      }
      if (n.r === 'status' && n.i !== 'typing' && DUET.statusText[n.i] !== n.l) {
        if (DUET.statusText[n.i] !== undefined || historySeq >= 0) DUET.announce(n.l);
        DUET.statusText[n.i] = n.l;
      }
    }
    if (DUET.wantFocus && DUET.nodes[DUET.wantFocus]) { DUET.nodes[DUET.wantFocus].focus(); DUET.wantFocus = ''; }
    else if (lostFocus && prev) prev.focus();
  },

  duet_js_set_value__deps: ['$DUET'],
  duet_js_set_value: function(id, value) {
    var el = DUET.nodes[UTF8ToString(id)];
    if (el) el.value = UTF8ToString(value);
  },

  duet_js_focus__deps: ['$DUET'],
  duet_js_focus: function(id) {
    id = UTF8ToString(id);
    var el = DUET.nodes[id];
    if (el) el.focus(); else DUET.wantFocus = id;  // focused when the next frame creates it
  },

  // Text the UI font cannot draw (emoji, CJK, Arabic, Hebrew, Thai, Devanagari): the browser lays
  // it out and rasterises it (web/platform/web_text.cpp). `line` is ImGui's line height in CSS
  // pixels (the font's em is line / 1.164, DejaVu's ratio); lines are a little taller, for stacked
  // marks and emoji. Words break where Intl.Segmenter says (Thai and CJK have no spaces).
  $DUET_TEXT__deps: ['$DUET'],
  $DUET_TEXT: {
    canvas: null, ctx: null, words: null, graphemes: null,
    setup: function(line) {
      var T = DUET_TEXT;
      if (!T.canvas) {
        T.canvas = document.createElement('canvas');
        T.ctx = T.canvas.getContext('2d');
        if (window.Intl && Intl.Segmenter) {
          T.words = new Intl.Segmenter(undefined, {granularity: 'word'});
          T.graphemes = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
        }
      }
      // The UI font, then the system's colour emoji before any font with black-and-white emoji
      // (DejaVu Sans has some), then whatever the browser falls back to for other scripts.
      T.ctx.font = (line / 1.164).toFixed(2) + 'px DuetSans, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji", system-ui, sans-serif';
      return T.ctx;
    },
    pieces: function(seg, text) {
      if (!seg) return text.split(/(?<=\s)/);
      var out = [];
      for (var it = seg.segment(text)[Symbol.iterator](), r = it.next(); !r.done; r = it.next()) out.push(r.value.segment);
      return out;
    },
    layout: function(text, line, wrap) {
      var T = DUET_TEXT, ctx = T.setup(line), lines = [], width = 0;
      var fits = function(s) { return wrap <= 0 || ctx.measureText(s).width <= wrap; };
      var paragraphs = text.split('\n');
      for (var p = 0; p < paragraphs.length; p++) {
        var words = T.pieces(T.words, paragraphs[p]), cur = '';
        for (var i = 0; i < words.length; i++) {
          var w = words[i];
          if (fits(cur + w)) { cur += w; continue; }
          if (cur.trim()) { lines.push(cur.replace(/\s+$/, '')); cur = ''; w = w.replace(/^\s+/, ''); }
          if (fits(w)) { cur = w; continue; }
          var gs = T.pieces(T.graphemes, w);  // a word longer than the line: cut between characters
          for (var g = 0; g < gs.length; g++) {
            if (cur && !fits(cur + gs[g])) { lines.push(cur); cur = ''; }
            cur += gs[g];
          }
        }
        lines.push(cur.replace(/\s+$/, ''));
      }
      for (var k = 0; k < lines.length; k++) width = Math.max(width, ctx.measureText(lines[k]).width);
      var lh = Math.ceil(line * 1.2);
      return {lines: lines, w: Math.ceil(width) + 1, h: lh * lines.length, lh: lh};
    },
    rtl: function(s) { return /^[^A-Za-z\u00C0-\u024F\u0370-\u058F\u0900-\u1FFF\u3040-\u9FFF\uAC00-\uD7AF]*[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/.test(s); },
    ms: 0, images: 0, pages: {},
  },

  duet_js_text_measure__deps: ['$DUET_TEXT'],
  duet_js_text_measure: function(text, line, wrap, out) {
    var l = DUET_TEXT.layout(UTF8ToString(text), line, wrap);
    HEAPF32[out >> 2] = l.w;
    HEAPF32[(out >> 2) + 1] = l.h;
  },

  // Draws the paragraph at `ratio` device pixels per CSS pixel and uploads it into `texture` at
  // (x, y), w x h pixels. Premultiplied (as the canvas holds it; WebGL would unpremultiply it by
  // default), as shaders/ui.frag.glsl blends. Returns the milliseconds it took (the benchmark's cost per new message).
  duet_js_text_draw__deps: ['$DUET_TEXT', '$GL'],
  duet_js_text_draw: function(text, line, wrap, colour, ratio, texture, x, y, w, h) {
    var start = performance.now(), T = DUET_TEXT, s = UTF8ToString(text), l = T.layout(s, line, wrap);
    var c = T.canvas, ctx = T.ctx, rtl = T.rtl(s);
    c.width = w; c.height = h;  // also clears it and resets the context's state
    ctx = T.setup(line);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = 'rgba(' + (colour & 255) + ',' + ((colour >>> 8) & 255) + ',' + ((colour >>> 16) & 255) + ',' + ((colour >>> 24) / 255) + ')';  // ImU32: 0xAABBGGRR
    ctx.textBaseline = 'middle';
    ctx.direction = rtl ? 'rtl' : 'ltr';
    ctx.textAlign = rtl ? 'right' : 'left';
    for (var i = 0; i < l.lines.length; i++) ctx.fillText(l.lines[i], rtl ? l.w - 1 : 0, l.lh * (i + 0.5));
    var gl = GLctx;
    gl.bindTexture(gl.TEXTURE_2D, GL.textures[texture]);
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, true);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, x, y, gl.RGBA, gl.UNSIGNED_BYTE, c);
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
    var ms = performance.now() - start;
    T.ms += ms; T.images++; T.pages[texture] = 1;
    // The atlas pages are 1024 x 1024 RGBA (web_text.cpp's kPage).
    Module['textStats'] = {images: T.images, ms: T.ms, atlasBytes: Object.keys(T.pages).length * 1024 * 1024 * 4};
    return ms;
  },

  // Events for the page shell (which forwards them to the loader in the merchant's page).
  duet_js_emit: function(json) {
    var f = Module['onEvent'];
    if (f) f(JSON.parse(UTF8ToString(json)));
  },
});
