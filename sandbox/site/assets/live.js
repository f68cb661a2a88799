/*
 * CnC sandbox widget: the live content (chat, Q&A, polls, announcements, reactions) inside the panels
 * bundle.js renders. Concatenated before bundle.js inside the same wrapper (see assets.ts), so `S`
 * (= __SANDBOX__: DOM names from widget-markup.ts, action names, the MODELED wire paths of
 * sandbox/cnc/protocol.ts) is shared.
 *
 * Attendee text is hostile: every string from the server is set with textContent, never innerHTML.
 */
// eslint-disable-next-line no-unused-vars
function kepLive(root, config, claims, moderatorHint) {
  'use strict';
  var S = __SANDBOX__;
  var M = S.markup;
  var A = S.actions;
  var entryId = claims.contextId || '';
  var serviceUrl = (config.server && config.server.serviceUrl) || '';
  var chatOrigin = serviceUrl ? new URL(serviceUrl).origin : '';
  var token = (config.server && config.server.jwtToken) || '';
  var pageKs = (config.reactions && config.reactions.ks) || '';

  var model = { me: { userId: claims.uid || '', moderator: !!moderatorHint }, settings: null, messages: new Map(), pinned: new Map(), questions: new Map(), announcements: [], reactions: {}, blocked: [], blockRecords: {}, polls: [] };
  var ws = null;
  var closed = false;
  var retry = 0;
  var ref = 0;
  var pendingAcks = new Map();
  var views = { chat: null, qna: null, polls: null, announcements: null, reactionsBoxes: [], liveBoxes: [] };

  // ------------------------------------------------------------ helpers
  function el(tag, className, attrs, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (attrs) for (var k in attrs) if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  function button(action, label, attrs) {
    var a = Object.assign({ type: 'button' }, attrs || {});
    a[M.actionAttr] = action;
    return el('button', '', a, label);
  }
  // One formatter for the widget: toLocaleTimeString builds a new one per call, which was the costliest
  // line of a chat message at 200 messages/s.
  var timeFormat = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });
  function time(at) {
    var d = new Date(at);
    return el('time', M.time, { datetime: d.toISOString() }, timeFormat.format(d));
  }
  function showError(message) {
    var line = root.querySelector('.' + M.errorLine);
    if (!line) return;
    line.textContent = message || '';
    line.hidden = !message;
  }
  function isMod() {
    return !!model.me.moderator;
  }

  // ------------------------------------------------------------ transport (protocol.ts, MODELED)
  function setConnection(state) {
    root.setAttribute(M.connectionAttr, state);
  }
  function connect() {
    if (closed || !chatOrigin || !entryId || typeof WebSocket !== 'function') return;
    setConnection('connecting');
    var url = chatOrigin.replace(/^http/, 'ws') + S.wire.socketPath + '?entryId=' + encodeURIComponent(entryId) + '&token=' + encodeURIComponent(token);
    // One frame per event. Tried (issue 11): the server putting events less than 16 ms apart in one frame
    // cut the page's per-message task overhead (~0.05 CPU s/s at 200 messages/s), but on a loaded machine
    // the server's hold timer fired late and a message took twice as long to show (p50 297 against 87 ms).
    ws = new WebSocket(url);
    ws.onmessage = function (ev) {
      var frame;
      try {
        frame = JSON.parse(ev.data);
      } catch (e) {
        return;
      }
      onFrame(frame);
    };
    ws.onclose = function () {
      ws = null;
      pendingAcks.forEach(function (p) {
        p({ ok: false, error: 'DISCONNECTED', message: 'connection lost' });
      });
      pendingAcks.clear();
      if (closed) return;
      // Stale until the next hello resyncs everything (MODERATION.md: a visible "stale" state).
      setConnection('stale');
      var delay = Math.min(10000, 250 * Math.pow(2, retry++));
      setTimeout(connect, delay);
    };
  }
  function send(action) {
    return new Promise(function (resolve) {
      if (!ws || ws.readyState !== 1) return resolve({ ok: false, error: 'DISCONNECTED', message: 'not connected' });
      var r = ++ref;
      pendingAcks.set(r, resolve);
      ws.send(JSON.stringify({ op: 'action', ref: r, action: action }));
    }).then(function (result) {
      showError(result && result.ok === false ? result.message || result.error : '');
      return result;
    });
  }
  function onFrame(f) {
    if (f.op === 'hello') {
      retry = 0;
      setConnection('live');
      resetFrom(f.snapshot);
    } else if (f.op === 'event') applyEvent(f.event);
    // Several events of one server turn in one frame (sandbox/cnc/protocol.ts), in order.
    else if (f.op === 'events') f.events.forEach(function (e) { applyEvent(e.event); });
    else if (f.op === 'ack') {
      var p = pendingAcks.get(f.ref);
      pendingAcks.delete(f.ref);
      if (p) p(f.result);
    } else if (f.op === 'polls') loadPolls();
    if (chatQueue.size) chatArrived();
  }

  // Polls go through the polls REST on the chat host with the page KS (KALTURA.md §4 + MODELED
  // attendee paths /polls/list and /polls/vote).
  function pollsCall(path, body) {
    if (!chatOrigin || !pageKs || typeof fetch !== 'function') return Promise.resolve(null);
    return fetch(chatOrigin + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + pageKs },
      body: JSON.stringify(body),
    })
      .then(function (r) {
        return r.json();
      })
      .catch(function () {
        return null;
      });
  }
  function pollsFrom(json) {
    if (Array.isArray(json)) return json;
    if (json && typeof json === 'object') {
      var keys = ['polls', 'items', 'objects', 'data'];
      for (var i = 0; i < keys.length; i++) if (Array.isArray(json[keys[i]])) return json[keys[i]];
    }
    return [];
  }
  /**
   * One list request at a time: every vote of the audience is a `polls` frame (a few a second in a lively
   * session), and each was a request and a rebuild of the polls. One asked for while one is on its way is
   * made once after it answers, so the last list shown is one asked for after the last change.
   */
  var pollsLoading = false;
  var pollsAgain = false;
  function loadPolls() {
    if (!model.settings || !model.settings.modules.polls) return;
    if (pollsLoading) {
      pollsAgain = true;
      return;
    }
    pollsLoading = true;
    pollsCall('/polls/list', { contextId: entryId }).then(function (json) {
      pollsLoading = false;
      model.polls = pollsFrom(json);
      renderPolls();
      if (pollsAgain) {
        pollsAgain = false;
        loadPolls();
      }
    });
  }

  // ------------------------------------------------------------ model
  function resetFrom(snap) {
    model.me = snap.me;
    model.settings = snap.settings;
    model.messages = new Map();
    model.pinned = new Map();
    // Only the recent tail is kept and shown (a real widget virtualises); pinned ones wherever they are.
    snap.messages.forEach(function (m) {
      if (m.pinned && !m.deleted) model.pinned.set(m.id, m);
    });
    snap.messages.slice(-MAX_CHAT_MODEL).forEach(function (m) {
      model.messages.set(m.id, m);
    });
    chatQueue.clear();
    model.questions = new Map();
    snap.questions.forEach(function (q) {
      model.questions.set(q.id, q);
    });
    model.announcements = snap.announcements.slice();
    model.reactions = snap.reactions || {};
    model.blocked = snap.blocked || [];
    model.blockRecords = {};
    (snap.blockRecords || []).forEach(function (r) {
      model.blockRecords[r.userId] = r;
    });
    root.classList.toggle(M.moderatorClass, !!model.me.moderator);
    renderAll();
    loadPolls();
  }
  function applyEvent(e) {
    switch (e.type) {
      case 'chat':
        rememberMessage(e.message);
        chatQueue.set(e.message.id, e.message); // listed by chatArrived, once the frame's events are in
        if (pinnedDirty) scheduleFrame();
        break;
      case 'chat.removed':
        model.messages.delete(e.id);
        chatQueue.delete(e.id);
        removeItem(views.chat, M.messageIdAttr, e.id);
        if (views.chat) watchNewest(views.chat);
        if (model.pinned.delete(e.id)) renderPinned();
        break;
      case 'question':
        model.questions.set(e.question.id, e.question);
        upsertQuestion(e.question);
        break;
      case 'question.removed':
        model.questions.delete(e.id);
        removeItem(views.qna, M.questionIdAttr, e.id);
        break;
      case 'announcement':
        model.announcements.push(e.announcement);
        renderAnnouncements();
        break;
      case 'reaction':
        model.reactions = e.counts;
        countsDirty = true;
        // Only what can still float is queued: a burst of bot reactions must not pile up work.
        if (floatQueue.length < MAX_FLOATERS) floatQueue.push(e.reaction);
        scheduleFrame();
        break;
      case 'blocked':
        if (e.userId === model.me.userId) model.me.blocked = e.blocked;
        if (isMod()) {
          model.blocked = model.blocked.filter(function (u) {
            return u !== e.userId;
          });
          if (e.blocked) model.blocked.push(e.userId);
          if (e.blocked) model.blockRecords[e.userId] = { userId: e.userId, reason: e.reason || '', by: e.by || '' };
          else delete model.blockRecords[e.userId];
          renderAll();
        }
        break;
      case 'settings':
        model.settings = e.settings;
        renderAll();
        loadPolls();
        break;
    }
  }

  // ------------------------------------------------------------ rendering
  function panel(name) {
    return root.querySelector('section.' + M.modulePanel + '-' + name);
  }
  function listOf(name) {
    var p = panel(name);
    return p ? p.querySelector('.' + M.moduleList) : null;
  }
  /**
   * Rows by id, per list: looking a row up with querySelector made a first render of N rows O(N²) (a
   * 10,000-question backlog took over a minute). A stand-in for Kaltura's widget need not be slow.
   */
  function indexOf(list) {
    if (!list.__kepIndex) list.__kepIndex = new Map();
    return list.__kepIndex;
  }
  function clearList(list) {
    list.textContent = '';
    indexOf(list).clear();
  }
  function removeItem(list, attr, id) {
    if (!list) return;
    var index = indexOf(list);
    var node = index.get(id);
    if (node) node.remove();
    index.delete(id);
  }
  /** Keep items in `seq` order: usually an append, an insert when a resync or a late event lands. */
  function placeBySeq(list, node, seq) {
    node.setAttribute('data-kep-seq', seq);
    var last = list.lastElementChild;
    if (!last || Number(last.getAttribute('data-kep-seq')) < seq) return list.appendChild(node);
    var items = list.children;
    for (var i = 0; i < items.length; i++) {
      if (Number(items[i].getAttribute('data-kep-seq')) > seq) return list.insertBefore(node, items[i]);
    }
    list.appendChild(node);
  }
  function upsert(list, attr, id, node, seq) {
    var index = indexOf(list);
    var old = index.get(id);
    if (old && old.parentNode === list) old.replaceWith(node);
    else placeBySeq(list, node, seq);
    index.set(id, node);
  }

  function composer(kind, placeholder, onSend, extra) {
    var form = el('form', M.composer);
    form.setAttribute(M.composerAttr, kind);
    var input = el(kind === 'chat' ? 'input' : 'textarea', M.composerInput, { placeholder: placeholder, 'aria-label': placeholder, maxlength: 10000 });
    var submit = el('button', M.composerSend, { type: 'submit' }, 'Send');
    form.appendChild(input);
    if (extra) form.appendChild(extra);
    form.appendChild(submit);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var text = input.value;
      if (!text.trim()) return;
      onSend(text).then(function (r) {
        if (r && r.ok) input.value = '';
      });
    });
    return form;
  }

  function ensureFrame(name, build) {
    var p = panel(name);
    if (!p || p.querySelector('.' + M.composer + ', [data-kep-frame]')) return;
    build(p);
  }

  function renderAll() {
    var s = model.settings;
    if (!s) return;
    ensureFrame('chat', function (p) {
      p.insertBefore(el('div', M.pinnedBar), p.querySelector('.' + M.moduleList));
      p.appendChild(
        composer('chat', 'Message everyone', function (text) {
          return send({ type: 'chat.post', text: text });
        }),
      );
    });
    ensureFrame('qna', function (p) {
      var anon = el('label', M.anonymousToggle);
      var box = el('input', '', { type: 'checkbox' });
      anon.appendChild(box);
      anon.appendChild(document.createTextNode(' Ask anonymously'));
      p.appendChild(
        composer(
          'qna',
          'Ask a question',
          function (text) {
            return send({ type: 'qna.ask', text: text, anonymous: box.checked });
          },
          anon,
        ),
      );
    });
    ensureFrame('announcements', function (p) {
      if (!isMod()) {
        p.appendChild(el('div', '', { 'data-kep-frame': '1', hidden: '' }));
        return;
      }
      p.appendChild(
        composer('announcement', 'Announce to everyone', function (text) {
          return send({ type: 'announce', text: text });
        }),
      );
    });
    ensureFrame('polls', function (p) {
      p.appendChild(el('div', '', { 'data-kep-frame': '1', hidden: '' }));
    });
    var anon = root.querySelector('.' + M.anonymousToggle);
    if (anon) anon.hidden = !s.anonymousAllowed;
    ['chat', 'qna', 'polls', 'announcements'].forEach(function (m) {
      var b = document.querySelector('.' + M.sidebarButton + '[' + M.moduleAttr + '="' + m + '"]');
      var p = panel(m);
      if (p) p.setAttribute('data-kep-enabled', String(!!s.modules[m]));
      if (b) b.disabled = !s.modules[m];
    });
    views.chat = listOf('chat');
    views.qna = listOf('qna');
    views.polls = listOf('polls');
    views.announcements = listOf('announcements');
    if (views.chat) {
      lightChatList(views.chat);
      clearList(views.chat);
      chatQueue.clear();
      var recent = Array.from(model.messages.values()).slice(-MAX_CHAT_NODES);
      var frag = document.createDocumentFragment();
      recent.forEach(function (m) {
        var node = messageNode(m);
        node.setAttribute('data-kep-seq', m.seq);
        indexOf(views.chat).set(m.id, node);
        frag.appendChild(node);
      });
      views.chat.appendChild(frag);
      hideOld(views.chat);
      stickToBottom(views.chat);
    }
    renderPinned();
    renderQna();
    renderAnnouncements();
    renderPolls();
    renderReactionCounts();
    renderReactionsState();
    renderBlocked();
  }

  function userControls(userId) {
    var blocked = model.blocked.indexOf(userId) >= 0;
    var attrs = {};
    attrs[M.userIdAttr] = userId;
    return button(blocked ? A.unblock : A.block, blocked ? 'Unblock' : 'Block', attrs);
  }

  function messageNode(m) {
    // A clone of a row built once, filled in: at 200 messages a second building ~14 elements and their
    // attributes one call at a time was most of the widget's own script time. The markup is the same.
    var mod = isMod();
    var li = rowPrototype(mod).cloneNode(true);
    if (m.pinned) li.classList.add(M.pinned);
    if (m.deleted) li.classList.add(M.deleted);
    li.setAttribute(M.messageIdAttr, m.id);
    li.setAttribute(M.userIdAttr, m.userId);
    if (m.moderator) li.setAttribute(M.roleAttr, 'moderator');
    var parts = li.children;
    parts[0].textContent = m.displayName;
    var d = new Date(m.at);
    parts[1].setAttribute('datetime', d.toISOString());
    parts[1].textContent = timeFormat.format(d);
    parts[2].textContent = m.text;
    var emojis = Object.keys(m.reactions);
    if (emojis.length || m.myReactions.length) fillReactions(parts[3], m);
    if (mod) {
      var c = parts[4].children; // pin, delete, block
      if (m.pinned) {
        c[0].setAttribute(M.actionAttr, A.unpin);
        c[0].textContent = 'Unpin';
      }
      var block = c[2];
      if (m.userId === model.me.userId) block.remove();
      else {
        block.setAttribute(M.userIdAttr, m.userId);
        if (model.blocked.indexOf(m.userId) >= 0) {
          block.setAttribute(M.actionAttr, A.unblock);
          block.textContent = 'Unblock';
        }
      }
      if (m.deleted) c[1].replaceWith(el('em', '', null, 'deleted'));
    }
    return li;
  }
  var rowPrototypes = {};
  function rowPrototype(mod) {
    var key = mod ? 'mod' : 'plain';
    if (rowPrototypes[key]) return rowPrototypes[key];
    // No inline style: each clone would carry (and the style engine parse) its own declaration block. The
    // widget's stylesheet (chatStyle) says how rows are laid out, once for all of them.
    var li = el('li', M.message);
    li.appendChild(el('span', M.sender));
    li.appendChild(el('time', M.time));
    li.appendChild(el('span', M.text));
    var rx = el('span', M.messageReactions);
    fillReactions(rx, { reactions: {}, myReactions: [] });
    li.appendChild(rx);
    if (mod) {
      var c = el('span', M.modControls);
      c.appendChild(button(A.pin, 'Pin'));
      c.appendChild(button(A.delete, 'Delete'));
      c.appendChild(button(A.block, 'Block'));
      li.appendChild(c);
    }
    return (rowPrototypes[key] = li);
  }
  function fillReactions(rx, m) {
    rx.textContent = '';
    var emojis = Object.keys(m.reactions);
    ['👍', '❤️', '😂'].forEach(function (e) {
      if (emojis.indexOf(e) < 0) emojis.push(e);
    });
    emojis.forEach(function (emoji) {
      var a = { type: 'button' };
      a[M.emojiAttr] = emoji;
      a[M.actionAttr] = A.react;
      a['data-kep-mine'] = String(m.myReactions.indexOf(emoji) >= 0);
      // Clicks are handled once for the whole list (onChatClick): no listeners per message.
      rx.appendChild(el('button', M.messageReaction, a, emoji + (m.reactions[emoji] ? ' ' + m.reactions[emoji] : '')));
    });
  }
  function blockButton(userId) {
    var b = userControls(userId);
    b.addEventListener('click', function () {
      // Unblock at once; Block asks for the reason first (the block form, MODELED).
      if (model.blocked.indexOf(userId) >= 0) send({ type: 'user.block', userId: userId, blocked: false });
      else askBlockReason(userId);
    });
    return b;
  }
  function askBlockReason(userId) {
    blockForm.setAttribute(M.userIdAttr, userId);
    blockForm.hidden = false;
    blockForm.querySelector('.' + M.blockReason).focus();
  }
  function buildBlockForm() {
    var form = el('form', M.blockForm, { 'aria-label': 'Block' });
    form.hidden = true;
    var input = el('input', M.blockReason, { placeholder: 'Reason for blocking', 'aria-label': 'Reason for blocking', maxlength: 500 });
    var ok = button(A.blockConfirm, 'Block');
    ok.type = 'submit';
    var cancel = button(A.blockCancel, 'Cancel');
    cancel.addEventListener('click', function () {
      form.hidden = true;
    });
    form.appendChild(input);
    form.appendChild(ok);
    form.appendChild(cancel);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var userId = form.getAttribute(M.userIdAttr);
      if (!userId) return;
      send({ type: 'user.block', userId: userId, blocked: true, reason: input.value }).then(function (r) {
        if (r && r.ok) {
          input.value = '';
          form.hidden = true;
        }
      });
    });
    return form;
  }
  function renderBlocked() {
    blockedList.hidden = !isMod();
    blockedList.textContent = '';
    if (!isMod()) return;
    model.blocked.forEach(function (userId) {
      var attrs = {};
      attrs[M.userIdAttr] = userId;
      var li = el('li', M.blockedUser, attrs);
      var name = userId;
      model.messages.forEach(function (m) {
        if (m.userId === userId) name = m.displayName;
      });
      li.appendChild(el('span', M.sender, null, name));
      var r = model.blockRecords[userId];
      li.appendChild(el('span', M.blockReasonText, null, (r && r.reason) || ''));
      li.appendChild(blockButton(userId));
      blockedList.appendChild(li);
    });
  }
  /** Clicks on any chat control, for the whole list: the row says which message, the button what to do. */
  function onChatClick(ev) {
    var b = ev.target && ev.target.closest ? ev.target.closest('button[' + M.actionAttr + ']') : null;
    var row = b ? b.closest('[' + M.messageIdAttr + ']') : null;
    if (!row || !views.chat || !views.chat.contains(row)) return;
    var id = row.getAttribute(M.messageIdAttr);
    var action = b.getAttribute(M.actionAttr);
    if (action === A.react) send({ type: 'chat.react', messageId: id, emoji: b.getAttribute(M.emojiAttr) });
    else if (action === A.pin || action === A.unpin) send({ type: 'chat.pin', messageId: id, pinned: action === A.pin });
    else if (action === A.delete) send({ type: 'chat.delete', messageId: id });
    else if (action === A.block || action === A.unblock) {
      // Unblock at once; Block asks for the reason first (the block form, MODELED).
      var userId = b.getAttribute(M.userIdAttr);
      if (model.blocked.indexOf(userId) >= 0) send({ type: 'user.block', userId: userId, blocked: false });
      else askBlockReason(userId);
    }
  }

  // ------------------------------------------------------------ chat at hundreds of messages per second
  // At ~120 messages/s the first version of this widget kept the page ~95 % busy: a node per message
  // inserted at once, the pinned bar rebuilt from every message ever seen, a 500-row list laid out in the
  // page's flow. Now: the recent tail only (a real widget virtualises), the writes of a frame done
  // together, a fixed-height scroll box whose rows off screen are skipped by layout.
  var MAX_CHAT_NODES = 200;
  var TRIM_CHUNK = 100;
  /**
   * A row stays at least this long after it was inserted, even beyond MAX_CHAT_NODES: after a stall (a
   * loaded machine held the page for seconds) one frame inserts hundreds of rows, and trimming to the tail
   * in that frame or the next removed rows no one (the reader, an extension reading the page) could see.
   * Up to MAX_CHAT_ROWS rows, whatever their age.
   */
  var TRIM_AGE_MS = 1000;
  /**
   * Rows rendered while the reader follows the newest: the box shows ~18 one-line rows, so two boxfuls. The
   * older rows the list keeps (MAX_CHAT_NODES, each at least TRIM_AGE_MS) stay in the DOM, every one read by
   * whoever reads the page, but display:none, as a virtualised list does not render what is far out of view:
   * rendering ~300 rows of ~25 nodes (their layout objects, paint chunks, the layerization of each) was a
   * third of the page's task time at 200 messages/s (page task 2.9 → 1.8-2.1 s per 1,000 messages, load 8).
   * When the reader scrolls up they are all shown (revealAll), and hidden again once the reader is back at the
   * newest. Hiding takes an inline style only: no class or data attribute a reader of the page looks at.
   */
  var SHOWN_ROWS = 40;
  var MAX_CHAT_ROWS = 1000;
  var MAX_CHAT_MODEL = 1000;
  /**
   * Reactions floating at once, at most (a burst of bot reactions must not pile up nodes, layers, or the
   * compositor's and GPU's work on every frame while they rise).
   */
  var MAX_FLOATERS = 8;
  var chatQueue = new Map();
  var countsDirty = false;
  var floatQueue = [];
  var frameScheduled = false;
  var frameTimer = 0;
  var trimRange = null;

  function rememberMessage(m) {
    model.messages.set(m.id, m);
    if (model.messages.size > MAX_CHAT_MODEL) model.messages.delete(model.messages.keys().next().value);
    var was = model.pinned.get(m.id);
    var now = m.pinned && !m.deleted;
    if (now) model.pinned.set(m.id, m);
    else model.pinned.delete(m.id);
    if (was || now) pinnedDirty = true;
  }
  var pinnedDirty = false;

  /**
   * One flush per frame, and at most one every CHAT_FRAME_GAP_MS: each frame that changes the list pays the
   * browser's whole rendering pass (style, layout, pre-paint, paint, commit of the scroll box) whatever the
   * number of rows it adds, and that pass, not our script, was most of the page's time at 200 messages/s:
   * at 60 frames a second it alone would keep an idle machine's page ~40 % busy. Every other frame at 60 Hz
   * halves it for ~16 ms more on a message's way to the screen (a real widget batches far more). A timer
   * too, as a hidden tab gets no frames and must still be current.
   */
  var CHAT_FRAME_GAP_MS = 30;
  var lastFlushAt = -Infinity;
  function clock() {
    return typeof performance !== 'undefined' ? performance.now() : Date.now();
  }
  /**
   * A message in while the list is idle (no flush for CHAT_FRAME_GAP_MS) is listed at once, in the task that
   * received it: waiting for the next animation frame held it ~8 ms on a quiet machine and 100 ms and more
   * on a loaded one, where frames come late; an extension reading the page sees it in the DOM at once. The
   * browser still renders it with the next frame, and as the gap holds later ones back, frames that change
   * the list stay at most one every CHAT_FRAME_GAP_MS.
   */
  function chatArrived() {
    if (clock() - lastFlushAt < CHAT_FRAME_GAP_MS) return scheduleFrame();
    lastFlushAt = clock();
    flushChat();
  }
  /**
   * How long after its gap ended a message waits for an animation frame before a timer lists it: one frame
   * at 60 Hz. On a loaded machine frames come 100 ms and more apart while the page's main thread has time
   * (the frames wait on raster and the compositor): a message waited for the frame, or for the timer at
   * 100 ms, long after its gap (the p95 of page_show). Frames on time, the frame lists it as before.
   */
  var CHAT_FRAME_LATE_MS = 17;
  function scheduleFrame() {
    if (frameScheduled) return;
    frameScheduled = true;
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flushFrame);
    var wait = chatQueue.size ? Math.max(0, CHAT_FRAME_GAP_MS - (clock() - lastFlushAt)) + CHAT_FRAME_LATE_MS : 100;
    frameTimer = setTimeout(flushFrame, Math.ceil(wait));
  }
  function flushFrame(frameAt) {
    if (!frameScheduled) return;
    var now = clock();
    // An animation frame too soon after the last flush: a timer flushes when the gap is over (its writes show
    // in the frame after). Not the next animation frame: on a loaded machine that can be 100 ms away.
    if (frameAt !== undefined && now - lastFlushAt < CHAT_FRAME_GAP_MS) {
      clearTimeout(frameTimer);
      frameTimer = setTimeout(flushFrame, Math.max(1, Math.ceil(CHAT_FRAME_GAP_MS - (now - lastFlushAt))));
      return;
    }
    lastFlushAt = now;
    frameScheduled = false;
    clearTimeout(frameTimer);
    // The chat last: its scroll to the newest lays the page out (stickToBottom), after every other write of
    // the frame, so that layout is the frame's only one.
    if (pinnedDirty) {
      pinnedDirty = false;
      renderPinned();
    }
    if (countsDirty) {
      countsDirty = false;
      renderReactionCounts();
    }
    if (floatQueue.length) {
      var names = floatQueue;
      floatQueue = [];
      names.forEach(floatReaction);
    }
    if (chatQueue.size) flushChat();
  }
  function flushChat() {
    var list = views.chat;
    var queued = Array.from(chatQueue.values());
    chatQueue.clear();
    if (!list) return;
    var index = indexOf(list);
    var first = list.firstElementChild;
    var oldest = first ? Number(first.getAttribute('data-kep-seq')) : -Infinity;
    var full = list.children.length >= MAX_CHAT_NODES;
    // After a stall every queued message is built (it is shown, however briefly), up to the hard bound.
    if (queued.length > MAX_CHAT_ROWS) queued = queued.slice(-MAX_CHAT_ROWS);
    var now = Date.now();
    var tail = document.createDocumentFragment();
    var tailSeq = list.lastElementChild ? Number(list.lastElementChild.getAttribute('data-kep-seq')) : -Infinity;
    queued.forEach(function (m) {
      var old = index.get(m.id);
      if (!old && full && m.seq < oldest) return; // scrolled out of the tail already
      var node = messageNode(m);
      node.__kepAt = now;
      if (old && old.parentNode === list) {
        node.setAttribute('data-kep-seq', m.seq);
        if (old.style.display) node.style.display = old.style.display; // a hidden row stays hidden
        old.replaceWith(node);
        index.set(m.id, node);
      } else if (m.seq > tailSeq) {
        // The common case: a new message after everything shown, appended with the rest of the frame's.
        node.setAttribute('data-kep-seq', m.seq);
        tail.appendChild(node);
        index.set(m.id, node);
        tailSeq = m.seq;
      } else upsert(list, M.messageIdAttr, m.id, node, m.seq);
    });
    // After a stall one flush appends hundreds of rows: all are in the list at once (an extension reads them
    // there), only the newest SHOWN_ROWS laid out (hideOld), so the catch-up frame stays short.
    list.appendChild(tail);
    hideOld(list);
    // Trimmed in chunks: a frame that removes the oldest rows moves every row and repaints the box; one
    // that only appends paints the new rows.
    // One range deleted, not a row at a time: each removal is a layout invalidation and a record for every
    // MutationObserver on the page (a trim one row at a time cost 18-30 ms per 100 rows, the range 12-13).
    // One Range for the widget's life: every live Range is updated on every DOM removal in the document
    // until it is collected, so a new one per trim made each later change dearer.
    var count = list.children.length;
    var extra = count > MAX_CHAT_NODES + TRIM_CHUNK ? count - MAX_CHAT_NODES : 0;
    if (extra > 0) {
      var gone = list.firstElementChild;
      var range = trimRange || (trimRange = document.createRange());
      range.setStartBefore(gone);
      var k = 0;
      // Oldest first; a row younger than TRIM_AGE_MS ends the trim unless the list is past its hard bound.
      for (; k < extra && gone && (!(gone.__kepAt > now - TRIM_AGE_MS) || count - k > MAX_CHAT_ROWS); k++, gone = gone.nextElementSibling) {
        index.delete(gone.getAttribute(M.messageIdAttr));
        range.setEndAfter(gone);
      }
      if (k > 0) range.deleteContents();
    }
    // Scrolling to the newest lays the list out (scrollTop is clamped to the new height): at most one
    // flush a frame (CHAT_FRAME_GAP_MS), so this is the frame's own layout done early, not a second one.
    // Deferred to the frame, the browser could tell where the reader is (lightChatList) with rows added and
    // not yet scrolled to, and the list be taken for scrolled up by the reader.
    stickToBottom(list);
  }
  /**
   * Rows older than the newest SHOWN_ROWS hidden, while the reader follows the newest. From the newest back:
   * the rows before the first one found hidden are hidden already (a row replaced in place keeps its
   * style), so a flush looks at SHOWN_ROWS rows and the few it hides.
   */
  function hideOld(list) {
    var light = list.__kepLight;
    if (!light || !light.stuck) return;
    var r = list.lastElementChild;
    for (var n = 0; r && n < SHOWN_ROWS; n++) r = r.previousElementSibling;
    for (; r && r.style.display !== 'none'; r = r.previousElementSibling) r.style.display = 'none';
  }
  /** Every row the list keeps shown: the reader scrolled up to read them. */
  function revealAll(list) {
    for (var r = list.lastElementChild; r; r = r.previousElementSibling) if (r.style.display === 'none') r.style.display = '';
  }
  /** The chat list as a chat box: fixed height, scrolled to the newest unless the reader scrolled up. */
  var CHAT_STYLE_ID = 'kep-chat-style';
  function chatStyle() {
    if (document.getElementById(CHAT_STYLE_ID)) return;
    var style = el('style', '', { id: CHAT_STYLE_ID });
    // Each row contains its layout, style and paint: a new row does not make its neighbours lay out or
    // repaint again. Not content-visibility:auto: its visibility observer ran every frame over every row,
    // and a row coming into view was laid out a second time in the same frame (about a third more CPU at
    // 200 messages/s). A block, not a list-item (no marker, no ordinal to update when the oldest go).
    style.textContent = '.' + M.message + '{display:block;contain:content;contain-intrinsic-size:auto 40px;overflow-wrap:anywhere}' +
      '.' + M.message + ' button{display:inline-block;appearance:none;font:inherit;line-height:1.2;border:1px solid #bbc;background:#f6f6fa;color:inherit;padding:0 4px;margin:0 1px;border-radius:3px}';
    (document.head || document.documentElement).appendChild(style);
  }
  function lightChatList(list) {
    chatStyle();
    if (list.__kepLight) return;
    var light = (list.__kepLight = { stuck: true, newest: null, seen: null });
    list.style.cssText = 'height:360px;overflow-y:auto;contain:strict;will-change:scroll-position;margin:0;padding:0 4px;list-style:none';
    var unstuck = function (stuck) {
      light.stuck = stuck;
      // The reader scrolled up: the older rows are what they scroll to.
      if (!stuck) revealAll(list);
    };
    if (typeof IntersectionObserver === 'function') {
      // Whether the reader is at the newest: the newest row's end in the box (or within 24 px under it), told
      // by the browser after its own layout. A scroll listener read the list's scroll height on every scroll,
      // and each flush's scroll to the newest is one: a layout forced in the scroll event of every frame in
      // which anything else on the page had changed (a reaction, a question). Told when the row comes into
      // view, is wholly in it (a one-line row), or leaves it, and when a new newest row is watched.
      light.seen = new IntersectionObserver(function (entries) {
        var e = entries[entries.length - 1];
        if (e.target !== light.newest) return;
        // A list or panel not rendered (another module shown) says nothing about where the reader is.
        if (!e.rootBounds || !e.rootBounds.height || !e.boundingClientRect.height) return;
        unstuck(e.isIntersecting && e.boundingClientRect.bottom <= e.rootBounds.bottom + 1);
      }, { root: list, rootMargin: '0px 0px 24px 0px', threshold: [0, 0.99] });
    } else {
      list.addEventListener('scroll', function () {
        unstuck(list.scrollTop + list.clientHeight >= list.scrollHeight - 24);
      }, { passive: true });
    }
    list.addEventListener('click', onChatClick);
  }
  /** The newest row watched (lightChatList): after every change to the list's end. */
  function watchNewest(list) {
    var light = list.__kepLight;
    var last = list.lastElementChild;
    if (!light || !light.seen || last === light.newest) return;
    if (light.newest) light.seen.unobserve(light.newest);
    light.newest = last;
    if (last) light.seen.observe(last);
  }
  function stickToBottom(list) {
    watchNewest(list);
    if (list.__kepLight && list.__kepLight.stuck) list.scrollTop = 1e9;
  }
  function renderPinned() {
    var bar = root.querySelector('.' + M.pinnedBar);
    if (!bar) return;
    bar.textContent = '';
    Array.from(model.pinned.values()).sort(function (a, b) {
      return a.seq - b.seq;
    }).forEach(function (m) {
      var attrs = {};
      attrs[M.messageIdAttr] = m.id;
      var row = el('div', M.pinned, attrs);
      row.appendChild(el('span', M.sender, null, m.displayName));
      row.appendChild(el('span', M.text, null, m.text));
      bar.appendChild(row);
    });
  }

  // ------------------------------------------------------------ Q&A at 100 questions/s over 10,000
  // A moderator's session keeps every question, so the list holds thousands of rows. What made a question
  // take ~190 ms (p95) to show at 100/s over a 10,000 backlog was not our rendering but Chrome's autofill:
  // every form control added outside a form schedules a scan (at most every 100 ms) that extracts every
  // text field of the document, and each row had its own <input> for the answer: 10,000 fields, ~130 ms of
  // main thread per scan, back to back. The answer box is a contenteditable textbox now (the same class,
  // role textbox, filled by typing or by setting its text), which autofill does not extract; a row is
  // built once and replaced only when its question changes; clicks are handled once for the whole list;
  // rows off screen are skipped by style, layout and paint.
  var QNA_STYLE_ID = 'kep-qna-style';
  /** The rows as they were rendered: the model they came from and who was blocked then. */
  var qnaShown = { list: null, questions: null, blocked: [] };

  function qnaStyle() {
    if (document.getElementById(QNA_STYLE_ID)) return;
    var style = el('style', '', { id: QNA_STYLE_ID });
    style.textContent =
      '.' + M.question + '{content-visibility:auto;contain-intrinsic-size:auto 120px}' +
      '.' + M.answerInput + '{display:inline-block;min-width:12em;max-width:100%;min-height:1.3em;padding:1px 4px;border:1px solid #99a;border-radius:2px;background:#fff;white-space:pre-wrap;vertical-align:middle;cursor:text}' +
      '.' + M.answerInput + ':empty::before{content:attr(aria-placeholder);color:#777}';
    (document.head || document.documentElement).appendChild(style);
  }

  /** The whole list: on a (re)connect or a new panel; otherwise only the rows of people (un)blocked since. */
  function renderQna() {
    var list = views.qna;
    if (!list) return;
    qnaStyle();
    if (!list.__kepQna) {
      list.__kepQna = true;
      list.addEventListener('click', onQnaClick);
      list.addEventListener('keydown', onQnaKey);
    }
    if (qnaShown.list === list && qnaShown.questions === model.questions) {
      var changed = {};
      qnaShown.blocked.concat(model.blocked).forEach(function (u) {
        if ((qnaShown.blocked.indexOf(u) >= 0) !== (model.blocked.indexOf(u) >= 0)) changed[u] = true;
      });
      qnaShown.blocked = model.blocked.slice();
      model.questions.forEach(function (q) {
        if (q.askerId && changed[q.askerId]) upsertQuestion(q);
      });
      return;
    }
    clearList(list);
    var index = indexOf(list);
    var rows = Array.from(model.questions.values()).sort(function (a, b) {
      return a.seq - b.seq;
    });
    // Built apart and inserted at once: one insertion, one style and layout pass.
    var frag = document.createDocumentFragment();
    rows.forEach(function (q) {
      var node = questionNode(q);
      node.setAttribute('data-kep-seq', q.seq);
      index.set(q.id, node);
      frag.appendChild(node);
    });
    list.appendChild(frag);
    qnaShown = { list: list, questions: model.questions, blocked: model.blocked.slice() };
  }

  function questionNode(q) {
    var attrs = {};
    attrs[M.questionIdAttr] = q.id;
    attrs[M.stateAttr] = q.state;
    attrs['data-kep-mine'] = String(q.mine);
    attrs['data-kep-answered-live'] = String(q.answeredLive);
    if (q.askerId) attrs[M.userIdAttr] = q.askerId;
    var li = el('li', M.question, attrs);
    li.appendChild(el('span', M.sender, null, q.askerName));
    li.appendChild(time(q.at));
    li.appendChild(el('span', 'kep-state', null, q.state));
    li.appendChild(el('p', M.text, null, q.text));
    // Clicks are handled once for the whole list (onQnaClick): no listeners per row.
    var up = button(A.upvote, '▲ ', { 'aria-pressed': String(q.upvotedByMe) });
    up.appendChild(el('span', M.upvoteCount, null, q.upvotes));
    up.disabled = q.state !== 'approved';
    li.appendChild(up);
    if (q.answeredLive) li.appendChild(el('span', M.answeredLive, null, 'Answered live'));
    var answers = el('ul', M.answers);
    q.answers.forEach(function (a) {
      var aa = {};
      aa[M.answerIdAttr] = a.id;
      aa[M.visibilityAttr] = a.visibility;
      var row = el('li', M.answer, aa);
      row.appendChild(el('span', M.sender, null, a.displayName));
      if (a.visibility === 'private') row.appendChild(el('span', 'kep-private-badge', null, ' (private) '));
      row.appendChild(el('span', M.text, null, a.text));
      answers.appendChild(row);
    });
    li.appendChild(answers);
    if (isMod()) {
      var c = el('div', M.modControls);
      if (q.handledBy) c.appendChild(el('span', 'kep-handled-by', null, 'Handled by ' + q.handledBy));
      [
        [A.approve, 'Approve', q.state !== 'approved'],
        [A.dismiss, 'Dismiss', q.state !== 'dismissed'],
        // Back to Pending, unpublished (MODELED): Approve on a dismissed question would publish it.
        [A.restore, 'Restore to pending', q.state === 'dismissed'],
        [A.answeredLive, q.answeredLive ? 'Not answered live' : 'Answered live', true],
        // Claim marks the thread as handled by this moderator for every other moderator (MODELED).
        [A.claim, q.handledBy ? 'Take over' : 'Claim', q.handledBy !== model.me.userId],
        [A.release, 'Release', q.handledBy === model.me.userId],
      ].forEach(function (d) {
        if (d[2]) c.appendChild(button(d[0], d[1]));
      });
      // A textbox, not an <input>: see the note above this section (Chrome's autofill scans every input).
      c.appendChild(el('div', M.answerInput, { contenteditable: 'true', role: 'textbox', 'aria-label': 'Answer', 'aria-placeholder': 'Answer…', spellcheck: 'false' }));
      c.appendChild(button(A.answerPublic, 'Answer publicly'));
      c.appendChild(button(A.answerPrivate, 'Answer privately'));
      if (q.askerId && q.askerId !== model.me.userId) c.appendChild(userControls(q.askerId));
      li.appendChild(c);
    }
    return li;
  }

  /** Clicks on any Q&A control, for the whole list: the row says which question, the button what to do. */
  function onQnaClick(ev) {
    var b = ev.target && ev.target.closest ? ev.target.closest('button[' + M.actionAttr + ']') : null;
    var row = b ? b.closest('[' + M.questionIdAttr + ']') : null;
    if (!row || !views.qna || row.parentNode !== views.qna) return;
    var id = row.getAttribute(M.questionIdAttr);
    var q = model.questions.get(id);
    if (!q) return;
    var action = b.getAttribute(M.actionAttr);
    if (action === A.upvote) send({ type: 'qna.upvote', questionId: id, on: !q.upvotedByMe });
    else if (action === A.approve) send({ type: 'qna.approve', questionId: id });
    else if (action === A.dismiss) send({ type: 'qna.dismiss', questionId: id });
    else if (action === A.restore) send({ type: 'qna.restore', questionId: id });
    else if (action === A.answeredLive) send({ type: 'qna.answeredLive', questionId: id, on: !q.answeredLive });
    else if (action === A.claim) send({ type: 'qna.claim', questionId: id, on: true });
    else if (action === A.release) send({ type: 'qna.claim', questionId: id, on: false });
    else if (action === A.answerPublic || action === A.answerPrivate) {
      var box = row.querySelector('.' + M.answerInput);
      var text = box ? answerText(box) : '';
      if (!text.trim()) return showError('Write an answer first');
      send({ type: 'qna.answer', questionId: id, text: text, private: action === A.answerPrivate });
    } else if (action === A.block || action === A.unblock) {
      // Unblock at once; Block asks for the reason first (the block form, MODELED).
      var userId = b.getAttribute(M.userIdAttr);
      if (model.blocked.indexOf(userId) >= 0) send({ type: 'user.block', userId: userId, blocked: false });
      else askBlockReason(userId);
    }
  }
  /** What the moderator typed (text only: a paste of formatted text is read as its text). */
  function answerText(box) {
    return (box.textContent || '').slice(0, 10000);
  }
  /** One line, as the answer input was: Enter does not start a new line (nor a new element in the box). */
  function onQnaKey(ev) {
    if (ev.key === 'Enter' && ev.target && ev.target.classList && ev.target.classList.contains(M.answerInput)) ev.preventDefault();
  }

  function upsertQuestion(q) {
    if (!views.qna) return;
    // Keep a moderator's half-typed answer (and the caret) across re-renders of the same question.
    var row = indexOf(views.qna).get(q.id);
    var old = row && row.parentNode === views.qna ? row.querySelector('.' + M.answerInput) : null;
    var node = questionNode(q);
    var box = old && old.textContent ? node.querySelector('.' + M.answerInput) : null;
    if (box) box.textContent = old.textContent;
    var focused = !!old && document.activeElement === old;
    upsert(views.qna, M.questionIdAttr, q.id, node, q.seq);
    if (focused && (box || (box = node.querySelector('.' + M.answerInput)))) {
      box.focus();
      var sel = window.getSelection && window.getSelection();
      if (sel) sel.selectAllChildren(box), sel.collapseToEnd();
    }
  }

  function renderAnnouncements() {
    var banner = root.querySelector('.' + M.announcementBanner);
    var latest = model.announcements[model.announcements.length - 1];
    if (banner) {
      banner.textContent = '';
      banner.hidden = !latest;
      if (latest) {
        var a = {};
        a[M.announcementIdAttr] = latest.id;
        banner.appendChild(el('strong', '', null, '📣 '));
        banner.appendChild(el('span', M.text, a, latest.text));
      }
    }
    if (!views.announcements) return;
    views.announcements.textContent = '';
    model.announcements
      .slice()
      .reverse()
      .forEach(function (x) {
        var attrs = {};
        attrs[M.announcementIdAttr] = x.id;
        var li = el('li', M.announcement, attrs);
        li.appendChild(el('span', M.sender, null, x.displayName));
        li.appendChild(time(x.at));
        li.appendChild(el('p', M.text, null, x.text));
        views.announcements.appendChild(li);
      });
  }

  function renderPolls() {
    if (!views.polls) return;
    views.polls.textContent = '';
    model.polls.forEach(function (p) {
      if (!p || !p.content) return;
      var attrs = {};
      attrs[M.pollIdAttr] = p._id;
      attrs[M.stateAttr] = p.state;
      var li = el('li', M.poll, attrs);
      li.appendChild(el('p', M.text, null, p.content.question));
      var results = p.results || null;
      var live = p.state === 'Published';
      if (p.type === 'OpenAnswers') {
        var f = composer('poll', 'Your answer', function (text) {
          return vote(p, { text: text });
        });
        if (live) li.appendChild(f);
      } else {
        (p.content.options || []).forEach(function (o) {
          var oa = {};
          oa[M.optionIdAttr] = o.id;
          oa['data-kep-mine'] = String(!!(p.myAnswer && p.myAnswer.optionIds && p.myAnswer.optionIds.indexOf(o.id) >= 0));
          var b = button(A.vote, o.text, oa);
          b.className = M.pollOption;
          b.disabled = !live;
          b.addEventListener('click', function () {
            vote(p, { optionIds: [o.id] });
          });
          if (results && results.totals) b.appendChild(el('span', M.pollResults, null, ' ' + (results.totals[o.id] || 0)));
          li.appendChild(b);
        });
      }
      views.polls.appendChild(li);
    });
  }
  function vote(p, answer) {
    return pollsCall('/polls/vote', Object.assign({ pollId: p._id }, answer)).then(function (r) {
      var ok = !!r && !r.error;
      showError(ok ? '' : 'Vote failed: ' + ((r && (r.message || r.error)) || 'no answer'));
      loadPolls();
      return { ok: ok };
    });
  }

  /** Whether the session takes reactions now, on each box; the switch for moderators. */
  function renderReactionsState() {
    var s = model.settings;
    var on = !s || s.modules.reactions !== false;
    views.reactionsBoxes.forEach(function (box) {
      box.setAttribute(M.enabledAttr, String(on));
      var buttons = box.querySelectorAll('.' + M.reactionButton);
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = !on;
      var sw = box.querySelector('.' + M.reactionsSwitch);
      if (!sw) return;
      sw.hidden = !isMod() || !s;
      sw.setAttribute(M.actionAttr, on ? A.reactionsOff : A.reactionsOn);
      sw.setAttribute('aria-pressed', String(!on));
      sw.textContent = on ? 'Turn reactions off' : 'Turn reactions on';
    });
  }
  /** Count spans found once per reactions box (attachReactions), written only when they change. */
  var countSpans = [];
  function renderReactionCounts() {
    countSpans.forEach(function (c) {
      var text = String(model.reactions[c.name] || 0);
      if (c.span.textContent !== text) c.span.textContent = text;
    });
  }
  var floating = 0;
  var floatSlot = 0;
  function floatReaction(name) {
    views.liveBoxes.forEach(function (box) {
      // Bounded: a burst of bot reactions must not pile up nodes.
      if (floating >= MAX_FLOATERS) return;
      var attrs = {};
      attrs[M.reactionAttr] = name;
      var f = el('span', M.liveReaction, attrs, name);
      // Out of the flow (the box is a fixed-size layout container, attachLiveReactions): one coming or going
      // moves no other and lays nothing else out (inline, each shifted the rest of the line). Transform and
      // opacity only: the animation runs on the compositor, which promotes the span while it runs.
      f.style.cssText = 'position:absolute;bottom:0;left:' + (floatSlot++ % 10) * 9 + '%';
      box.appendChild(f);
      floating++;
      var done = function () {
        if (!f.parentNode) return;
        f.remove();
        floating--;
      };
      if (typeof f.animate === 'function') {
        f.animate([{ transform: 'none', opacity: 1 }, { transform: 'translateY(-40px)', opacity: 0 }], { duration: 1500, easing: 'ease-out' }).onfinish = done;
        setTimeout(done, 2000); // a hidden tab may never finish the animation
      } else setTimeout(done, 1500);
    });
  }

  // ------------------------------------------------------------ public surface for bundle.js
  var banner = el('div', M.announcementBanner, { role: 'status' });
  banner.hidden = true;
  var error = el('div', M.errorLine, { role: 'alert' });
  error.hidden = true;
  var menu = root.querySelector('.' + M.actionsMenu);
  root.insertBefore(banner, menu ? menu.nextSibling : root.firstChild);
  root.insertBefore(error, banner.nextSibling);
  var blockForm = buildBlockForm();
  root.insertBefore(blockForm, error.nextSibling);
  var blockedList = el('ul', M.blockedList, { 'aria-label': 'Blocked people' });
  blockedList.hidden = true;
  root.insertBefore(blockedList, blockForm.nextSibling);
  connect();

  return {
    attachReactions: function (box) {
      var buttons = box.querySelectorAll('.' + M.reactionButton);
      for (var i = 0; i < buttons.length; i++) {
        (function (b) {
          var name = b.getAttribute('data-kep-reaction');
          b.setAttribute(M.actionAttr, A.react);
          var span = el('span', M.reactionCount, null, model.reactions[name] || 0);
          b.appendChild(span);
          countSpans.push({ name: name, span: span });
          b.addEventListener('click', function () {
            send({ type: 'react', reaction: name });
          });
        })(buttons[i]);
      }
      // MODELED: the moderator's switch for the session's live reactions, in the reactions box.
      var sw = button(A.reactionsOff, 'Turn reactions off');
      sw.className = M.reactionsSwitch;
      sw.hidden = true;
      sw.addEventListener('click', function () {
        var on = sw.getAttribute(M.actionAttr) === A.reactionsOn;
        send({ type: 'settings.update', settings: { modules: { reactions: on } } });
      });
      box.appendChild(sw);
      views.reactionsBoxes.push(box);
      renderReactionsState();
    },
    attachLiveReactions: function (box) {
      // The floating reactions' area: their containing block, its size not theirs (they are positioned in it),
      // so one coming or going is laid out inside it alone. Not paint-contained: they rise out of it.
      box.style.cssText = 'position:relative;height:18px;contain:size layout style';
      views.liveBoxes.push(box);
    },
    rendered: function () {
      renderAll();
    },
    destroy: function () {
      closed = true;
      if (ws) ws.close();
      ws = null;
    },
  };
}
