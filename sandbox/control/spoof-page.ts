/**
 * The hostile page's script (served at /__hostile/spoof.js by faults.ts, added to the real CnC moderator
 * view with `?hostile=spoof`). It knows the extension's source (event names, message shapes: a page can
 * read a published extension) and tries to talk to the content script and the page bridge.
 *
 * `window.__spoof.run({ extensionId, only? })` runs every attempt (or the one named) once and returns their names and markers. Each
 * attempt carries its own marker (a fake KS, entry id, question id with the attempt's name in it), so a
 * test can look for that marker in the background's state, the panel and the request log: an attempt is
 * refused when its marker shows up nowhere. `window.__spoof.fakeGlobals()` is apart: it replaces the
 * page's own player globals with a fake KS (a page may always lie about its own globals; the test checks
 * that the lie grants nothing).
 *
 * Plain ES5-ish JavaScript: it runs in the page as is.
 */
export const SPOOF_SCRIPT = String.raw`(function () {
  'use strict';
  var TO_BRIDGE = 'cnc-moderator:to-bridge';
  var FROM_BRIDGE = 'cnc-moderator:from-bridge';
  var CONNECT = 'cnc-moderator:connect';
  var NONCE_ATTR = 'data-cnc-nonce';

  function marker(name) { return 'SPOOF' + name.replace(/[^A-Za-z0-9]/g, '') + 'X'; }
  // A KS-shaped string per attempt: v2 prefix (djJ8 = "v2|") and the marker inside.
  function fakeKs(name) { return 'djJ8OTk5fA' + marker(name) + 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'; }
  function globalsFor(name) {
    return {
      hasKalturaPlayer: true,
      hasEventsPlatform: true,
      hasEmbeddedWidget: true,
      players: [{ partnerId: 999, ks: fakeKs(name), entryId: '1_' + marker(name).toLowerCase(), serviceUrl: 'https://' + marker(name).toLowerCase() + '.evil.test' }],
      errors: [marker(name)],
    };
  }
  function bridgeMessage(name, nonce) { return JSON.stringify({ nonce: nonce, type: 'globals', globals: globalsFor(name) }); }
  function fire(target, type, detail) {
    try { target.dispatchEvent(new CustomEvent(type, { detail: detail, bubbles: true, composed: true })); } catch (e) {}
  }
  function targets(doc) {
    var out = [window, doc, doc.documentElement, doc.body];
    var root = doc.querySelector('[id^="kep-widget-"]');
    if (root) out.push(root);
    return out.filter(Boolean);
  }
  function row(id, text) {
    var li = document.createElement('li');
    li.className = 'kep-question';
    li.setAttribute('data-kep-question-id', id);
    li.setAttribute('data-kep-state', 'pending');
    li.setAttribute('data-kep-user-id', 'spoofer');
    var sender = document.createElement('span');
    sender.className = 'kep-sender';
    sender.textContent = 'Spoofer';
    var t = document.createElement('p');
    t.className = 'kep-text';
    t.textContent = text;
    li.appendChild(sender);
    li.appendChild(t);
    return li;
  }

  var attempts = [];
  var only = null;
  var NAMES = ['postmessage-bridge', 'guessed-nonce', 'replayed-nonce', 'bridge-events', 'lookalike-dom', 'iframe', 'runtime-message'];
  function attempt(name, fn) {
    if (only && only !== name) return;
    var a = { name: name, marker: marker(name), note: '' };
    try { a.note = fn(a.marker, name) || ''; } catch (e) { a.note = 'threw: ' + String(e && e.message || e); }
    attempts.push(a);
  }

  function run(opts) {
    opts = opts || {};
    attempts = [];
    only = opts.only || null;
    // 1. window.postMessage in the bridge's shape (object and JSON string), and in a runtime message's.
    attempt('postmessage-bridge', function (m, name) {
      window.postMessage({ nonce: 'x', type: 'globals', globals: globalsFor(name) }, '*');
      window.postMessage(bridgeMessage(name, ''), '*');
      window.postMessage({ type: 'snapshot', snapshot: { url: location.href + '#' + m, globals: globalsFor(name) } }, '*');
    });
    // 2. Bridge events with guessed nonces on every reachable target.
    attempt('guessed-nonce', function (m, name) {
      ['', 'null', 'undefined', '0', 'nonce', m].forEach(function (n) {
        targets(document).forEach(function (t) { fire(t, FROM_BRIDGE, bridgeMessage(name, n)); });
      });
    });
    // 3. A nonce the page can get: its own handshake (the MAIN bridge answers it on the page's element),
    //    then replayed towards the extension's side; and any nonce left in the DOM.
    attempt('replayed-nonce', function (m, name) {
      var mine = document.createElement('div');
      var got = [];
      mine.setAttribute(NONCE_ATTR, 'page-nonce-' + m);
      mine.addEventListener(FROM_BRIDGE, function (e) { got.push(String(e.detail).slice(0, 80)); });
      window.dispatchEvent(new MouseEvent(CONNECT, { relatedTarget: mine }));
      var leakedEls = Array.prototype.slice.call(document.querySelectorAll('[' + NONCE_ATTR + ']'));
      var leaked = leakedEls.map(function (e) { return e.getAttribute(NONCE_ATTR); });
      ['page-nonce-' + m].concat(leaked).forEach(function (n) {
        targets(document).concat(leakedEls).forEach(function (t) { fire(t, FROM_BRIDGE, bridgeMessage(name, n)); });
        fire(mine, FROM_BRIDGE, bridgeMessage(name, n));
      });
      return 'own handshake answered ' + got.length + ' time(s); nonces visible in the DOM: ' + leaked.length;
    });
    // 4. Events dispatched at the bridge: collect requests and a forged CONNECT carrying a page element.
    attempt('bridge-events', function (m, name) {
      targets(document).forEach(function (t) {
        fire(t, TO_BRIDGE, JSON.stringify({ nonce: m, type: 'collect' }));
        fire(t, CONNECT, bridgeMessage(name, m));
      });
      var el = document.createElement('div');
      el.setAttribute(NONCE_ATTR, m);
      for (var i = 0; i < 50; i++) window.dispatchEvent(new MouseEvent(CONNECT, { relatedTarget: el }));
    });
    // 5. A DOM that mimics the widget outside the widget root: loose rows, and a second root after the real one.
    attempt('lookalike-dom', function (m) {
      var loose = document.createElement('ul');
      loose.className = 'kep-module-list';
      loose.appendChild(row('spoof-' + m.toLowerCase() + '-1', 'Loose row ' + m));
      document.body.appendChild(loose);
      var fake = document.createElement('div');
      fake.id = 'kep-widget-99';
      fake.className = 'kep-widget';
      fake.setAttribute('data-kep-connection', 'live');
      var list = document.createElement('ul');
      list.appendChild(row('spoof-' + m.toLowerCase() + '-2', 'Second root ' + m));
      fake.appendChild(list);
      document.body.appendChild(fake);
    });
    // 6. From an iframe: posting to the parent, dispatching on the parent's window and document, and a
    //    widget look-alike inside the frame.
    attempt('iframe', function (m, name) {
      var f = document.createElement('iframe');
      f.style.cssText = 'width:10px;height:10px;border:0';
      document.body.appendChild(f);
      var w = f.contentWindow, d = f.contentDocument;
      d.body.appendChild(d.importNode(row('spoof-' + m.toLowerCase() + '-3', 'Framed row ' + m), true));
      w.parent.postMessage({ nonce: m, type: 'globals', globals: globalsFor(name) }, '*');
      targets(w.parent.document).forEach(function (t) { fire(t, FROM_BRIDGE, bridgeMessage(name, m)); });
      var el = d.createElement('div');
      el.setAttribute(NONCE_ATTR, m);
      w.parent.dispatchEvent(new w.MouseEvent(CONNECT, { relatedTarget: el }));
    });
    // 7. Messages to the extension itself, as a page would try them.
    attempt('runtime-message', function (m, name) {
      var c = window.chrome;
      if (!c || !c.runtime || typeof c.runtime.sendMessage !== 'function') return 'no chrome.runtime in the page';
      try {
        c.runtime.sendMessage(opts.extensionId || '', { type: 'snapshot', snapshot: { globals: globalsFor(name) } }, function () { void (c.runtime && c.runtime.lastError); });
        return 'sendMessage called';
      } catch (e) { return 'sendMessage threw: ' + e.message; }
    });
    return attempts;
  }

  // The page lies about its own globals: a fake KS (v2 shape and a v1 claiming ADMIN) for another
  // partner, served by a look-alike API host and by Kaltura's host on another port. Then its URL
  // changes, so the bridge reads again.
  function fakeGlobals() {
    var m = marker('fake-globals');
    var v1 = btoa('0123456789abcdef0123456789abcdef01234567|999;999;9999999999;2;1234;' + m + ';*');
    var players = {
      a: { config: { provider: { partnerId: 999, ks: fakeKs('fake-globals'), env: { serviceUrl: 'https://' + m.toLowerCase() + '.evil.test' } }, sources: { id: '1_' + m.toLowerCase() } } },
      b: { config: { provider: { partnerId: 999, ks: v1, env: { serviceUrl: 'https://www.kaltura.com:8443' } }, sources: { id: '1_' + m.toLowerCase() } } },
    };
    var kp = window.KalturaPlayer || {};
    try { kp.getPlayers = function () { return players; }; } catch (e) {}
    window.KalturaPlayer = kp;
    // A new URL (same entry): the content script asks the bridge for the globals again.
    history.replaceState(history.state, '', location.href + (location.search ? '&' : '?') + 'spoofed=1');
    return { marker: m, ks: [fakeKs('fake-globals'), v1] };
  }

  window.__spoof = { run: run, names: NAMES, fakeGlobals: fakeGlobals, marker: marker };
})();
`;
