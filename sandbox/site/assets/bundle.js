/*
 * CnC sandbox stand-in for the bundle served at
 * https://cdnapisec.kaltura.com/p/{pid}/embedPlaykitJs/uiconf_id/{id}.
 * Defines window.KalturaPlayer (player v7 surface: setup, getPlayers, player.config.provider.ks —
 * kaltura/kaltura-player-js) and window.KalturaEventsPlatform.collaboration.widgets (embedded,
 * floater — kaltura/integrated-events-demo entry-view/app.js). The server wraps it in
 * a function taking `__SANDBOX__ = { markup, titles, panelModules, reactions }` (see assets.ts); every DOM name
 * comes from there (sandbox/site/widget-markup.ts, MODELED except the names it marks VERIFIED).
 */
/*
 * What both stand-in moderator widgets share (this file's and variant-widget.js's, concatenated after it in
 * the same wrapper): declared in the wrapper's scope, as live.js declares kepLive, so the page never sees it.
 */
var kepWidgetKit = {
  /** The CnC JWT payload (KALTURA.md §2): partnerId, uid, contextId = entryId, groups, exp. */
  jwtPayload: function (token) {
    try {
      var p = String(token).split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(decodeURIComponent(escape(atob(p))));
    } catch (e) {
      return {};
    }
  },
  /** The JWT puts the user in the entry's moderators group. */
  inModeratorGroup: function (claims) {
    return (claims.groups || []).indexOf((claims.contextId || '') + '_moderators') >= 0;
  },
  /**
   * The widget's load, open and close callbacks: `api` holds its addOnLoadFinished, addOnOpen and
   * addOnClose; `fire(name, arg)` calls them (a throwing callback is reported, the others still run).
   */
  callbacks: function () {
    var lists = { load: [], open: [], close: [] };
    function adder(name) {
      return function (cb) {
        if (typeof cb === 'function') lists[name].push(cb);
      };
    }
    return {
      fire: function (name, arg) {
        lists[name].slice().forEach(function (cb) {
          try {
            cb(arg);
          } catch (e) {
            setTimeout(function () {
              throw e;
            });
          }
        });
      },
      api: { addOnLoadFinished: adder('load'), addOnOpen: adder('open'), addOnClose: adder('close') },
    };
  },
};

