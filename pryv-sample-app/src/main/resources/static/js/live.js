// The live part of the signed-in page: the user's latest events as a table and
// their numeric values as a time-series chart (uPlot, served by the app), both
// kept up to date by the server-sent events of GET /api/changes (one Pryv
// monitor per session on the server; the browser never sees a token).
(function () {
  'use strict';
  var section = document.getElementById('live');
  if (!section || typeof window.EventSource === 'undefined') return;

  var latestCount = parseInt(section.getAttribute('data-latest-events'), 10) || 20;
  var apiBase = section.getAttribute('data-api-base');
  var chartBox = document.getElementById('chart');
  var status = document.getElementById('live-status');
  var events = {};        // id -> {row, at, value, trashed}
  var caughtUp = false;
  var pending = false;
  var chart = null;
  var chartTypes = '';
  var colors = ['#c0392b', '#2471a3', '#1e8449', '#7d3c98', '#b9770e'];

  function setStatus(text, kind) {
    status.textContent = text;
    status.className = 'live-status ' + kind;
  }

  function schedule() {
    if (!caughtUp || pending) return;
    pending = true;
    setTimeout(function () {
      pending = false;
      renderTable();
      renderChart();
    }, 0);
  }

  function visible() {
    return Object.keys(events).map(function (id) { return events[id]; })
      .filter(function (e) { return !e.trashed; })
      .sort(function (a, b) { return b.at - a.at; });
  }

  function cell(tr, text) {
    var td = document.createElement('td');
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function renderTable() {
    var list = visible().slice(0, latestCount);
    var table = document.getElementById('events');
    var none = document.getElementById('no-events');
    if (!table) {
      table = document.createElement('table');
      table.id = 'events';
      var head = table.createTHead().insertRow();
      ['Time', 'Streams', 'Type', 'Content', 'Files'].forEach(function (name) {
        var th = document.createElement('th');
        th.textContent = name;
        head.appendChild(th);
      });
      table.appendChild(document.createElement('tbody'));
      document.getElementById('latest-events').appendChild(table);
    }
    if (none) none.hidden = list.length > 0;
    table.hidden = list.length === 0;
    var body = table.tBodies[0];
    // row by row, and only where something changed: rows that stay keep their elements
    list.forEach(function (e, i) {
      var wanted = row(e);
      var current = body.rows[i];
      if (!current) {
        body.appendChild(wanted);
      } else if (!same(current, wanted)) {
        body.replaceChild(wanted, current);
      }
    });
    while (body.rows.length > list.length) body.deleteRow(body.rows.length - 1);
  }

  function row(e) {
    var tr = document.createElement('tr');
    tr.setAttribute('data-event-id', e.row.id);
    cell(tr, e.row.time);
    cell(tr, e.row.streams);
    cell(tr, e.row.type);
    cell(tr, e.row.content);
    var files = cell(tr, '');
    (e.row.attachments || []).forEach(function (f) {
      var a = document.createElement('a');
      a.className = 'file';
      a.href = apiBase + 'events/' + encodeURIComponent(e.row.id) + '/attachments/' + encodeURIComponent(f.id);
      a.textContent = f.fileName;
      files.appendChild(a);
    });
    return tr;
  }

  function same(shown, wanted) {
    if (shown.getAttribute('data-event-id') !== wanted.getAttribute('data-event-id')) return false;
    if (shown.cells.length !== wanted.cells.length) return false;
    for (var i = 0; i < wanted.cells.length; i++) {
      if (shown.cells[i].textContent.trim() !== wanted.cells[i].textContent.trim()) return false;
    }
    return true;
  }

  function renderChart() {
    if (typeof window.uPlot === 'undefined') return;
    var numeric = visible().filter(function (e) { return typeof e.value === 'number'; });
    var types = [];
    numeric.forEach(function (e) { if (types.indexOf(e.row.type) < 0) types.push(e.row.type); });
    types.sort();
    var times = [];
    numeric.forEach(function (e) { if (times.indexOf(e.at) < 0) times.push(e.at); });
    times.sort(function (a, b) { return a - b; });
    var data = [times];
    types.forEach(function (type) {
      var values = times.map(function () { return null; });
      numeric.forEach(function (e) {
        if (e.row.type === type) values[times.indexOf(e.at)] = e.value;
      });
      data.push(values);
    });
    document.getElementById('no-chart').hidden = numeric.length > 0;
    chartBox.setAttribute('data-points', String(numeric.length));
    if (chart && chartTypes !== types.join(',')) {
      chart.destroy();
      chart = null;
    }
    if (numeric.length === 0) return;
    if (!chart) {
      chartTypes = types.join(',');
      var series = [{}];
      var axes = [{}];
      var scales = { x: { time: true } };
      types.forEach(function (type, i) {
        var unit = type.indexOf('/') >= 0 ? type.substring(type.indexOf('/') + 1) : type;
        scales[type] = { auto: true };
        series.push({ label: type, scale: type, stroke: colors[i % colors.length], width: 2,
          spanGaps: true, points: { show: true, size: 6 } });
        axes.push({ scale: type, label: unit, side: i % 2 === 0 ? 3 : 1, grid: { show: i === 0 } });
      });
      chart = new window.uPlot({
        width: Math.max(320, chartBox.clientWidth || 640),
        height: 260,
        scales: scales,
        series: series,
        axes: axes
      }, data, chartBox);
      window.pryvLiveChart = chart;
    } else {
      chart.setData(data);
    }
  }

  var source = new EventSource(section.getAttribute('data-changes-url'));
  source.addEventListener('open', function () { setStatus('Live: updates appear without reloading.', 'ok'); });
  source.addEventListener('error', function () { setStatus('Live updates interrupted; reconnecting...', 'warn'); });
  source.addEventListener('event', function (message) {
    var e = JSON.parse(message.data);
    events[e.row.id] = e;
    schedule();
  });
  source.addEventListener('deletion', function (message) {
    delete events[JSON.parse(message.data).id];
    schedule();
  });
  source.addEventListener('ready', function () {
    caughtUp = true;
    section.setAttribute('data-ready', 'true');
    schedule();
  });
  source.addEventListener('replaced', function () {
    source.close();
    setStatus('Live updates continue in another tab of this browser; reload to have them here.', 'warn');
  });
  source.addEventListener('failure', function (message) {
    setStatus(JSON.parse(message.data).message, 'error');
  });
  // the form that signs out leaves the page: close the feed first
  var signOut = document.getElementById('sign-out-form');
  if (signOut) signOut.addEventListener('submit', function () { source.close(); });
  window.addEventListener('pagehide', function () { source.close(); });
}());
