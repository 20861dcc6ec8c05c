// The live ticker demo: headlines on demo/ticker (event "headline", data {"text"}) as they are
// published; the page keeps the last 20.
(function () {
  'use strict';
  var CHANNEL = 'demo/ticker';
  var list = document.getElementById('headlines');
  var error = document.getElementById('error');

  function show(m, e) {
    var li = document.createElement('li');
    var time = document.createElement('time');
    time.textContent = new Date().toLocaleTimeString();
    li.appendChild(time);
    li.appendChild(document.createTextNode(' ' + String(m && m.text !== undefined ? m.text : m)));
    li.dataset.id = e.id;
    list.insertBefore(li, list.firstChild);
    while (list.children.length > 20) list.removeChild(list.lastChild);
    document.getElementById('latest').textContent = String(m && m.text !== undefined ? m.text : m);
  }

  window.heraldTicker = Herald.subscribe(CHANNEL, {
    headline: show,
    reset: function () { list.textContent = ''; },
    state: function (state, detail) {
      var s = document.getElementById('state');
      // e.g. "reconnecting in 2.3 s (unavailable 502)" while a proxy answers 502 during a restart
      s.textContent = state + (detail.delay ? ' in ' + Math.round(detail.delay / 100) / 10 + ' s' : '')
          + (detail.reason ? ' (' + detail.reason + (detail.status ? ' ' + detail.status : '') + ')' : '');
      s.dataset.state = state;
    }
  });

  document.getElementById('add').addEventListener('submit', function (e) {
    e.preventDefault();
    var input = document.getElementById('headline');
    Herald.publish(CHANNEL, {text: input.value.trim()}, {event: 'headline'}).then(function () {
      input.value = '';
      error.hidden = true;
    }, function (err) {
      error.textContent = err.status === 403 ? 'Publishing needs role herald-publisher.' : err.message;
      error.hidden = false;
    });
  });
})();
