// report.html's own script: draws the Vega-Lite charts from the JSON the page embeds (written by
// ReportData), wires the controls (metric, log axis, conditions) and makes the tables sortable.
// window.cotenantReport tells a test (or a curious reader) what was drawn and what failed.
(function () {
  'use strict';
  var report = window.cotenantReport = { state: 'drawing', charts: {}, errors: [] };

  function fail(where, error) {
    var text = where + ': ' + (error && error.message ? error.message : String(error));
    report.errors.push(text);
    var box = document.getElementById('chart-errors');
    if (box) { box.hidden = false; box.textContent += (box.textContent ? '\n' : '') + text; }
    console.error('cotenant report: ' + text);
  }
  window.addEventListener('error', function (e) { fail('page', e.error || e.message); });
  window.addEventListener('unhandledrejection', function (e) { fail('page', e.reason); });

  // ---- tables: click a heading to sort; again to reverse; undefined values (n/a) always last ----
  function sortTable(table, column, th) {
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var numeric = th.getAttribute('data-type') === 'number';
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    function key(row) {
      var cell = row.cells[column];
      if (!numeric) return cell.textContent;
      var v = cell.getAttribute('data-value');
      return v === null ? null : parseFloat(v);
    }
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      if (x === null || y === null) return x === y ? 0 : (x === null ? 1 : -1);
      var c = numeric ? x - y : x.localeCompare(y, undefined, { numeric: true });
      return ascending ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      var button = th.querySelector('button');
      if (button) button.addEventListener('click', function () { sortTable(table, i, th); });
    });
  });

  // ---- charts ----
  var model = JSON.parse(document.getElementById('report-data').textContent);
  var loadField = model.loadField;
  var multiLoad = model.sweptLoads && model.loads.length > 1;
  var multiSlo = model.sweptSlos && model.slos.length > 1;
  // MoCA's workload sets are separate experiments side by side: charts never mix them (a panel each).
  var multiWorkload = model.workloads.length > 1;
  var shorts = model.policies.map(function (p) { return p.short; });
  var metrics = {};
  model.metrics.forEach(function (m) { metrics[m.key] = m; });
  var state = {
    metric: model.metrics[0].key,
    log: model.metrics[0].logByDefault,
    loads: model.loads.slice(),
    slos: model.slos.slice(),
    workloads: model.workloads.slice()
  };

  function number(v, digits) { return +v.toPrecision(digits) + ''; }
  function loadName(d) {
    var v = d[loadField];
    if (v === undefined) return 'as generated';
    return loadField === 'rate' ? number(v, 3) + ' requests/s' : 'load ' + number(v, 3);
  }
  model.data.forEach(function (d) {
    var prefix = multiWorkload ? d.workload + ', ' : '';
    d.loadName = loadName(d);
    d.sloName = d.slo === '' ? prefix.replace(/, $/, '') : prefix + 'SLO x' + d.slo; // periodic or trace-file rows have no multiplier
    d.loadPanel = prefix + d.loadName;
  });
  function order(field) {
    var seen = [];
    model.data.forEach(function (d) { if (seen.indexOf(d[field]) < 0) seen.push(d[field]); });
    return seen;
  }
  var loadNames = [];
  model.data.forEach(function (d) { if (loadNames.indexOf(d.loadName) < 0) loadNames.push(d.loadName); });

  var MEAN = { filter: { field: 'kind', equal: 'mean' } };
  var SEED = { filter: { field: 'kind', equal: 'seed' } };
  // Ten colours repeat from the eleventh policy on (the optimum took fcfs's blue): twenty then.
  var color = { field: 'short', type: 'nominal', title: 'policy', scale: { domain: shorts, scheme: shorts.length > 10 ? 'tableau20' : 'tableau10' }, sort: shorts };
  function pick() { return { name: 'pick', select: { type: 'point', fields: ['short'] }, bind: 'legend' }; }
  function opacity(on, off) { return { condition: { param: 'pick', value: on }, value: off }; }
  var where = [
    { field: 'policy', title: 'policy' },
    { field: 'load', title: 'offered load', format: '.3~g' },
    { field: 'rate', title: 'arrival rate (requests/s)', format: '.3~g' },
    { field: 'slo', title: 'SLO multiplier' }
  ];

  // Axis ticks use '~r' (decimal notation): with '~g' Vega derives a precision from the tick step and 10 reads 1e+1.
  function y(m, prefix, log) {
    return {
      field: prefix + m.key, type: 'quantitative', title: m.title,
      scale: log ? { type: 'log' } : { type: 'linear', zero: m.min === 0 }, // a log scale takes no 'zero' (Vega-Lite warns)
      axis: { format: '~r' }
    };
  }

  /** Faceted when there is more than one panel, wrapping three to a row. */
  function panels(values, layer, facetField, facetTitle, facetOrder, width) {
    var count = facetOrder.length;
    if (!facetField || count < 2) return { data: { values: values }, width: width, height: 280, layer: layer };
    var w = count >= 3 ? 340 : 480;
    return {
      data: { values: values },
      facet: { field: facetField, title: facetTitle, sort: facetOrder, header: { labelFontSize: 12, labelFontWeight: 'bold' } },
      columns: Math.min(3, count),
      spec: { width: w, height: 240, layer: layer }
    };
  }

  function versus(values, xField, xTitle, facetField, facetTitle, facetOrder) {
    var m = metrics[state.metric];
    var log = state.log && m.logAllowed;
    // Ticks at the swept values: the axis shows where the points are, not 4.2, 4.4, ...
    var ticks = xField === loadField ? state.loads : state.slos.map(parseFloat);
    // Labelled from the exact value: a format derived from the tick step would print 0.95 as 0.9.
    var x = { field: xField, type: 'quantitative', title: xTitle, scale: { zero: false },
      axis: { values: ticks, labelExpr: "format(datum.value, '~r')" } };
    var meanTip = where.concat([{ field: 'seeds', title: 'seeds' }, { field: m.key, title: m.name + ' (mean)', format: '.4~g' },
      { field: 'sd_' + m.key, title: 's.d. over seeds', format: '.2~g' }]);
    var seedTip = where.concat([{ field: 'seed', title: 'seed' }, { field: m.key, title: m.name, format: '.4~g' }]);
    var layer = [
      // The legend-bound param sits on the first layer: Vega-Lite makes the merged legend interactive only from there.
      { params: [pick()], transform: [MEAN], mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x: x, y: y(m, '', log), color: color, opacity: opacity(1, 0.12) } },
      { transform: [MEAN], mark: { type: 'rule' }, encoding: { x: x, y: y(m, 'lo_', log), y2: { field: 'hi_' + m.key }, color: color, opacity: opacity(0.7, 0.08) } },
      { transform: [SEED], mark: { type: 'point', filled: true, size: 16 }, encoding: { x: x, y: y(m, '', log), color: color, opacity: opacity(0.45, 0.05), tooltip: seedTip } },
      { transform: [MEAN], mark: { type: 'point', filled: true, size: 55 },
        encoding: { x: x, y: y(m, '', log), color: color, opacity: opacity(1, 0.12), tooltip: meanTip } }
    ];
    return panels(values, layer, facetField, facetTitle, facetOrder, 760);
  }

  function bars(values) {
    var m = metrics[state.metric];
    var log = state.log && m.logAllowed;
    var xp = { field: 'short', type: 'nominal', title: null, sort: shorts, axis: { labelAngle: -40 } };
    var tip = where.concat([{ field: 'seeds', title: 'seeds' }, { field: m.key, title: m.name + ' (mean)', format: '.4~g' },
      { field: 'sd_' + m.key, title: 's.d. over seeds', format: '.2~g' }]);
    var barEncoding = { x: xp, y: y(m, '', log), color: color, opacity: opacity(1, 0.15), tooltip: tip };
    // On a log axis a bar cannot start at 0: it starts at the metric's lower bound (ANTT 1, no slowdown).
    if (log) barEncoding.y2 = { datum: m.min };
    var layer = [
      { params: [pick()], transform: [MEAN], mark: { type: 'bar' }, encoding: barEncoding },
      { transform: [MEAN], mark: { type: 'rule', color: '#333' }, encoding: { x: xp, y: y(m, 'lo_', log), y2: { field: 'hi_' + m.key }, opacity: opacity(1, 0.15) } }
    ];
    var conditions = model.conditions.filter(function (c) { return values.some(function (d) { return d.condition === c; }); });
    var spec = panels(values, layer, 'condition', null, conditions, Math.max(240, 26 * shorts.length));
    if (spec.spec) spec.spec.width = Math.max(200, 20 * shorts.length);
    return spec;
  }

  function tradeoff(values) {
    var v = metrics.violation_rate, a = metrics.antt;
    var x = { field: v.key, type: 'quantitative', title: v.title, scale: { zero: true }, axis: { format: '~r' } };
    var yA = { field: a.key, type: 'quantitative', title: a.title, scale: { type: 'log' }, axis: { format: '~r' } };
    var tip = where.concat([{ field: 'seeds', title: 'seeds' }, { field: v.key, title: v.name + ' (mean)', format: '.4~g' },
      { field: a.key, title: a.name + ' (mean)', format: '.4~g' }]);
    var layer = [
      { params: [pick()], transform: [MEAN], mark: { type: 'line', strokeWidth: 1, strokeDash: [3, 2] },
        encoding: { x: x, y: yA, color: color, detail: { field: 'short' }, order: { field: loadField }, opacity: opacity(0.8, 0.08) } },
      { transform: [MEAN], mark: { type: 'point', filled: true, size: 70 },
        encoding: { x: x, y: yA, color: color, shape: { field: 'loadName', type: 'nominal', title: loadField === 'rate' ? 'arrival rate' : 'offered load', sort: loadNames },
          opacity: opacity(1, 0.12), tooltip: tip } }
    ];
    var shown = order('sloName').filter(function (n) { return values.some(function (d) { return d.sloName === n; }); });
    return panels(values, layer, multiSlo || multiWorkload ? 'sloName' : null, null, shown, 760);
  }

  var charts = [];
  if (multiLoad) {
    charts.push({ id: 'vs-load', title: function (m) { return m.name + ' against ' + model.loadTitle.replace(/ \(.*/, ''); },
      caption: 'One line per policy' + (multiSlo ? ', one panel per SLO multiplier' : '') + '.',
      spec: function (values) {
        var shown = order('sloName').filter(function (n) { return values.some(function (d) { return d.sloName === n; }); });
        return versus(values, loadField, model.loadTitle, 'sloName', null, shown);
      } });
  }
  if (multiSlo) {
    charts.push({ id: 'vs-slo', title: function (m) { return m.name + ' against the SLO multiplier'; },
      caption: 'One line per policy' + (multiLoad ? ', one panel per load' : '') + '.',
      spec: function (values) {
        var shown = order('loadPanel').filter(function (n) { return values.some(function (d) { return d.loadPanel === n; }); });
        return versus(values, 'sloValue', 'SLO multiplier (x isolated latency)', 'loadPanel', null, shown);
      } });
  }
  charts.push({ id: 'bars', title: function (m) { return m.name + ' per policy, one panel per condition'; },
    caption: 'Mean over seeds; the line is one sample s.d., cut at the metric\'s range.', spec: bars });
  if (metrics.violation_rate && metrics.antt) {
    charts.push({ id: 'tradeoff', title: function () { return 'Trade-off: violation rate against ANTT (every metric choice)'; },
      caption: 'One marker per policy and ' + (loadField === 'rate' ? 'arrival rate' : 'offered load') + ' (marker shape), dashed lines join a policy\'s loads; '
        + 'lower left is better. This chart does not follow the metric choice.', spec: tradeoff });
  }

  var area = document.getElementById('charts-area');
  charts.forEach(function (c) {
    var section = document.createElement('section');
    section.className = 'chart';
    section.setAttribute('data-chart', c.id);
    section.innerHTML = '<h3></h3><p class="definition"></p><div class="view"></div>';
    area.appendChild(section);
    c.section = section;
  });

  function selected(d) {
    var v = d[loadField];
    return (v === undefined || state.loads.indexOf(v) >= 0) && state.slos.indexOf(d.slo) >= 0 && state.workloads.indexOf(d.workload) >= 0;
  }

  function draw() {
    var m = metrics[state.metric];
    document.getElementById('metric-definition').textContent = m.name + ': ' + m.definition + '.';
    report.state = 'drawing';
    var values = model.data.filter(selected).map(function (d) {
      var copy = {};
      for (var k in d) copy[k] = d[k];
      copy.sloValue = parseFloat(d.slo);
      return copy;
    });
    var jobs = charts.map(function (c) {
      c.section.querySelector('h3').textContent = c.title(m);
      c.section.querySelector('p').textContent = c.caption;
      var view = c.section.querySelector('.view');
      if (report.charts[c.id] && report.charts[c.id].view) report.charts[c.id].view.finalize();
      report.charts[c.id] = { rendered: false };
      if (values.length === 0) {
        view.textContent = 'No condition selected: tick a load or an SLO multiplier above.';
        return Promise.resolve();
      }
      // Each chart gets its own copy: Vega annotates the objects it ingests.
      var spec = c.spec(values.map(function (d) { var o = {}; for (var k in d) o[k] = d[k]; return o; }));
      spec.$schema = 'https://vega.github.io/schema/vega-lite/v6.json';
      spec.config = { font: 'system-ui, sans-serif', legend: { orient: 'right' }, axis: { labelFontSize: 11, titleFontSize: 12 } };
      return vegaEmbed(view, spec, { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } })
        .then(function (result) { report.charts[c.id] = { rendered: true, view: result.view }; })
        .catch(function (e) { fail(c.id, e); });
    });
    return Promise.all(jobs).then(function () { report.state = 'drawn'; document.body.setAttribute('data-charts', 'drawn'); });
  }

  function controls() {
    var form = document.getElementById('controls');
    var html = '<label>Metric <select id="metric">';
    model.metrics.forEach(function (m) { html += '<option value="' + m.key + '">' + m.name + '</option>'; });
    html += '</select></label><label><input type="checkbox" id="log"> log axis</label>';
    function boxes(name, legend, values, label) {
      if (values.length < 2) return '';
      var s = '<fieldset data-axis="' + name + '"><legend>' + legend + '</legend>';
      values.forEach(function (v, i) {
        s += '<label><input type="checkbox" checked data-index="' + i + '"> ' + label(v) + '</label>';
      });
      return s + '</fieldset>';
    }
    // Filters for the swept axes only (a MoCA set's own load is not one).
    html += boxes('loads', loadField === 'rate' ? 'Arrival rate' : 'Offered load', multiLoad ? model.loads : [],
      function (v) { return loadField === 'rate' ? number(v, 3) + '/s' : number(v, 3); });
    html += boxes('slos', 'SLO', multiSlo ? model.slos : [], function (v) { return 'x' + v; });
    html += boxes('workloads', 'Workload', model.workloads, function (v) { return v; });
    form.innerHTML = html;
    var metric = document.getElementById('metric');
    var log = document.getElementById('log');
    function syncLog() {
      var m = metrics[state.metric];
      log.disabled = !m.logAllowed;
      log.checked = state.log && m.logAllowed;
      log.parentNode.title = m.logAllowed ? '' : 'only for metrics bounded away from 0';
    }
    syncLog();
    metric.addEventListener('change', function () {
      state.metric = metric.value;
      state.log = metrics[state.metric].logByDefault;
      syncLog();
      report.done = draw();
    });
    log.addEventListener('change', function () { state.log = log.checked; report.done = draw(); });
    Array.prototype.forEach.call(form.querySelectorAll('fieldset'), function (set) {
      var axis = set.getAttribute('data-axis');
      set.addEventListener('change', function () {
        var all = model[axis];
        state[axis] = all.filter(function (v, i) { return set.querySelector('input[data-index="' + i + '"]').checked; });
        report.done = draw();
      });
    });
  }

  document.getElementById('footnote').textContent = model.footnote ? 'Short labels: ' + model.footnote + '.' : '';
  try {
    controls();
    report.redraw = draw;
    report.done = draw();
  } catch (e) {
    fail('charts', e);
    report.state = 'failed';
  }
})();
