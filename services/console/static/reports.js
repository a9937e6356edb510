/* Draws the report charts from the data the server put in #report-data. Chart.js is served as a static file. */
/* global document, window, Chart */
(function () {
  'use strict';
  var holder = document.getElementById('report-data');
  if (!holder || typeof Chart === 'undefined') return;
  var data = JSON.parse(holder.getAttribute('data-report'));
  var palette = ['#2f6fb3', '#d9822b', '#3c9d5d', '#b33f40', '#7a5cb3', '#8c8c8c', '#c9a227', '#2aa1a1'];
  window.consoleCharts = {};
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var key = canvas.getAttribute('data-chart');
    var rows = data[key] || [];
    var config;
    if (key === 'overdueByDepartment') {
      config = {
        type: 'bar',
        data: {
          labels: rows.map(function (r) { return r.name; }),
          datasets: [
            { label: '超期件数', data: rows.map(function (r) { return r.overdue; }), backgroundColor: '#b33f40' },
            { label: '当前超期未结', data: rows.map(function (r) { return r.overdueOpen; }), backgroundColor: '#d9822b' }
          ]
        },
        options: { animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      };
    } else {
      var pie = key !== 'byYear';
      config = {
        type: pie ? 'doughnut' : 'bar',
        data: {
          labels: rows.map(function (r) { return r.label; }),
          datasets: [{ label: '件数', data: rows.map(function (r) { return r.count; }), backgroundColor: palette }]
        },
        options: { animation: false, plugins: { legend: { position: pie ? 'right' : 'top' } } }
      };
    }
    window.consoleCharts[key] = new Chart(canvas, config);
  });
})();
