/*
 * herald-widget.js: Herald's announcements in any intranet page, with one line (docs/embedding.md):
 *
 *   <script src="https://HOST/herald/js/herald-widget.js" data-channels="announcements" defer></script>
 *
 * Attributes: data-channels (comma-separated, default "announcements"), data-position ("top": a
 * banner, the default; "bottom-right": toasts), data-credentials ("true": send the user's Herald
 * session cookie cross-origin; the default when the page is of another origin, which must be in
 * herald.cors.allowed-origins), data-preview (draw nothing by itself: the admin console's preview),
 * data-after (the lastId a server-rendered page was built from: where to resume when the list of
 * announcements in force cannot be fetched).
 *
 * Shows messages of event `announcement` ({"severity":"info|warning|critical","title","text",
 * "link","expiresAt"}) until they expire, are withdrawn (event `announcement-withdrawn`,
 * {"id":"41"}) or dismissed (remembered per announcement). On load it shows those still in force.
 * One with "ack":true cannot be dismissed: it has an Acknowledge button instead, stays on every
 * page and reload until the user presses it, and then leaves every tab of the browser at once; the
 * widget reports to Herald when it showed it (displayed) and when it was acknowledged.
 * Text only: nothing from a message is ever parsed as HTML; links must be http or https.
 */
