/*
 * CnC sandbox: the Events page's own script (served at /assets/app.js). It does what a Kaltura Events
 * session page does with the bundle (kaltura/integrated-events-demo entry-view/app.js): set up the
 * player with the page KS, then create the embedded CnC widget with its cncConfig. Page data comes
 * from <script type="application/json" id="sandbox-page-config"> written by the server.
 * SPA navigation: links marked data-spa-link swap entry without a page load.
 */
(function () {
  'use strict';
  var cfgEl = document.getElementById('sandbox-page-config');
  var cfg = JSON.parse(cfgEl ? cfgEl.textContent : '{}');
  var current = { player: null, widget: null, timer: 0 };

  function byId(id) {
    return document.getElementById(id);
  }

  function cncConfig(session) {
    // KALTURA.md §1: the shape of cncConfig as the demo passes it.
    var c = {
      server: { jwtToken: session.jwtToken, serviceUrl: cfg.serviceUrl },
      reactions: { endpointUrl: cfg.reactionsUrl },
      moderation: { moderatorUrl: cfg.moderatorUrl },
      modules: cfg.modules.slice(),
    };
    if (cfg.ks) c.reactions.ks = cfg.ks;
    if (cfg.view === 'moderator') c.moderatorView = true;
    // kaltura/integrated-events-demo entry-view/app.js passes `ui.groupChat.enabled` and `reactions.mode`.
    var on = function (m) { return cfg.modules.indexOf(m) >= 0; };
    c.ui = { groupChat: { enabled: on('chat'), reactions: true, reply: true } };
    c.reactions.mode = on('reactions') ? 'on' : 'off';
    // MODELED: the page keeps the config it passed where a script can read it (settings view).
    window.cncConfig = c;
    return c;
  }

  function renderWidget(session) {
    var w = KalturaEventsPlatform.collaboration.widgets.embedded.new();
    w.renderCncContainer(byId('cnc'), cncConfig(session));
    w.renderCnc();
    w.renderSidebarButtons(byId('cnc-sidebar'));
    w.renderReactions(byId('cnc-reactions'));
    w.renderLiveReactions(byId('cnc-reactions'));
    w.addOnLoadFinished(function () {
      document.documentElement.setAttribute('data-cnc-loaded', session.entryId);
    });
    current.widget = w;
  }

  function mount(entryId) {
    var session = cfg.sessions[entryId];
    if (!session) return;
    session.entryId = entryId;
    document.title = session.title + ' - Kaltura Events';
    var h = byId('session-title');
    if (h) h.textContent = session.title;
    if (cfg.view !== 'moderator') {
      var provider = { partnerId: cfg.partnerId };
      if (cfg.ks) provider.ks = cfg.ks;
      var playerConfig = { targetId: 'player', provider: provider, playback: { autoplay: false } };
      // The signed-in user as the page knows it (the player's config.session.userId).
      var who = byId('current-user');
      if (who) playerConfig.session = { userId: who.textContent };
      // The legacy webcast Q&A is a player plugin over cue points (KALTURA.md §3), not CnC.
      if (session.mode === 'webcast') playerConfig.plugins = { qna: {} };
      current.player = KalturaPlayer.setup(playerConfig);
      current.player.loadMedia({ entryId: entryId });
    }
    if (session.mode === 'cnc' || cfg.view === 'moderator') {
      if (cfg.lateMs > 0) current.timer = setTimeout(function () { renderWidget(session); }, cfg.lateMs);
      else renderWidget(session);
    }
    var links = document.querySelectorAll('[data-spa-link]');
    for (var i = 0; i < links.length; i++) {
      links[i].classList.toggle('active', links[i].id === 'nav-' + entryId);
    }
  }

  function unmount() {
    clearTimeout(current.timer);
    if (current.widget) current.widget.destroy();
    if (current.player) current.player.destroy();
    current = { player: null, widget: null, timer: 0 };
  }

  function entryFromPath(path) {
    var m = /^\/media\/t\/([^/?#]+)/.exec(path);
    return m ? decodeURIComponent(m[1]) : null;
  }

  document.addEventListener('click', function (ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest('a[data-spa-link]') : null;
    if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
    var target = entryFromPath(new URL(a.href, location.href).pathname);
    if (!target || !cfg.sessions[target]) return;
    ev.preventDefault();
    if (target === cfg.entryId) return;
    history.pushState({ entryId: target }, '', '/media/t/' + encodeURIComponent(target) + location.search);
    cfg.entryId = target;
    unmount();
    mount(target);
  });

  window.addEventListener('popstate', function () {
    var target = entryFromPath(location.pathname);
    if (!target || !cfg.sessions[target] || target === cfg.entryId) return;
    cfg.entryId = target;
    unmount();
    mount(target);
  });

  mount(cfg.entryId);

  if (cfg.throwErrors) {
    // ?throw=1: a noisy page — its own error handler, an uncaught error and an unhandled rejection.
    window.onerror = function (msg) {
      console.log('[page onerror] ' + msg);
      return false;
    };
    setTimeout(function () {
      throw new Error('sandbox page: uncaught error after setup');
    }, 0);
    Promise.reject(new Error('sandbox page: unhandled rejection after setup'));
  }
})();
