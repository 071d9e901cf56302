// The agent console page: starts the app on this server's /ws/agent, keeps the agent's token for the
// tab's life (sessionStorage: gone when the tab closes), and turns new offers into a title badge and
// a short beep (no sound when ?quiet=1, as in tests).
(function () {
  'use strict';
  var dark = matchMedia('(prefers-color-scheme: dark)');
  var wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/agent';
  var q = new URLSearchParams(location.search);
  var quiet = q.get('quiet') === '1';
  var title = document.title;
  var audio = null;

  function beep() {
    if (quiet) return;
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var o = audio.createOscillator(), g = audio.createGain();
      o.frequency.value = 880;
      g.gain.setValueAtTime(0.08, audio.currentTime);
      g.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.25);
      o.connect(g); g.connect(audio.destination);
      o.start(); o.stop(audio.currentTime + 0.25);
    } catch (e) { /* no audio: the badge still shows */ }
  }

  window.duet.onEvent = function (e) {
    if (e.type === 'offers') {
      document.title = (e.count > 0 ? '(' + e.count + ') ' : '') + title;
      if (e.added) beep();
    } else if (e.type === 'token') {
      try { sessionStorage.setItem('duet-agent-token', e.token || ''); } catch (err) { /* private mode */ }
    }
  };

  window.duet.ready.then(function (m) {
    var token = '';
    try { token = sessionStorage.getItem('duet-agent-token') || ''; } catch (err) { /* private mode */ }
    m.command({type: 'start', url: wsUrl, dark: dark.matches, token: token});
    dark.addEventListener('change', function () { m.command({type: 'scheme', dark: dark.matches}); });
  });
})();
