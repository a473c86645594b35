/* The welfare overview's chart: visits per month (the rows come as JSON in #by-month-data). */
(function () {
  "use strict";
  var canvas = document.getElementById("by-month");
  var source = document.getElementById("by-month-data");
  if (!canvas || !source || !window.Chart) { return; }
  var rows = JSON.parse(source.textContent);
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: rows.map(function (r) { return r.label; }),
      datasets: [{ label: canvas.dataset.seriesLabel, data: rows.map(function (r) { return r.count; }), backgroundColor: "#c8102e" }],
    },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
})();
