/* Herald admin console: live dashboard chart and broadcast preview. Herald's own script, no
   library. Every page works without it; it only makes the dashboard live and the preview instant.
   Never builds HTML from data: text goes in with textContent. */
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var WINDOW_MS = 15 * 60 * 1000;

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function niceMax(v) {
    if (v <= 0) { return 1; }
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) { if (steps[i] * p >= v) { return steps[i] * p; } }
    return 10 * p;
  }

  function tick(v) {
    return v >= 10 || v === Math.round(v) ? String(Math.round(v)) : v.toFixed(1);
  }

  function formatBytes(n) {
    if (n < 0) { return '–'; }
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    var i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
  }

  function setText(id, text) {
    var node = document.getElementById(id);
    if (node) { node.textContent = text; }
  }

  function drawChart(box, samples) {
    var w = box.clientWidth || 800, h = box.clientHeight || 240;
    var left = 44, right = 52, top = 10, bottom = 22;
    var svg = el('svg', { viewBox: '0 0 ' + w + ' ' + h, role: 'img',
      'aria-label': 'Open connections, messages published and frames delivered per second, last 15 minutes' });
    var now = Date.now(), from = now - WINDOW_MS;
    var maxConn = niceMax(Math.max.apply(null, [4].concat(samples.map(function (s) { return s.connections; }))));
    var maxRate = niceMax(Math.max.apply(null, [4].concat(samples.map(function (s) {
      return Math.max(s.publishedPerSecond, s.framesPerSecond); }))));
    function x(t) { return left + (w - left - right) * (t - from) / WINDOW_MS; }
    function yc(v) { return top + (h - top - bottom) * (1 - v / maxConn); }
    function yr(v) { return top + (h - top - bottom) * (1 - v / maxRate); }
    for (var i = 0; i <= 4; i++) {
      var y = top + (h - top - bottom) * i / 4;
      el('line', { x1: left, x2: w - right, y1: y, y2: y, 'class': 'grid' }, svg);
      el('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', 'class': 'axis' }, svg).textContent = tick(maxConn * (1 - i / 4));
      el('text', { x: w - right + 6, y: y + 4, 'class': 'axis' }, svg).textContent = tick(maxRate * (1 - i / 4));
    }
    for (var m = 15; m >= 0; m -= 5) {
      el('text', { x: x(now - m * 60000), y: h - 4, 'text-anchor': 'middle', 'class': 'axis' }, svg)
        .textContent = m === 0 ? 'now' : '−' + m + ' min';
    }
    var series = [['connections', yc], ['publishedPerSecond', yr, 'published'], ['framesPerSecond', yr, 'frames']];
    series.forEach(function (sr) {
      var points = samples.filter(function (s) { return s.time >= from; })
        .map(function (s) { return x(s.time).toFixed(1) + ',' + sr[1](s[sr[0]]).toFixed(1); });
      if (points.length > 0) {
        el('polyline', { points: points.join(' '), 'class': 'line ' + (sr[2] || sr[0]) }, svg);
      }
    });
    while (box.firstChild) { box.removeChild(box.firstChild); }
    box.appendChild(svg);
  }

  function updateCards(s) {
    setText('stat-connections', String(s.connections));
    setText('stat-published', String(s.publishedPerSecond));
    setText('stat-frames', String(s.framesPerSecond));
    setText('stat-slow', String(s.slowConsumerDisconnects));
    setText('stat-stored', s.storedMessages < 0 ? '–' : String(s.storedMessages));
    setText('stat-db', formatBytes(s.databaseBytes));
  }

  function updateChannels(channels) {
    var table = document.getElementById('channels');
    if (!table || !channels) { return; }
    var body = table.tBodies[0];
    var base = document.body.getAttribute('data-context') + '/admin/connections?channel=';
    while (body.firstChild) { body.removeChild(body.firstChild); }
    var names = Object.keys(channels).sort();
    if (names.length === 0) {
      var empty = body.insertRow();
      empty.className = 'empty';
      var cell = empty.insertCell();
      cell.colSpan = 2;
      cell.textContent = 'No open connections.';
    }
    names.forEach(function (name) {
      var row = body.insertRow();
      var a = document.createElement('a');
      a.href = base + encodeURIComponent(name);
      a.textContent = name;
      row.insertCell().appendChild(a);
      var n = row.insertCell();
      n.className = 'num';
      n.textContent = String(channels[name]);
    });
  }

  function dashboard() {
    var box = document.getElementById('chart');
    if (!box) { return; }
    var samples = [];
    var stored = document.getElementById('stat-db');
    if (stored) { stored.textContent = formatBytes(Number(stored.getAttribute('data-bytes'))); }
    fetch(box.getAttribute('data-stats'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : { samples: [] }; })
      .then(function (body) { samples = body.samples.concat(samples); drawChart(box, samples); })
      .catch(function () { drawChart(box, samples); });
    var source = new EventSource(box.getAttribute('data-stream'));
    source.addEventListener('stats', function (e) {
      var s = JSON.parse(e.data);
      samples.push(s);
      var from = Date.now() - WINDOW_MS;
      while (samples.length && samples[0].time < from) { samples.shift(); }
      updateCards(s);
      updateChannels(s.channels);
      drawChart(box, samples);
      setText('live-state', 'Live: updated ' + new Date(s.time).toLocaleTimeString());
    });
    source.onerror = function () { setText('live-state', 'Reconnecting to the live figures…'); };
    window.addEventListener('resize', function () { drawChart(box, samples); });
  }

  /* The frame exactly as Frames.encode writes it: event line, one data line per payload line. */
  function frameOf(event, data) {
    var out = '';
    if (event) { out += 'event: ' + event + '\n'; }
    data.split(/\r\n|\r|\n/).forEach(function (line) { out += 'data: ' + line + '\n'; });
    return out + 'id: N\n\n';
  }

  function broadcast() {
    var form = document.getElementById('broadcast-form');
    if (!form) { return; }
    var event = document.getElementById('event'), data = document.getElementById('data');
    var json = document.getElementById('json'), state = document.getElementById('json-state');
    var preview = document.getElementById('frame-preview');
    function update() {
      preview.textContent = frameOf(event.value.trim(), data.value);
      if (json.checked && data.value !== '') {
        try { JSON.parse(data.value); state.textContent = 'Valid JSON.'; data.setCustomValidity(''); }
        catch (e) { state.textContent = 'Not valid JSON: ' + e.message; data.setCustomValidity('Data is not valid JSON'); }
      } else {
        state.textContent = '';
        data.setCustomValidity('');
      }
    }
    [event, data, json].forEach(function (n) { n.addEventListener('input', update); n.addEventListener('change', update); });
    update();
  }

  /* The announcement form's preview: the banner as herald-widget.js will draw it. */
  function announcement() {
    var form = document.getElementById('announcement-form');
    var preview = document.getElementById('announcement-preview');
    if (!form || !preview || !window.HeraldWidget) { return; }
    var fields = ['severity', 'title', 'text', 'link', 'minutes'].map(function (id) { return document.getElementById(id); });
    function update() {
      var minutes = parseInt(fields[4].value, 10);
      window.HeraldWidget.preview(preview, {
        id: 'preview', severity: fields[0].value, title: fields[1].value, text: fields[2].value, link: fields[3].value,
        expiresAt: minutes > 0 ? new Date(Date.now() + minutes * 60000).toISOString() : null
      });
    }
    fields.forEach(function (n) { n.addEventListener('input', update); n.addEventListener('change', update); });
    update();
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('.nojs').forEach(function (n) { n.hidden = true; });
    dashboard();
    broadcast();
    announcement();
  });
}());
