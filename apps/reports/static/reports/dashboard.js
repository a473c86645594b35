// Leadership dashboard: Chart.js (served locally) over the figures the page embeds as JSON.
(function () {
  const data = JSON.parse(document.getElementById("dashboard-data").textContent);
  const red = "#b3261e", gold = "#e0a33b";
  const lang = document.documentElement.lang || "zh-hans";
  const zh = lang.startsWith("zh");
  const t = (cn, en) => (zh ? cn : en);
  const current = (area) => (data[area] && data[area].current) || {};
  // A fresh object per chart: Chart.js keeps (and changes) the options it is given.
  const base = (extra) => ({ responsive: true, maintainAspectRatio: false, plugins: { legend: { position: "bottom" } }, ...extra });
  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (!canvas || typeof Chart === "undefined") return;
    const empty = !config.data.datasets.some((d) => d.data.some((v) => Number(v) > 0));
    if (empty) {
      canvas.parentElement.innerHTML = '<div class="empty-state">' + t("暂无数据", "No data") + "</div>";
      return;
    }
    new Chart(canvas, config);
  }
  const categories = current("activities").by_category || [];
  draw("chart-activities", {
    type: "bar",
    data: {
      labels: categories.map((c) => c.category),
      datasets: [
        { label: t("计划", "Planned"), data: categories.map((c) => c.planned), backgroundColor: red },
        { label: t("开展", "Held"), data: categories.map((c) => c.held), backgroundColor: gold },
      ],
    },
    options: base(),
  });
  const visits = current("welfare").visits_by_type || [];
  draw("chart-welfare", {
    type: "bar",
    data: { labels: visits.map((v) => v.type), datasets: [{ label: t("人次", "Visits"), data: visits.map((v) => v.count), backgroundColor: red }] },
    options: base({ indexAxis: "y", plugins: { legend: { display: false } } }),
  });
  const purchases = current("purchases");
  const monthly = (purchases.monthly_cumulative || []).map(Number);
  const months = monthly.map((_, i) => (zh ? i + 1 + "月" : String(i + 1)));
  const datasets = [{ label: t("累计采购", "Cumulative"), data: monthly, borderColor: red, backgroundColor: "rgba(179,38,30,.15)", fill: true, tension: 0.2, cubicInterpolationMode: "monotone" }];
  if (purchases.task_amount) {
    datasets.push({ label: t("年度任务", "Yearly task"), data: monthly.map(() => Number(purchases.task_amount)), borderColor: gold, borderDash: [6, 4], pointRadius: 0 });
  }
  draw("chart-purchases", { type: "line", data: { labels: months, datasets }, options: base() });
  const results = current("proposals").by_result || [];
  draw("chart-proposals", {
    type: "doughnut",
    data: {
      labels: results.map((r) => r.name || r.result),
      datasets: [{ data: results.map((r) => r.count), backgroundColor: [red, gold, "#2f6f8f", "#6b8e23", "#8e6bb3", "#9aa1ab"] }],
    },
    options: base(),
  });
})();
