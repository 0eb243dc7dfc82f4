// The trend lines of the monitoring dashboard, from the json_script "trend-data".
(function () {
  const data = JSON.parse(document.getElementById("trend-data").textContent);
  function format(value, unit) {
    if (value === null || value === undefined) return "—";
    return value.toLocaleString("ru-RU", {maximumFractionDigits: 2}) + (unit === "%" ? " %" : "");
  }
  document.querySelectorAll("canvas.trend-chart").forEach(function (canvas) {
    const series = data.series[canvas.dataset.code];
    if (!series) return;
    const datasets = [{
      data: series.values, borderColor: "#0d6efd", backgroundColor: "#0d6efd",
      borderWidth: 2, pointRadius: 2.5, spanGaps: true, tension: 0.2,
    }];
    if (series.target !== null) {
      datasets.push({
        data: data.labels.map(function () { return series.target; }),
        borderColor: "#6c757d", borderDash: [4, 3], borderWidth: 1, pointRadius: 0,
      });
    }
    new Chart(canvas, {
      type: "line",
      data: {labels: data.labels, datasets: datasets},
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: {x: {display: false}, y: {display: false, grace: "10%"}},
        plugins: {
          legend: {display: false},
          tooltip: {callbacks: {label: function (item) {
            return (item.datasetIndex === 1 ? "Цель: " : "") + format(item.raw, series.unit);
          }}},
        },
      },
    });
  });
})();
