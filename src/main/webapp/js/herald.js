/*
 * herald.js: the browser client of Herald (docs/client.md). Plain JavaScript, no build step, no
 * dependency. As a classic script it defines window.Herald; /js/herald.mjs exports the same as an
 * ES module.
 *
 *   const sub = Herald.subscribe(['news'], {
 *     message: (data, e) => ...,        // events without a name; data parsed as JSON when it is JSON
 *     created: (data, e) => ...,        // `event: created`
 *     reset: (info) => ...,             // the server could not resume: reload your state
 *     state: (state, detail) => ...     // connecting, open, reconnecting, paused, stopped, closed
 *   }, {base: '/herald'});
 *   sub.close();
 *
 * Tabs of one origin that subscribe to the same channels share one stream: one tab leads (Web
 * Locks) and relays to the others (BroadcastChannel); when it goes, another takes over and resumes
 * from the last id. Without those APIs each tab has its own stream.
 */
(function (global) {
  'use strict';

  var scriptBase = (function () {
    var s = global.document && global.document.currentScript;
    return s && s.src ? s.src.replace(/\/js\/[^/]*$/, '') : '';
  })();

  var defaults = {
    base: scriptBase,          // where Herald is served, e.g. https://intranet/herald
    withCredentials: false,    // send cookies to another origin (it must be in herald.cors.allowed-origins)
    ticket: null,              // true: fetch a ticket from POST {base}/api/tickets; or async (channels) => ticket
    share: true,               // one stream per browser for these channels
    pauseWhenHidden: false,    // drop the stream while the page is hidden; resume from the last id
    json: true,                // parse data that is JSON
    after: null,               // resume after this id on the first connect: the lastId a server-rendered page was built from
    lastEventId: null,         // the same as after (its first name)
    last: null,                // on a first connect without an id, start with the newest N stored messages (1-1000)
    fallbackAfter: 6000,       // a stream not open after this long (ms) is held by a proxy: long-poll instead (0: never)
    pollWait: 25,              // seconds a long-poll waits for the next message
    minDelay: 1000,            // first reconnect delay (ms), doubled per failed attempt ...
    maxDelay: 30000            // ... up to this, each with +-50 % jitter
  };
  var STOPPING = {204: 'banned', 400: 'bad-request', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found'};
  // Once a stream has been open, these mean Herald is coming back rather than "no": a restart loses
  // the session unless the container keeps it (a login in another tab brings it back), and a
  // redeploy answers 404 until the webapp is up again. So they back off instead of stopping.
  var PASSING_ONCE_OPEN = {401: true, 404: true};
  var BUILT_IN = ['join', 'leave', 'reset', 'close'];

  function newer(a, b) { // ids are decimal strings of up to 19 digits: compare without Number rounding
    if (b == null) return true;
    if (a == null) return false;
    a = String(a); b = String(b);
    return a.length !== b.length ? a.length > b.length : a > b;
  }

  function parse(data, json) {
    if (!json) return data;
    try { return JSON.parse(data); } catch (e) { return data; }
  }

  function Subscription(channels, handlers, options) {
    this.channels = channels.slice().sort();
    this.handlers = handlers || {};
    this.options = {};
    for (var k in defaults) this.options[k] = options && options[k] !== undefined ? options[k] : defaults[k];
    this.options.base = String(this.options.base).replace(/\/$/, '');
    var after = this.options.after != null ? this.options.after : this.options.lastEventId;
    this.lastEventId = after == null ? null : String(after);
    this.state = 'idle';
    this.role = 'none';          // leader, follower or solo
    this.attempt = 0;
    this.closed = false;
    this.wasOpen = false;        // a stream of this subscription has been open at least once
    this.hint = null;            // reconnectAfterMs from the server's last `close` (shutdown)
    this.names = {};             // event names someone in the group handles
    this.eventNames().forEach(function (n) { this.names[n] = true; }, this);
    this.key = 'herald:' + this.options.base + '|' + this.channels.join(',') + '|'
        + (this.options.ticket ? 'ticket' : this.options.withCredentials ? 'cookie' : 'plain');
    this.sharing = this.options.share && global.BroadcastChannel && global.navigator && global.navigator.locks;
    this.onVisibility = this.visibilityChanged.bind(this);
    if (this.options.pauseWhenHidden && global.document) {
      global.document.addEventListener('visibilitychange', this.onVisibility);
    }
    if (this.options.pauseWhenHidden && global.document && global.document.hidden) {
      this.setState('paused');
    } else {
      this.join();
    }
  }

  Subscription.prototype.eventNames = function () {
    var names = [];
    for (var n in this.handlers) {
      if (n !== 'state' && n !== 'message' && typeof this.handlers[n] === 'function') names.push(n);
    }
    return names.concat(BUILT_IN);
  };

  /** Takes part: leads when it gets the lock, follows meanwhile (or connects alone). */
  Subscription.prototype.join = function () {
    var self = this;
    if (!this.sharing) {
      this.role = 'solo';
      this.connect();
      return;
    }
    this.channel = new global.BroadcastChannel(this.key);
    this.channel.onmessage = function (e) { self.relayed(e.data); };
    this.role = 'follower';
    this.channel.postMessage({t: 'hello', names: this.eventNames()});
    var locks = global.navigator.locks;
    function lead() {
      if (self.closed || self.role === 'away') return null;
      self.role = 'leader';
      self.connect(); // resumes from the last id by itself
      return new Promise(function (release) { self.release = release; });
    }
    // Lead at once if no tab does; otherwise follow, and queue to lead when the leader goes.
    locks.request(this.key, {ifAvailable: true}, function (lock) {
      if (lock) return lead();
      if (self.closed || self.role === 'away') return null;
      // A follower hears only what the leader relays from now on: fetch what came after its last id.
      if (self.lastEventId != null) self.catchUp();
      self.abort = new global.AbortController();
      locks.request(self.key, {signal: self.abort.signal}, lead)
        .catch(function () { /* aborted: closed or hidden before leading */ });
      return null;
    });
  };

  /** Stops taking part (closing, or hidden with pauseWhenHidden): another tab takes over. */
  Subscription.prototype.leave = function () {
    this.disconnect();
    if (this.abort) this.abort.abort();
    if (this.release) this.release();
    if (this.channel) this.channel.close();
    this.abort = this.release = this.channel = null;
    this.role = 'away';
  };

  Subscription.prototype.relayed = function (m) {
    if (m.t === 'hello') {
      for (var i = 0; i < m.names.length; i++) this.listenTo(m.names[i]);
      if (this.role === 'leader') this.channel.postMessage({t: 'state', state: this.state, detail: {}});
    } else if (m.t === 'state' && this.role === 'follower') {
      this.setState(m.state, m.detail);
    } else if (m.t === 'event' && this.role === 'follower') {
      this.deliver(m.event, m.data, m.id);
    }
  };

  Subscription.prototype.listenTo = function (name) {
    if (this.names[name]) return;
    this.names[name] = true;
    if (this.source) this.source.addEventListener(name, this.onEvent);
  };

  Subscription.prototype.deliver = function (event, data, id, fromHistory) {
    if (this.buffer && !fromHistory) {
      this.buffer.push([event, data, id]); // after the history being fetched, in order
      return;
    }
    if (id) {
      if (!newer(id, this.lastEventId)) return; // seen already (a takeover may repeat a message)
      this.lastEventId = id;
    }
    var handler = this.handlers[event === 'message' ? 'message' : event];
    if (typeof handler === 'function') {
      try {
        handler.call(this, parse(data, this.options.json), {event: event, id: id || null, data: data});
      } catch (err) {
        if (global.console) global.console.error('herald.js: the ' + event + ' handler failed', err);
      }
    }
  };

  Subscription.prototype.setState = function (state, detail) {
    var changed = state !== this.state || (detail && detail.attempt);
    this.state = state;
    if (this.role === 'leader' && this.channel) this.channel.postMessage({t: 'state', state: state, detail: detail || {}});
    if (changed && typeof this.handlers.state === 'function') this.handlers.state.call(this, state, detail || {});
  };

  Subscription.prototype.url = function (ticket) {
    var q = this.channels.map(function (c) { return 'channel=' + encodeURIComponent(c); });
    if (ticket) q.push('ticket=' + encodeURIComponent(ticket));
    if (this.lastEventId != null) q.push('lastEventId=' + encodeURIComponent(this.lastEventId));
    else if (this.options.last) q.push('last=' + encodeURIComponent(this.options.last));
    return this.options.base + '/events?' + q.join('&');
  };

  Subscription.prototype.ticket = function () {
    var t = this.options.ticket;
    if (!t) return Promise.resolve(null);
    if (typeof t === 'function') return Promise.resolve(t(this.channels.slice()));
    return global.fetch(this.options.base + '/api/tickets', {
      method: 'POST', credentials: 'include', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({channels: this.channels})
    }).then(function (r) {
      if (!r.ok) { var e = new Error('ticket refused'); e.status = r.status; throw e; }
      return r.json();
    }).then(function (body) { return body.ticket; });
  };

  /** Opens the stream (leader or solo). */
  Subscription.prototype.connect = function () {
    var self = this;
    if (this.closed || this.source || this.timer || this.pollAbort) return;
    if (this.polling) {
      this.poll();
      return;
    }
    this.setState(this.attempt === 0 && this.state !== 'reconnecting' ? 'connecting' : 'reconnecting', {attempt: this.attempt});
    this.ticket().then(function (ticket) {
      if (self.closed || (self.role !== 'leader' && self.role !== 'solo')) return;
      var es = new global.EventSource(self.url(ticket), {withCredentials: !!self.options.withCredentials});
      var opened = false;
      var streamLast = '';
      self.source = es;
      // A proxy that holds the response until it ends never lets a stream open: poll instead.
      var fallback = self.options.fallbackAfter > 0 ? global.setTimeout(function () {
        if (self.source !== es || opened) return;
        self.disconnect();
        self.polling = true;
        self.poll();
      }, self.options.fallbackAfter) : null;
      self.onEvent = function (e) {
        if (self.source !== es) return;
        // An event without id: repeats the stream's last id (join, leave, reset, close): not a message.
        var id = e.lastEventId && e.lastEventId !== streamLast ? e.lastEventId : null;
        if (id) streamLast = id;
        if (e.type === 'close') self.hint = reconnectHint(e.data);
        if (self.channel) self.channel.postMessage({t: 'event', event: e.type, data: e.data, id: id});
        self.deliver(e.type, e.data, id);
      };
      es.onmessage = self.onEvent;
      for (var n in self.names) es.addEventListener(n, self.onEvent);
      es.onopen = function () {
        if (fallback) global.clearTimeout(fallback);
        opened = true;
        self.wasOpen = true;
        self.attempt = 0;
        self.hint = null;
        self.setState('open');
      };
      es.onerror = function () {
        if (self.source !== es) return;
        if (fallback) global.clearTimeout(fallback);
        self.disconnect();
        if (opened && self.hint != null) {
          // Herald is shutting down and said when to come back: spread over its clients.
          self.retry(self.hint, null, 'shutdown');
          self.hint = null;
        } else if (opened) {
          self.retry(undefined, null, 'ended'); // the stream ended (server stopped, kicked, network): back off, then resume
        } else {
          self.probe(ticket); // never opened: find out why before trying again
        }
      };
    }, function (err) {
      self.failed(err, 'ticket');
    });
  };

  /**
   * Long-polls the history API (wait=) instead of the stream: each answer's messages in id order,
   * then the next poll after its lastId; errors back off as the stream's would. A leader relays to
   * the other tabs as it does from a stream. It stays in this mode until the page is reloaded.
   */
  Subscription.prototype.poll = function () {
    var self = this;
    if (this.closed || this.pollAbort || (this.role !== 'leader' && this.role !== 'solo')) return;
    var q = this.channels.map(function (c) { return 'channel=' + encodeURIComponent(c); });
    if (this.lastEventId != null) q.push('after=' + encodeURIComponent(this.lastEventId));
    q.push('wait=' + this.options.pollWait, 'limit=1000');
    var abort = this.pollAbort = new global.AbortController();
    if (this.state !== 'open') this.setState('open', {transport: 'poll'});
    global.fetch(this.options.base + '/api/messages?' + q.join('&'), {
      credentials: this.options.withCredentials || this.options.ticket ? 'include' : 'same-origin',
      signal: abort.signal
    }).then(function (r) {
      if (!r.ok) { var e = new Error('poll refused'); e.status = r.status; throw e; }
      return r.json();
    }).then(function (body) {
      if (self.pollAbort !== abort) return;
      self.pollAbort = null;
      self.wasOpen = true;
      self.attempt = 0;
      body.messages.forEach(function (m) {
        var id = String(m.id);
        var event = m.event || 'message';
        if (self.channel && newer(id, self.lastEventId)) self.channel.postMessage({t: 'event', event: event, data: m.data, id: id});
        self.deliver(event, m.data, id);
      });
      if (body.lastId != null && newer(String(body.lastId), self.lastEventId)) self.lastEventId = String(body.lastId);
      self.poll();
    }, function (err) {
      if (self.pollAbort !== abort) return;
      self.pollAbort = null;
      self.failed(err, 'poll');
    });
  };

  /** The JSON of a `close` event: its reconnectAfterMs when the server is shutting down, else null. */
  function reconnectHint(data) {
    try {
      var close = JSON.parse(data);
      var ms = close && close.reason === 'shutdown' ? close.reconnectAfterMs : null;
      return typeof ms === 'number' && ms >= 0 && isFinite(ms) ? ms : null;
    } catch (e) {
      return null;
    }
  }

  /** Why a status ends the subscription ({@code STOPPING}), or null when it is worth another try. */
  Subscription.prototype.stopReason = function (status) {
    if (!STOPPING[status] || (this.wasOpen && PASSING_ONCE_OPEN[status])) return null;
    return STOPPING[status];
  };

  /**
   * A failed ticket fetch or probe: a status Herald means stops; anything else (no answer,
   * connection refused, 429, 502, 503, 504, a lost session after a restart) backs off and retries.
   */
  Subscription.prototype.failed = function (err, during) {
    var status = err && typeof err.status === 'number' ? err.status : null;
    var stop = status === null ? null : this.stopReason(status);
    if (stop && (during !== 'ticket' || status === 401 || status === 403)) this.stop(stop, status);
    else this.retry(undefined, status, status === null ? 'network' : describe(status));
  };

  function describe(status) {
    if (status >= 500) return 'unavailable';
    return STOPPING[status] || 'http-' + status;
  }

  /** Asks the stream URL once more with fetch, which sees the status EventSource hides. */
  Subscription.prototype.probe = function (usedTicket) {
    var self = this;
    var abort = new global.AbortController();
    var ask = usedTicket ? this.ticket() : Promise.resolve(null);
    ask.then(function (ticket) {
      return global.fetch(self.url(ticket), {
        headers: {Accept: 'text/event-stream'}, signal: abort.signal,
        credentials: self.options.withCredentials ? 'include' : 'same-origin'
      });
    }).then(function (r) {
      abort.abort();
      if (r.status === 200) self.retry(0, 200, 'open-again');
      else self.failed({status: r.status}, 'probe');
    }, function (err) {
      self.failed(err, 'probe');
    });
  };

  /**
   * Reconnects after the next backoff delay (exponential with jitter), or after {@code delay}. The
   * state handler hears {attempt, delay, status, reason}: the HTTP status that failed (null: no
   * answer), and why (ended, network, unavailable, unauthorized, not-found, shutdown, ...).
   */
  Subscription.prototype.retry = function (delay, status, reason) {
    var self = this;
    if (this.closed || (this.role !== 'leader' && this.role !== 'solo')) return;
    if (delay === undefined) {
      var base = Math.min(this.options.maxDelay, this.options.minDelay * Math.pow(2, this.attempt));
      delay = Math.round(base * (0.5 + Math.random()));
    }
    this.attempt++;
    this.setState('reconnecting', {attempt: this.attempt, delay: delay, status: status == null ? null : status,
      reason: reason || 'ended'});
    this.timer = global.setTimeout(function () {
      self.timer = null;
      self.connect();
    }, delay);
  };

  Subscription.prototype.stop = function (reason, status) {
    this.disconnect();
    this.setState('stopped', {reason: reason, status: status || null});
  };

  Subscription.prototype.disconnect = function () {
    if (this.source) this.source.close();
    if (this.timer) global.clearTimeout(this.timer);
    if (this.pollAbort) this.pollAbort.abort();
    this.source = this.timer = this.pollAbort = null;
  };

  /**
   * Fetches from the history API what came after the last id (a tab that joins or comes back as a
   * follower; a leader resumes by itself). Events arriving meanwhile wait in order behind it.
   */
  Subscription.prototype.catchUp = function () {
    var self = this;
    if (this.lastEventId == null || this.buffer) return;
    this.buffer = [];
    function page(after) {
      var q = self.channels.map(function (c) { return 'channel=' + encodeURIComponent(c); });
      q.push('after=' + encodeURIComponent(after), 'limit=1000');
      return global.fetch(self.options.base + '/api/messages?' + q.join('&'), {
        credentials: self.options.withCredentials || self.options.ticket ? 'include' : 'same-origin'
      }).then(function (r) {
        if (!r.ok) throw new Error('history ' + r.status);
        return r.json();
      }).then(function (body) {
        body.messages.forEach(function (m) { self.deliver(m.event || 'message', m.data, String(m.id), true); });
        if (body.messages.length === 1000) return page(String(body.messages[999].id));
        return null;
      });
    }
    page(this.lastEventId).catch(function () {
      // A leader's stream replays from the last id by itself; a follower cannot know what it missed.
      if (self.role === 'follower') {
        self.deliver('reset', JSON.stringify({reason: 'history-unavailable', lastEventId: self.lastEventId}), null, true);
      }
    }).then(function () {
      var waiting = self.buffer || [];
      self.buffer = null;
      waiting.forEach(function (e) { self.deliver(e[0], e[1], e[2]); });
    });
  };

  Subscription.prototype.visibilityChanged = function () {
    if (this.closed) return;
    if (global.document.hidden) {
      this.leave();
      this.attempt = 0;
      this.setState('paused');
    } else if (this.role === 'away' || this.state === 'paused') {
      this.join();
    }
  };

  /** Ends this subscription; when it led, another tab takes over. */
  Subscription.prototype.close = function () {
    if (this.closed) return;
    this.leave();
    this.closed = true;
    if (global.document) global.document.removeEventListener('visibilitychange', this.onVisibility);
    this.setState('closed');
  };

  global.Herald = {
    version: '1.0',
    defaults: defaults,
    /** Subscribes to {@code channels} (a name or an array of names); returns the subscription. */
    subscribe: function (channels, handlers, options) {
      return new Subscription(typeof channels === 'string' ? [channels] : channels, handlers, options);
    },
    /**
     * Publishes as the logged-in user (session cookie; role herald-publisher): resolves to the stored
     * message {id, channel, event, data, createdAt}, rejects with an Error carrying the HTTP status.
     * The X-Requested-With header is what lets Herald accept a session here: no other site can send it.
     */
    publish: function (channel, data, options) {
      options = options || {};
      var body = {channel: channel, data: data};
      if (options.event) body.event = options.event;
      return global.fetch(String(options.base || defaults.base).replace(/\/$/, '') + '/api/messages', {
        method: 'POST', credentials: options.withCredentials ? 'include' : 'same-origin',
        headers: {'Content-Type': 'application/json', 'X-Requested-With': 'herald.js'}, body: JSON.stringify(body)
      }).then(function (r) {
        return r.json().then(function (answer) {
          if (r.ok) return answer;
          var e = new Error(answer.detail || 'publish failed with ' + r.status);
          e.status = r.status;
          throw e;
        });
      });
    }
  };
})(typeof globalThis !== 'undefined' ? globalThis : window);