(function (global) {
  'use strict';
  var doc = global.document;
  var script = doc.currentScript;
  if (!script) return;
  var base = script.src.replace(/\/js\/[^/]*$/, '');
  var DISMISSED = 'herald-widget-dismissed';
  var ACKNOWLEDGED = 'herald-widget-acknowledged';
  var lang = String(doc.documentElement.lang || global.navigator.language || 'en').toLowerCase();
  var TEXT = /^ru\b/.test(lang) ? {acknowledge: '\u041f\u043e\u0434\u0442\u0432\u0435\u0440\u0436\u0434\u0430\u044e'}
      : {acknowledge: 'Acknowledge'};
  var CSS = [
    ':host { all: initial; }',
    '.stack { position: fixed; z-index: 2147483000; display: flex; flex-direction: column; gap: 6px;',
    '  font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }',
    '.stack.top { position: static; }',
    '.stack.bottom-right { right: 16px; bottom: 16px; width: min(26rem, calc(100vw - 32px)); }',
    '.stack.inline { position: static; }',
    '.note { display: flex; align-items: flex-start; gap: 12px; padding: 10px 14px; box-sizing: border-box;',
    '  border-left: 6px solid; box-shadow: 0 2px 6px rgba(0,0,0,.18); }',
    '.bottom-right .note { border-radius: 6px; }',
    '.info { background: #e8f0fe; color: #0b2e6b; border-color: #1a56db; }',
    '.warning { background: #fff4ce; color: #4a3200; border-color: #b7791f; }',
    '.critical { background: #9b1c1c; color: #ffffff; border-color: #5a0f0f; }',
    '.body { flex: 1; min-width: 0; overflow-wrap: anywhere; }',
    '.label { font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; margin-right: 6px; }',
    '.title { font-weight: 700; }',
    '.text { margin-left: 6px; }',
    'a { color: inherit; font-weight: 600; margin-left: 8px; text-decoration: underline; }',
    'button { all: unset; cursor: pointer; font-size: 20px; line-height: 1; padding: 2px 8px; border-radius: 4px; }',
    'button.ack { font-size: 14px; font-weight: 700; padding: 4px 12px; border: 2px solid currentColor; white-space: nowrap; }',
    'button:focus-visible, a:focus-visible { outline: 3px solid currentColor; outline-offset: 2px; }',
    '@media (prefers-reduced-motion: no-preference) {',
    '  .note { animation: herald-in .25s ease-out; }',
    '  @keyframes herald-in { from { opacity: 0; transform: translateY(-8px); } to { opacity: 1; transform: none; } }',
    '}'
  ].join('\n');

  function stored(name) {
    try { return JSON.parse(global.localStorage.getItem(name) || '[]'); } catch (e) { return []; }
  }

  function remember(name, key) {
    try {
      var list = stored(name).filter(function (k) { return k !== key; });
      list.push(key);
      global.localStorage.setItem(name, JSON.stringify(list.slice(-200)));
    } catch (e) { /* storage off: for this page only */ }
  }

  function safeLink(link) {
    if (typeof link !== 'string' || !link) return null;
    try {
      var url = new URL(link, global.location.href);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (e) { return null; }
  }

  /** A shadow root holding the stack of notes, out of reach of the page's CSS. */
  function Board(host, position) {
    var root = host.attachShadow({mode: 'open'});
    if (root.adoptedStyleSheets !== undefined && global.CSSStyleSheet && 'replaceSync' in global.CSSStyleSheet.prototype) {
      var sheet = new global.CSSStyleSheet();
      sheet.replaceSync(CSS); // allowed by a page's Content-Security-Policy, unlike a <style> element
      root.adoptedStyleSheets = [sheet];
    } else {
      var style = doc.createElement('style');
      style.textContent = CSS;
      root.appendChild(style);
    }
    this.stack = doc.createElement('div');
    this.stack.className = 'stack ' + position;
    this.stack.setAttribute('role', 'region');
    this.stack.setAttribute('aria-label', 'Announcements');
    this.stack.setAttribute('aria-live', 'polite');
    root.appendChild(this.stack);
    this.notes = {};
  }

  /**
   * Draws announcement {@code a}: with a close button calling {@code dismissible(id)}, or, when
   * {@code acknowledge} is given, with an Acknowledge button calling it instead.
   */
  Board.prototype.show = function (a, dismissible, acknowledge) {
    var id = String(a.id);
    var severity = ['info', 'warning', 'critical'].indexOf(a.severity) >= 0 ? a.severity : 'info';
    var expires = a.expiresAt ? Date.parse(a.expiresAt) : NaN;
    if (this.notes[id] || (!isNaN(expires) && expires <= Date.now())) return;
    var note = doc.createElement('div');
    note.className = 'note ' + severity;
    note.dataset.id = id;
    if (severity === 'critical') note.setAttribute('role', 'alert');
    var body = doc.createElement('div');
    body.className = 'body';
    var label = doc.createElement('span');
    label.className = 'label';
    label.textContent = severity;
    var title = doc.createElement('span');
    title.className = 'title';
    title.textContent = String(a.title || '');
    var text = doc.createElement('span');
    text.className = 'text';
    text.textContent = String(a.text || '');
    body.appendChild(label);
    body.appendChild(title);
    body.appendChild(text);
    var href = safeLink(a.link);
    if (href) {
      var link = doc.createElement('a');
      link.href = href;
      link.rel = 'noopener noreferrer';
      link.textContent = 'More';
      body.appendChild(link);
    }
    note.appendChild(body);
    var self = this;
    if (acknowledge) {
      var ack = doc.createElement('button');
      ack.type = 'button';
      ack.className = 'ack';
      ack.textContent = TEXT.acknowledge;
      ack.addEventListener('click', function () { acknowledge(id); });
      note.appendChild(ack);
    } else if (dismissible) {
      var close = doc.createElement('button');
      close.type = 'button';
      close.textContent = '\u00d7';
      close.setAttribute('aria-label', 'Dismiss announcement: ' + (a.title || a.text || ''));
      close.addEventListener('click', function () { dismissible(id); self.remove(id); });
      note.addEventListener('keydown', function (e) {
        if (e.key === 'Escape') { dismissible(id); self.remove(id); }
      });
      note.appendChild(close);
    }
    this.stack.appendChild(note);
    this.notes[id] = note;
    if (!isNaN(expires)) {
      global.setTimeout(function () { self.remove(id); }, Math.min(expires - Date.now(), 2147483647));
    }
  };

  Board.prototype.remove = function (id) {
    var note = this.notes[id];
    if (note) {
      note.remove();
      delete this.notes[id];
    }
  };

  /** The admin console's preview: one note, redrawn on every change, in {@code element}. */
  function preview(element, a) {
    if (!element.board) element.board = new Board(element, 'inline');
    Object.keys(element.board.notes).forEach(function (id) { element.board.remove(id); });
    if (a && (a.title || a.text)) element.board.show(a, null);
  }

  function parse(data) {
    if (typeof data !== 'string') return data;
    try { return JSON.parse(data); } catch (e) { return null; }
  }

  function start() {
    var channels = (script.dataset.channels || 'announcements').split(',')
        .map(function (c) { return c.trim(); }).filter(Boolean);
    var crossOrigin = new URL(base, global.location.href).origin !== global.location.origin;
    var credentials = script.dataset.credentials ? script.dataset.credentials === 'true' : crossOrigin;
    var position = script.dataset.position === 'bottom-right' ? 'bottom-right' : 'top';
    var host = doc.createElement('div');
    host.id = 'herald-announcements';
    if (position === 'top') {
      // A banner above the page that pushes it down instead of covering its header, and stays in view.
      host.style.cssText = 'display:block;position:sticky;top:0;z-index:2147483000;margin:0;padding:0';
      doc.body.insertBefore(host, doc.body.firstChild);
    } else {
      doc.body.appendChild(host);
    }
    var board = new Board(host, position);
    var gone = stored(DISMISSED);
    var mode = credentials ? 'include' : 'same-origin';
    var others = global.BroadcastChannel ? new global.BroadcastChannel('herald-widget-acknowledged') : null;
    function key(id) { return base + '|' + id; }
    function dismiss(id) { remember(DISMISSED, key(id)); }
    function receipt(id, state) {
      return global.fetch(base + '/api/announcements/' + encodeURIComponent(id) + '/receipts', {
        method: 'POST', credentials: mode, body: JSON.stringify({state: state}),
        headers: {'Content-Type': 'application/json', 'X-Requested-With': 'herald-widget'}
      });
    }
    function acknowledge(id) {
      receipt(id, 'acknowledged').then(function (r) {
        if (!r.ok) throw new Error('acknowledging ' + id + ': ' + r.status);
        remember(ACKNOWLEDGED, key(id));
        board.remove(id);
        if (others) others.postMessage(key(id));
      }).catch(function (err) { if (global.console) global.console.warn('herald-widget: ' + err.message); });
    }
    function announce(a, id) {
      if (!a || typeof a !== 'object') return;
      a.id = id;
      if (a.ack === true) {
        // Whether this user acknowledged it, Herald says (another user may share the browser).
        if (a.acknowledged === true || board.notes[String(id)]) return;
        board.show(a, null, acknowledge);
        receipt(id, 'displayed').catch(function () { /* delivered is recorded anyway; displayed is best effort */ });
        return;
      }
      if (gone.indexOf(key(id)) >= 0) return;
      board.show(a, dismiss);
    }
    // Acknowledged in another tab of this browser: gone here too, at once.
    function forget(k) {
      if (typeof k === 'string' && k.indexOf(base + '|') === 0) board.remove(k.substring(base.length + 1));
    }
    if (others) others.onmessage = function (e) { forget(e.data); };
    global.addEventListener('storage', function (e) {
      if (e.key === ACKNOWLEDGED) stored(ACKNOWLEDGED).forEach(forget);
    });

    var q = channels.map(function (c) { return 'channel=' + encodeURIComponent(c); }).join('&');
    patiently(function () {
      return global.fetch(base + '/api/announcements?' + q, {credentials: mode})
        .then(function (r) {
          if (!r.ok) {
            var e = new Error('announcements: ' + r.status);
            e.status = r.status;
            throw e;
          }
          return r.json();
        });
    })
      .then(function (body) {
        body.announcements.forEach(function (a) { announce(a, a.id); });
        return body.lastEventId;
      }, function (err) {
        if (global.console) global.console.warn('herald-widget: ' + err.message);
        return script.dataset.after || null; // the lastId the page was rendered from, if it says
      })
      .then(function (lastEventId) {
        return patiently(loadHerald).then(function (Herald) {
          global.HeraldWidget.subscription = Herald.subscribe(channels, {
            announcement: function (data, e) { announce(parse(e.data), e.id); },
            'announcement-withdrawn': function (data, e) {
              var w = parse(e.data);
              if (w && w.id !== undefined) board.remove(String(w.id));
            }
          }, {base: base, withCredentials: credentials, lastEventId: lastEventId, json: false});
        });
      });
  }

  /**
   * Runs {@code attempt} (a function returning a promise) again while Herald is away (no answer,
   * 5xx, a restart behind a proxy), after 1, 2, 4 ... up to 30 s, each +-50 %; a 4xx is final.
   */
  function patiently(attempt) {
    return new Promise(function (resolve, reject) {
      var tries = 0;
      function go() {
        attempt().then(resolve, function (err) {
          if (err && err.status >= 400 && err.status < 500) {
            reject(err);
            return;
          }
          var delay = Math.min(30000, 1000 * Math.pow(2, tries++)) * (0.5 + Math.random());
          global.setTimeout(go, Math.round(delay));
        });
      }
      go();
    });
  }

  /** herald.js from the same Herald, unless the page has it already. */
  function loadHerald() {
    if (global.Herald) return Promise.resolve(global.Herald);
    return new Promise(function (resolve, reject) {
      var s = doc.createElement('script');
      s.src = base + '/js/herald.js';
      s.onload = function () { resolve(global.Herald); };
      s.onerror = function () {
        s.remove(); // the next attempt adds a fresh element
        reject(new Error('herald-widget: cannot load ' + s.src));
      };
      doc.head.appendChild(s);
    });
  }

  global.HeraldWidget = {preview: preview};
  if (script.hasAttribute('data-preview')) return;
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', start);
  else start();
})(window);