(function () {
  'use strict';
  var S = __SANDBOX__;
  var M = S.markup;

  function el(tag, className, attrs) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }

  // ---------------------------------------------------------------- player
  var players = {};
  var playerSeq = 0;

  function setup(config) {
    config = config || {};
    var targetId = config.targetId || 'player';
    var id = targetId in players ? targetId + '-' + ++playerSeq : targetId;
    var state = {
      targetId: targetId,
      provider: Object.assign({}, config.provider || {}),
      sources: { id: null },
      playback: Object.assign({}, config.playback || {}),
      plugins: Object.assign({}, config.plugins || {}),
      ui: Object.assign({}, config.ui || {}),
      session: Object.assign({}, config.session || {}),
    };
    var host = document.getElementById(targetId);
    var box = null;
    var qna = null;
    if (host) {
      box = el('div', 'kaltura-player-container playkit-container', { 'data-sandbox-player': id });
      box.style.cssText = 'background:#111;color:#eee;aspect-ratio:16/9;display:flex;align-items:center;justify-content:center;font:16px sans-serif';
      box.textContent = '\u25B6 (no media yet)';
      host.appendChild(box);
    }
    var player = {
      // kaltura-player-js: `player.config` returns the merged config; the KS is config.provider.ks.
      get config() {
        return state;
      },
      loadMedia: function (info) {
        state.sources.id = (info && info.entryId) || null;
        if (box) box.textContent = '\u25B6 ' + state.sources.id;
        // The legacy webcast Q&A plugin (webcast-qna.js) renders under the player.
        if (host && state.plugins.qna && state.sources.id && !qna) qna = kepWebcastQna(host, state.provider, state.session, state.sources.id);
        return Promise.resolve();
      },
      configure: function (c) {
        if (c && c.provider) Object.assign(state.provider, c.provider);
      },
      destroy: function () {
        if (qna) qna.destroy();
        qna = null;
        delete players[id];
        if (box && box.parentNode) box.parentNode.removeChild(box);
        box = null;
      },
      play: function () {},
      pause: function () {},
    };
    players[id] = player;
    return player;
  }

  window.KalturaPlayer = {
    setup: setup,
    getPlayers: function () {
      return Object.assign({}, players);
    },
    getPlayer: function (id) {
      return players[id] || null;
    },
  };

  // ---------------------------------------------------------------- CnC widget
  var liveWidgets = {};

  /** Lowest free number, so a page that destroys and re-creates its widget is again kep-widget-1. */
  function nextWidgetNumber() {
    var n = 1;
    while (liveWidgets[n]) n++;
    return n;
  }

  function createWidget(kind) {
    var number = 0;
    var root = null;
    var config = null;
    var claims = {};
    var pieces = [];
    var callbacks = kepWidgetKit.callbacks();
    var isOpen = false;
    var live = null; // live content: live.js

    function modules() {
      var m = config && Array.isArray(config.modules) ? config.modules : S.panelModules.concat(['reactions']);
      return m.map(String);
    }

    function panelModules() {
      return modules().filter(function (m) {
        return S.panelModules.indexOf(m) >= 0;
      });
    }

    function open(moduleName) {
      if (!root) return;
      var panels = root.querySelectorAll('.' + M.modulePanel);
      for (var i = 0; i < panels.length; i++) {
        panels[i].hidden = panels[i].getAttribute(M.moduleAttr) !== moduleName;
      }
      isOpen = true;
      callbacks.fire('open', moduleName);
    }

    function connect() {
      // MODELED endpoint: the real widget talks to its chat host; what matters is that the
      // region's host (serviceUrl) shows in the page's resource timing.
      var url = config && config.server && config.server.serviceUrl;
      if (!url || typeof fetch !== 'function') return;
      fetch(String(url).replace(/\/+$/, '') + '/service/cnc/action/connect', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ jwt: config.server.jwtToken || null }),
      }).catch(function () {});
    }

    var api = {
      renderCncContainer: function (container, cncConfig) {
        if (root) return;
        config = cncConfig || {};
        claims = kepWidgetKit.jwtPayload(config.server && config.server.jwtToken);
        number = nextWidgetNumber();
        liveWidgets[number] = api;
        root = el('div', M.rootClass, { id: M.rootIdPrefix + number });
        root.setAttribute(M.entryIdAttr, claims.contextId || '');
        // MODELED: the signed-in user, as the widget knows them (the JWT's uid).
        if (claims.uid) root.setAttribute(M.userIdAttr, claims.uid);
        root.setAttribute('data-kep-kind', kind);
        var isModerator = kepWidgetKit.inModeratorGroup(claims);
        if (config.moderatorView || isModerator) root.classList.add(M.moderatorClass);
        var menu = el('div', M.actionsMenu);
        var sw = el('button', M.menuItem + ' ' + M.switchButton, { type: 'button' });
        sw.textContent = 'Switch view';
        var close = el('button', M.menuItem + ' ' + M.closeButton, { type: 'button', 'aria-label': 'Close' });
        close.textContent = '\u00D7';
        close.addEventListener('click', function () {
          isOpen = false;
          var panels = root.querySelectorAll('.' + M.modulePanel);
          for (var i = 0; i < panels.length; i++) panels[i].hidden = true;
          callbacks.fire('close');
        });
        menu.appendChild(sw);
        menu.appendChild(close);
        root.appendChild(menu);
        if (container) container.appendChild(root);
        connect();
        live = kepLive(root, config, claims, isModerator);
      },
      renderCnc: function () {
        if (!root) return;
        panelModules().forEach(function (name, i) {
          var panel = el('section', M.modulePanel + ' ' + M.modulePanel + '-' + name);
          panel.setAttribute(M.moduleAttr, name);
          panel.hidden = i !== 0;
          var h = el('h3', M.moduleTitle);
          h.textContent = S.titles[name] || name;
          panel.appendChild(h);
          panel.appendChild(el('ul', M.moduleList));
          root.appendChild(panel);
        });
        if (live) live.rendered();
        setTimeout(function () {
          if (root) callbacks.fire('load');
        }, 0);
      },
      renderSidebarButtons: function (container) {
        if (!root) return;
        var bar = el('div', M.sidebarButtons);
        panelModules().forEach(function (name) {
          var b = el('button', M.sidebarButton, { type: 'button' });
          b.setAttribute(M.moduleAttr, name);
          b.textContent = S.titles[name] || name;
          b.addEventListener('click', function () {
            open(name);
          });
          bar.appendChild(b);
        });
        // The demo passes a separate element; without one the buttons go inside the widget root.
        (container || root).appendChild(bar);
        if (container) pieces.push(bar);
      },
      renderReactions: function (container) {
        if (!root || modules().indexOf('reactions') < 0) return;
        var box = el('div', M.reactions);
        S.reactions.forEach(function (r) {
          var b = el('button', M.reactionButton, { type: 'button', 'data-kep-reaction': r });
          b.textContent = r;
          box.appendChild(b);
        });
        if (live) live.attachReactions(box);
        (container || root).appendChild(box);
        if (container) pieces.push(box);
      },
      renderLiveReactions: function (container) {
        if (!root || modules().indexOf('reactions') < 0) return;
        var box = el('div', M.liveReactions);
        if (live) live.attachLiveReactions(box);
        (container || root).appendChild(box);
        if (container) pieces.push(box);
      },
      addOnLoadFinished: callbacks.api.addOnLoadFinished,
      addOnOpen: callbacks.api.addOnOpen,
      addOnClose: callbacks.api.addOnClose,
      isOpen: function () {
        return isOpen;
      },
      destroy: function () {
        if (live) live.destroy();
        live = null;
        pieces.forEach(function (p) {
          if (p.parentNode) p.parentNode.removeChild(p);
        });
        pieces = [];
        if (root && root.parentNode) root.parentNode.removeChild(root);
        root = null;
        if (number) delete liveWidgets[number];
        number = 0;
      },
    };
    return api;
  }

  window.KalturaEventsPlatform = window.KalturaEventsPlatform || {};
  window.KalturaEventsPlatform.collaboration = {
    widgets: {
      embedded: {
        new: function () {
          return createWidget('embedded');
        },
      },
      floater: {
        new: function () {
          return createWidget('floater');
        },
      },
    },
  };
})();
