/*
 * CnC sandbox: the legacy webcast Q&A, as the player's qna plugin does it from the browser
 * (playkit-js-qna, KALTURA.md §3, VERIFIED): a question is one API v3 multirequest
 * (metadataProfile.list Kaltura-QnA → cuePoint.add KalturaAnnotation → metadata.add Type=Question →
 * cuePoint.update tags=qna), and the thread list is polled with cuePoint.list by
 * updatedAtGreaterThanOrEqual and the QandA response profile. Attendee side only; the DOM names are
 * MODELED (widget-markup.ts WEBCAST_MARKUP). Concatenated before bundle.js (see assets.ts).
 * Attendee text is hostile: textContent only.
 */
// eslint-disable-next-line no-unused-vars
function kepWebcastQna(host, provider, session, entryId) {
  'use strict';
  var W = __SANDBOX__.webcast;
  var api = 'https://cdnapisec.kaltura.com/api_v3/service/';
  var ks = provider.ks;
  var since = 0;
  var items = new Map();
  var timer = 0;
  var stopped = false;
  if (!ks || typeof fetch !== 'function') return { destroy: function () {} };

  function call(path, body) {
    // Content-Type exactly application/json, or api_v3 ignores the JSON body (KALTURA.md "Wire details").
    return fetch(api + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(Object.assign({ format: 1, ks: ks }, body)) }).then(function (r) {
      return r.json();
    });
  }
  /** playkit-js-common getQnaUserId: the player's session user id (config.session.userId). */
  function uid() {
    return (session && session.userId) || '';
  }
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  function xmlField(xml, name) {
    try {
      var doc = new DOMParser().parseFromString(xml, 'application/xml');
      var n = doc.getElementsByTagName(name)[0];
      return n ? n.textContent : '';
    } catch (e) {
      return '';
    }
  }

  var root = el('div', W.root);
  var title = el('h4', '', 'Q&A');
  var list = el('ul', W.list);
  var form = el('form', 'kep-composer');
  form.setAttribute('data-kep-composer', 'webcast-qna');
  var input = el('textarea', 'kep-composer-input');
  input.setAttribute('aria-label', 'Ask a question');
  var send = el('button', 'kep-composer-send', 'Ask');
  send.type = 'submit';
  form.appendChild(input);
  form.appendChild(send);
  root.appendChild(title);
  root.appendChild(list);
  root.appendChild(form);
  host.appendChild(root);

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = input.value;
    if (!text.trim()) return;
    var systemName = 'q-' + Date.now().toString(36) + Math.random().toString(36).slice(2);
    call('multirequest', {
      1: { service: 'metadata_metadataprofile', action: 'list', filter: { objectType: 'KalturaMetadataProfileFilter', systemNameEqual: 'Kaltura-QnA' } },
      2: { service: 'cuepoint_cuepoint', action: 'add', cuePoint: { objectType: 'KalturaAnnotation', entryId: entryId, text: text, isPublic: 1, searchableOnEntry: 0, startTime: 0, systemName: systemName } },
      3: {
        service: 'metadata_metadata',
        action: 'add',
        metadataProfileId: '{1:result:objects:0:id}',
        objectType: 'annotationMetadata.Annotation',
        objectId: '{2:result:id}',
        // Schema order: Type, ThreadCreatorId (QandA_default_schema.xml).
        xmlData: '<metadata><Type>Question</Type><ThreadCreatorId>' + (uid() || 'me') + '</ThreadCreatorId></metadata>',
      },
      4: { service: 'cuepoint_cuepoint', action: 'update', id: '{2:result:id}', cuePoint: { objectType: 'KalturaAnnotation', tags: 'qna' } },
    })
      .then(function (r) {
        if (Array.isArray(r) && r[1] && r[1].id) input.value = '';
        refresh();
      })
      .catch(function () {});
  });

  // An attendee sees their own threads and the announcements; the player gets this from a metadata search
  // on ThreadCreatorId (playkit-js-qna), which the sandbox API does not apply, so the widget filters here.
  function mine(cp) {
    return cp.type === 'Announcement' || (!!cp.creator && cp.creator === uid());
  }

  function render() {
    list.textContent = '';
    var all = Array.from(items.values()).sort(function (a, b) {
      return a.createdAt - b.createdAt;
    });
    all.forEach(function (cp) {
      if (cp.parentId || !mine(cp)) return;
      var li = el('li', W.thread);
      li.setAttribute(W.cuePointIdAttr, cp.id);
      li.setAttribute(W.typeAttr, cp.type || 'Question');
      li.appendChild(el('p', 'kep-text', cp.text));
      var answers = el('ul', 'kep-answers');
      all.forEach(function (a) {
        if (a.parentId !== cp.id && a.threadId !== cp.id) return;
        if (a.id === cp.id) return;
        var row = el('li', 'kep-answer', a.text);
        row.setAttribute(W.typeAttr, a.type);
        answers.appendChild(row);
      });
      li.appendChild(answers);
      list.appendChild(li);
    });
  }

  function refresh() {
    if (stopped) return Promise.resolve();
    var filter = { objectType: 'KalturaAnnotationFilter', entryIdIn: entryId, tagsLike: 'qna' };
    // The first read takes everything: a time filter within ±10 years is relative to now (KALTURA.md §3),
    // so `updatedAtGreaterThanOrEqual: 0` would mean "from now on" and miss what came before the page.
    if (since > 0) filter.updatedAtGreaterThanOrEqual = since;
    return call('cuepoint_cuepoint/action/list', {
      filter: filter,
      responseProfile: { objectType: 'KalturaResponseProfileHolder', systemName: 'QandA' },
      pager: { objectType: 'KalturaFilterPager', pageSize: 500 },
    })
      .then(function (r) {
        (r && r.objects ? r.objects : []).forEach(function (cp) {
          var meta = cp.relatedObjects && cp.relatedObjects.QandA_ResponseProfile && cp.relatedObjects.QandA_ResponseProfile.objects;
          var xml = meta && meta[0] ? meta[0].xml : '';
          items.set(cp.id, { id: cp.id, text: cp.text, parentId: cp.parentId || '', createdAt: cp.createdAt, type: xmlField(xml, 'Type'), threadId: xmlField(xml, 'ThreadId'), creator: xmlField(xml, 'ThreadCreatorId') });
          // Next poll from the newest change seen (inclusive: the same second may hold more changes).
          if (cp.updatedAt > since) since = cp.updatedAt;
        });
        render();
      })
      .catch(function () {});
  }

  function loop() {
    refresh().then(function () {
      if (!stopped) timer = setTimeout(loop, W.pollMs);
    });
  }
  loop();
  return {
    destroy: function () {
      stopped = true;
      clearTimeout(timer);
      if (root.parentNode) root.parentNode.removeChild(root);
    },
  };
}
