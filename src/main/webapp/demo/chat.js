// The chat demo: messages on demo/chat (event "chat", data {"from","text"}), who is online from
// presence. Everything goes through herald.js and the public API; text is only ever set as text.
(function () {
  'use strict';
  var CHANNEL = 'demo/chat';
  var log = document.getElementById('log');
  var online = document.getElementById('online');
  var error = document.getElementById('error');
  var me = null;
  var present = {};

  function line(cls, who, text) {
    var p = document.createElement('p');
    p.className = cls;
    if (who) {
      var b = document.createElement('strong');
      b.textContent = who;
      p.appendChild(b);
      p.appendChild(document.createTextNode(' '));
    }
    p.appendChild(document.createTextNode(text));
    log.appendChild(p);
    log.scrollTop = log.scrollHeight;
  }

  function showOnline() {
    online.textContent = '';
    Object.keys(present).sort().forEach(function (user) {
      var li = document.createElement('li');
      li.textContent = user + (user === me ? ' (you)' : '');
      online.appendChild(li);
    });
  }

  function fail(text) {
    error.textContent = text;
    error.hidden = false;
  }

  fetch('../api/me', {credentials: 'same-origin'}).then(function (r) { return r.json(); }).then(function (who) {
    me = who.user;
    document.getElementById('me').textContent = me || 'not signed in';
    showOnline();
  });
  fetch('../api/channels/' + CHANNEL + '/presence', {credentials: 'same-origin'}).then(function (r) {
    if (!r.ok) throw new Error('presence is off for ' + CHANNEL + ' (an administrator turns it on under Access)');
    return r.json();
  }).then(function (body) {
    body.users.forEach(function (u) { present[u] = true; });
    showOnline();
  }).catch(function (e) { fail(e.message); });

  window.heraldChat = Herald.subscribe(CHANNEL, {
    chat: function (m) { line('said', String(m.from), String(m.text)); },
    join: function (u) { present[u.user] = true; showOnline(); line('joined', null, u.user + ' joined'); },
    leave: function (u) { delete present[u.user]; showOnline(); line('left', null, u.user + ' left'); },
    state: function (state, detail) {
      var s = document.getElementById('state');
      s.textContent = state + (detail.delay ? ' in ' + Math.round(detail.delay / 100) / 10 + ' s' : '')
          + (detail.reason ? ' (' + detail.reason + (detail.status ? ' ' + detail.status : '') + ')' : '');
      s.dataset.state = state;
    }
  });

  document.getElementById('say').addEventListener('submit', function (e) {
    e.preventDefault();
    var input = document.getElementById('text');
    var text = input.value.trim();
    if (!text) return;
    Herald.publish(CHANNEL, {from: me, text: text}, {event: 'chat'}).then(function () {
      input.value = '';
      error.hidden = true;
    }, function (err) {
      fail(err.status === 403 ? 'You may read but not write here (role herald-publisher needed).' : err.message);
    });
  });
})();
