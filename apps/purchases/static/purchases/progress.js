// The cumulative month-by-month chart of the progress page (data from a json_script element).
(function () {
  const source = document.getElementById("progress-chart-data");
  const canvas = document.getElementById("progress-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const datasets = [
    { label: data.this_label, data: data.this.map(Number), borderColor: "#b3261e", backgroundColor: "rgba(179,38,30,.12)", fill: true, tension: 0 },
    { label: data.last_label, data: data.last.map(Number), borderColor: "#98a2b3", borderDash: [6, 4], fill: false, tension: 0 },
  ];
  if (data.task) {
    datasets.push({ label: data.task_label, data: data.labels.map(() => Number(data.task)), borderColor: "#1d7a46", borderWidth: 1.5, pointRadius: 0, fill: false });
  }
  const money = (value) => Number(value).toLocaleString("zh-CN", { maximumFractionDigits: 0 });
  new Chart(canvas, {
    type: "line",
    data: { labels: data.labels, datasets: datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      scales: { y: { beginAtZero: true, ticks: { callback: money } } },
      plugins: { tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${money(ctx.parsed.y)}` } } },
    },
  });
})();
