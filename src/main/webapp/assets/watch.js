/* watch.html: shows what an EventSource on one channel receives. Text only, never HTML. */
(function () {
  'use strict';
  var STATES = ['connecting', 'open', 'closed'];
  var source = null;
  var opens = 0;

  function show(id, text) { document.getElementById(id).textContent = text; }

  function add(type, data, id) {
    var item = document.createElement('li');
    var name = document.createElement('strong');
    name.textContent = type;
    item.appendChild(name);
    item.appendChild(document.createTextNode(' ' + data + (id ? ' (id ' + id + ')' : '')));
    document.getElementById('events').appendChild(item);
    if (id) { show('last-id', id); }
  }

  function watch(channel) {
    if (source) { source.close(); }
    opens = 0;
    show('opens', '0');
    source = new EventSource('events?channel=' + encodeURIComponent(channel));
    window.heraldSource = source;
    var refresh = function () { show('state', STATES[source.readyState]); };
    source.onopen = function () { opens++; show('opens', String(opens)); refresh(); };
    source.onerror = refresh;
    source.onmessage = function (e) { add('message', e.data, e.lastEventId); };
    ['close', 'reset'].forEach(function (type) {
      source.addEventListener(type, function (e) { add(type, e.data, e.lastEventId); });
    });
    var timer = setInterval(function () { refresh(); if (source.readyState === 2) { clearInterval(timer); } }, 250);
    refresh();
  }

  document.addEventListener('DOMContentLoaded', function () {
    var params = new URLSearchParams(location.search);
    var input = document.getElementById('channel');
    if (params.get('channel')) { input.value = params.get('channel'); }
    document.getElementById('watch-form').addEventListener('submit', function (e) {
      e.preventDefault();
      history.replaceState(null, '', '?channel=' + encodeURIComponent(input.value));
      watch(input.value);
    });
    /* Named events other than close and reset: listen for the names given in ?events=a,b */
    watch(input.value);
    (params.get('events') || '').split(',').filter(Boolean).forEach(function (type) {
      source.addEventListener(type, function (e) { add(type, e.data, e.lastEventId); });
    });
  });
}());
