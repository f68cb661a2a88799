/*
 * CnC sandbox: the second moderator widget ("kep-variant", sandbox/site/variant-markup.ts says what it models).
 * Concatenated after bundle.js in the same wrapper (assets.ts) when the sandbox runs with --widget kep-variant:
 * it replaces window.KalturaEventsPlatform.collaboration.widgets with the same API (renderCncContainer,
 * renderCnc, …) rendering a Q&A moderation app in an open shadow root: no ids, state by tab, actions behind
 * a row menu with a confirmation dialog, a virtualised list, German labels. It talks to the same sandbox
 * CnC server over the same MODELED wire (sandbox/cnc/protocol.ts) as live.js.
 *
 * Attendee text is hostile: every string from the server is set with textContent, never innerHTML.
 */
(function () {
  'use strict';
  var S = __SANDBOX__;
  var V = S.variant;
  if (!V) return;
  var M = V.markup;
  var L = V.labels;
  var TABS = V.tabs;

  function el(tag, className, attrs, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (attrs) for (var k in attrs) if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }

  var CSS =
    ':host{display:block;font:14px system-ui,sans-serif}' +
    '.app{position:relative}' +
    '[role=tablist]{display:flex;gap:4px;border-bottom:1px solid #ccd}' +
    '[role=tab]{border:0;background:none;padding:6px 8px;cursor:pointer}[role=tab][aria-selected=true]{border-bottom:2px solid #3b5bdb;font-weight:bold}' +
    '.' + M.scroller + '{height:' + M.listHeight + 'px;overflow-y:auto;position:relative}' +
    '.' + M.spacer + '{position:relative}' +
    '.' + M.row + '{position:absolute;left:0;right:0;height:' + (M.rowHeight - 8) + 'px;overflow:hidden;border-bottom:1px solid #eee;padding:4px}' +
    '.' + M.text + '{margin:2px 0}' +
    '.' + M.moreButton + '{position:absolute;right:4px;top:4px}' +
    '.' + M.menu + '{position:absolute;right:8px;background:#fff;border:1px solid #99a;box-shadow:0 2px 6px #0003;display:flex;flex-direction:column;z-index:2}' +
    '.' + M.dialog + '{position:absolute;left:10%;right:10%;top:80px;background:#fff;border:1px solid #99a;padding:12px;z-index:3}' +
    '.' + M.error + '{color:#a00}';

  function createWidget() {
    var host = null;
    var shadow = null;
    var config = null;
    var claims = {};
    var callbacks = kepWidgetKit.callbacks(); // bundle.js
    var ws = null;
    var closed = false;
    var retry = 0;
    var ref = 0;
    var pendingAcks = new Map();
    var model = { me: { userId: '', moderator: false }, questions: new Map(), announcements: [] };
    var current = 'pending';
    var panels = {}; // tab key -> { tab, panel, scroller, spacer, items }
    var menu = null;
    var dialog = null;

    // ------------------------------------------------------------ transport (the same wire as live.js)
    function setConnection(state) {
      if (host) host.setAttribute(M.connectionAttr, state);
    }
    function connect() {
      var serviceUrl = (config.server && config.server.serviceUrl) || '';
      var origin = serviceUrl ? new URL(serviceUrl).origin : '';
      var entryId = claims.contextId || '';
      if (closed || !origin || !entryId || typeof WebSocket !== 'function') return;
      setConnection('connecting');
      var token = (config.server && config.server.jwtToken) || '';
      ws = new WebSocket(origin.replace(/^http/, 'ws') + S.wire.socketPath + '?entryId=' + encodeURIComponent(entryId) + '&token=' + encodeURIComponent(token));
      var onEvent = function (e) {
        if (e.type === 'question') model.questions.set(e.question.id, e.question);
        else if (e.type === 'question.removed') model.questions.delete(e.id);
        else if (e.type === 'announcement') {
          model.announcements.push(e.announcement);
          return renderAnnouncements();
        } else return;
        render();
      };
      ws.onmessage = function (ev) {
        var f;
        try {
          f = JSON.parse(ev.data);
        } catch (e) {
          return;
        }
        if (f.op === 'hello') {
          retry = 0;
          model.me = f.snapshot.me;
          model.questions = new Map();
          f.snapshot.questions.forEach(function (q) {
            model.questions.set(q.id, q);
          });
          model.announcements = (f.snapshot.announcements || []).slice();
          setConnection('live');
          render();
          renderAnnouncements();
        } else if (f.op === 'event') onEvent(f.event);
        // Several events of one server turn in one frame (sandbox/cnc/protocol.ts), in order.
        else if (f.op === 'events') f.events.forEach(function (e) { onEvent(e.event); });
        else if (f.op === 'ack') {
          var p = pendingAcks.get(f.ref);
          pendingAcks.delete(f.ref);
          if (p) p(f.result);
        }
      };
      ws.onclose = function () {
        ws = null;
        pendingAcks.forEach(function (p) {
          p({ ok: false, error: 'DISCONNECTED' });
        });
        pendingAcks.clear();
        if (closed) return;
        setConnection('stale');
        setTimeout(connect, Math.min(10000, 250 * Math.pow(2, retry++)));
      };
    }
    function send(action) {
      return new Promise(function (resolve) {
        if (!ws || ws.readyState !== 1) return resolve({ ok: false, error: 'DISCONNECTED' });
        var r = ++ref;
        pendingAcks.set(r, resolve);
        ws.send(JSON.stringify({ op: 'action', ref: r, action: action }));
      }).then(function (result) {
        var line = shadow && shadow.querySelector('.' + M.error);
        if (line) {
          line.textContent = result && result.ok === false ? result.message || result.error || '' : '';
          line.hidden = !line.textContent;
        }
        return result;
      });
    }

    // ------------------------------------------------------------ model → tabs
    function tabOf(q) {
      if (q.state === 'dismissed') return 'dismissed';
      if (q.state === 'approved') return q.answers.length || q.answeredLive ? 'answered' : 'approved';
      return 'pending';
    }
    /** Most recent activity first, per tab (the way many moderation queues sort). */
    function itemsOf(key) {
      var out = [];
      model.questions.forEach(function (q) {
        if (tabOf(q) === key) out.push(q);
      });
      out.sort(function (a, b) {
        return b.updatedAt - a.updatedAt || b.seq - a.seq;
      });
      return out;
    }

    // ------------------------------------------------------------ rendering
    function build() {
      shadow = host.attachShadow({ mode: 'open' });
      shadow.appendChild(el('style', '', null, CSS));
      var app = el('div', M.app, { lang: 'de' });
      app.appendChild(el('h3', '', null, L.title));
      var tablist = el('div', '', { role: 'tablist', 'aria-label': L.tabs });
      app.appendChild(tablist);
      TABS.forEach(function (t) {
        var tab = el('button', '', { type: 'button', role: 'tab', 'aria-selected': String(t.key === current) }, t.label);
        tab.addEventListener('click', function () {
          select(t.key);
        });
        tablist.appendChild(tab);
        var panel = el('section', '', { role: 'tabpanel', 'aria-label': t.label });
        panel.hidden = t.key !== current;
        var scroller = el('div', M.scroller, { role: 'list', 'aria-label': t.label });
        var spacer = el('div', M.spacer);
        scroller.appendChild(spacer);
        scroller.addEventListener('scroll', function () {
          windowRows(t.key);
        });
        panel.appendChild(scroller);
        app.appendChild(panel);
        panels[t.key] = { tab: tab, panel: panel, scroller: scroller, spacer: spacer, items: [] };
      });
      var err = el('div', M.error, { role: 'alert' });
      err.hidden = true;
      app.appendChild(err);
      app.appendChild(announcementsSection());
      shadow.appendChild(app);
      shadow.addEventListener('click', function (ev) {
        // A click outside the open menu closes it, as menus do.
        if (menu && !menu.contains(ev.target) && !(ev.target.closest && ev.target.closest('.' + M.moreButton))) closeMenu();
      });
    }
    function select(key) {
      current = key;
      TABS.forEach(function (t) {
        var p = panels[t.key];
        p.tab.setAttribute('aria-selected', String(t.key === key));
        p.panel.hidden = t.key !== key;
      });
      windowRows(key);
    }
    function render() {
      if (!shadow) return;
      TABS.forEach(function (t) {
        var p = panels[t.key];
        p.items = itemsOf(t.key);
        p.tab.textContent = t.label + ' (' + p.items.length + ')';
        p.spacer.style.height = p.items.length * M.rowHeight + 'px';
        windowRows(t.key);
      });
    }
    /** Only the rows in view (plus a few) exist in the DOM. */
    function windowRows(key) {
      var p = panels[key];
      var top = p.panel.hidden ? 0 : p.scroller.scrollTop;
      var first = Math.max(0, Math.floor(top / M.rowHeight) - M.overscan);
      var last = Math.min(p.items.length, Math.ceil((top + M.listHeight) / M.rowHeight) + M.overscan);
      p.spacer.textContent = '';
      for (var i = first; i < last; i++) p.spacer.appendChild(rowNode(p.items[i], i, p.items.length));
    }
    function rowNode(q, index, size) {
      var row = el('div', M.row, { role: 'listitem', 'aria-posinset': index + 1, 'aria-setsize': size });
      row.style.top = index * M.rowHeight + 'px';
      row.appendChild(el('span', M.author, null, q.anonymous ? L.anonymous : q.askerName));
      var d = new Date(q.at);
      row.appendChild(el('time', '', { datetime: d.toISOString() }, d.toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit' })));
      row.appendChild(el('span', M.votes, { 'aria-label': q.upvotes + ' Stimmen' }, q.upvotes));
      if (q.answeredLive) row.appendChild(el('span', M.liveBadge, null, L.answeredLiveBadge));
      if (q.handledBy) row.appendChild(el('span', M.handledBy, null, L.handledBy + q.handledBy));
      row.appendChild(el('p', M.text, null, q.text));
      var answers = el('ul', M.answers);
      q.answers.forEach(function (a) {
        var li = el('li', M.answer);
        li.appendChild(el('span', M.answerBy, null, a.displayName));
        li.appendChild(el('span', M.answerVisibility, null, a.visibility === 'private' ? L.private : L.public));
        li.appendChild(el('span', M.text, null, a.text));
        answers.appendChild(li);
      });
      row.appendChild(answers);
      if (model.me.moderator) {
        var more = el('button', M.moreButton, { type: 'button', 'aria-label': L.more, 'aria-haspopup': 'menu' }, '\u22EF');
        more.addEventListener('click', function () {
          openMenu(q.id, index);
        });
        row.appendChild(more);
      }
      return row;
    }

    // ------------------------------------------------------------ menu and dialogs
    function closeMenu() {
      if (menu) menu.remove();
      menu = null;
    }
    function closeDialog() {
      if (dialog) dialog.remove();
      dialog = null;
    }
    // A dialog's Cancel, then the dialog itself 30 ms later (as a framework's portal renders it): an actor
    // must wait for it, not find it in the click's own turn. Not if another dialog replaced it meanwhile.
    function mountDialogLate() {
      var cancel = el('button', '', { type: 'button' }, L.cancel);
      cancel.addEventListener('click', closeDialog);
      dialog.appendChild(cancel);
      var dd = dialog;
      setTimeout(function () {
        if (dialog === dd && shadow) shadow.querySelector('.' + M.app).appendChild(dd);
      }, 30);
    }
    function openMenu(id, index) {
      closeMenu();
      var q = model.questions.get(id);
      if (!q) return;
      menu = el('div', M.menu, { role: 'menu', 'aria-label': L.more });
      menu.style.top = 60 + (index % 3) * 40 + 'px';
      var items = [];
      if (q.state !== 'approved') items.push([L.approve, function () { confirmThen(L.confirmApprove, { type: 'qna.approve', questionId: id }); }]);
      if (q.state !== 'dismissed') items.push([L.dismiss, function () { confirmThen(L.confirmDismiss, { type: 'qna.dismiss', questionId: id }); }]);
      if (q.state === 'dismissed') items.push([L.restore, function () { send({ type: 'qna.restore', questionId: id }); }]);
      items.push([q.answeredLive ? L.notAnsweredLive : L.answeredLive, function () { send({ type: 'qna.answeredLive', questionId: id, on: !q.answeredLive }); }]);
      if (q.handledBy !== model.me.userId) items.push([L.claim, function () { send({ type: 'qna.claim', questionId: id, on: true }); }]);
      else items.push([L.release, function () { send({ type: 'qna.claim', questionId: id, on: false }); }]);
      items.push([L.answer, function () { answerDialog(id); }]);
      items.forEach(function (it) {
        var b = el('button', '', { type: 'button', role: 'menuitem' }, it[0]);
        b.addEventListener('click', function () {
          closeMenu();
          it[1]();
        });
        menu.appendChild(b);
      });
      // Rendered a moment later, as a framework's portal would be.
      var m = menu;
      setTimeout(function () {
        if (menu === m && shadow) shadow.querySelector('.' + M.app).appendChild(m);
      }, 30);
    }
    function confirmThen(text, action, label) {
      closeDialog();
      dialog = el('div', M.dialog, { role: 'dialog', 'aria-modal': 'true', 'aria-label': label || L.confirm });
      dialog.appendChild(el('p', '', null, text));
      var cancel = el('button', '', { type: 'button' }, L.cancel);
      cancel.addEventListener('click', closeDialog);
      var ok = el('button', '', { type: 'button' }, L.confirm);
      ok.addEventListener('click', function () {
        closeDialog();
        send(action);
      });
      dialog.appendChild(cancel);
      dialog.appendChild(ok);
      var d = dialog;
      setTimeout(function () {
        if (dialog === d && shadow) shadow.querySelector('.' + M.app).appendChild(d);
      }, 30);
    }
    function answerDialog(id) {
      closeDialog();
      dialog = el('div', M.dialog, { role: 'dialog', 'aria-modal': 'true', 'aria-label': L.answer });
      var box = el('textarea', '', { 'aria-label': L.answerBox, maxlength: 10000 });
      dialog.appendChild(box);
      [[L.answerPublic, false], [L.answerPrivate, true]].forEach(function (d) {
        var b = el('button', '', { type: 'button' }, d[0]);
        b.addEventListener('click', function () {
          if (!box.value.trim()) {
            var line = shadow.querySelector('.' + M.error);
            line.textContent = L.writeFirst;
            line.hidden = false;
            return;
          }
          var text = box.value;
          closeDialog();
          send({ type: 'qna.answer', questionId: id, text: text, private: d[1] });
        });
        dialog.appendChild(b);
      });
      mountDialogLate();
    }

    // ------------------------------------------------------------ announcements (composed in a dialog, confirmed)
    var announcementList = null;
    var composeButton = null;
    function announcementsSection() {
      var section = el('section', M.announcements, { 'aria-label': L.announcements });
      section.appendChild(el('h4', '', null, L.announcements));
      composeButton = el('button', '', { type: 'button', 'aria-haspopup': 'dialog' }, L.compose);
      composeButton.hidden = true; // moderators only, known once the server said who we are
      composeButton.addEventListener('click', composeDialog);
      section.appendChild(composeButton);
      announcementList = el('ul', M.announcementList, { 'aria-label': L.announcements });
      section.appendChild(announcementList);
      return section;
    }
    /** Pinned first, then the newest first. */
    function renderAnnouncements() {
      if (!announcementList) return;
      composeButton.hidden = !model.me.moderator;
      announcementList.textContent = '';
      model.announcements
        .slice()
        .sort(function (a, b) {
          return (b.pinned ? 1 : 0) - (a.pinned ? 1 : 0) || b.seq - a.seq;
        })
        .forEach(function (a) {
          var li = el('li', M.announcement);
          if (a.pinned) li.appendChild(el('span', M.pinnedBadge, null, L.pinned));
          li.appendChild(el('p', M.announcementText, null, a.text));
          announcementList.appendChild(li);
        });
    }
    function composeDialog() {
      closeDialog();
      dialog = el('div', M.dialog, { role: 'dialog', 'aria-modal': 'true', 'aria-label': L.composeDialog });
      var box = el('textarea', '', { 'aria-label': L.announcementBox, maxlength: 2000 });
      dialog.appendChild(box);
      var pin = el('input', '', { type: 'checkbox', 'aria-label': L.pin });
      var pinLabel = el('label', '');
      pinLabel.appendChild(pin);
      pinLabel.appendChild(document.createTextNode(' ' + L.pin));
      dialog.appendChild(pinLabel);
      var sendButton = el('button', '', { type: 'button' }, L.send);
      sendButton.addEventListener('click', function () {
        if (!box.value.trim()) {
          var line = shadow.querySelector('.' + M.error);
          line.textContent = L.writeAnnouncementFirst;
          line.hidden = false;
          return;
        }
        var action = { type: 'announce', text: box.value };
        if (pin.checked) action.pinned = true;
        confirmThen(L.confirmAnnounce, action, L.confirmAnnounceDialog);
      });
      dialog.appendChild(sendButton);
      mountDialogLate();
    }

    return {
      renderCncContainer: function (container, cncConfig) {
        if (host) return;
        config = cncConfig || {};
        claims = kepWidgetKit.jwtPayload(config.server && config.server.jwtToken);
        host = document.createElement(M.host);
        host.setAttribute(M.entryIdAttr, claims.contextId || '');
        if (claims.uid) host.setAttribute(M.userAttr, claims.uid);
        host.setAttribute(M.modulesAttr, 'qna announcements');
        if (config.moderatorView || kepWidgetKit.inModeratorGroup(claims)) host.setAttribute(M.roleAttr, 'moderator');
        build();
        if (container) container.appendChild(host);
        connect();
      },
      renderCnc: function () {
        setTimeout(function () {
          if (host) callbacks.fire('load');
        }, 0);
      },
      renderSidebarButtons: function () {},
      renderReactions: function () {},
      renderLiveReactions: function () {},
      addOnLoadFinished: callbacks.api.addOnLoadFinished,
      addOnOpen: callbacks.api.addOnOpen,
      addOnClose: callbacks.api.addOnClose,
      isOpen: function () {
        return !!host;
      },
      destroy: function () {
        closed = true;
        if (ws) ws.close();
        ws = null;
        if (host && host.parentNode) host.parentNode.removeChild(host);
        host = null;
        shadow = null;
      },
    };
  }

  window.KalturaEventsPlatform.collaboration = {
    widgets: {
      embedded: { new: createWidget },
      floater: { new: createWidget },
    },
  };
})();
