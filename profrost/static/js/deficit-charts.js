// The deficit map's profile and history charts, from the json_scripts "profile-data" and "history-data".
(function () {
  const LEVEL_COLOURS = {deficit: "#dc3545", partial: "#ffc107", proficient: "#198754"};
  const profile = JSON.parse(document.getElementById("profile-data").textContent);
  const history = JSON.parse(document.getElementById("history-data").textContent);

  // Dashed lines at the thresholds, across the axis that carries the percent.
  function thresholdLines(values, axis) {
    return {
      id: "thresholds",
      afterDatasetsDraw(chart) {
        const {ctx, chartArea} = chart;
        const scale = chart.scales[axis];
        ctx.save();
        ctx.strokeStyle = "#6c757d";
        ctx.fillStyle = "#6c757d";
        ctx.setLineDash([5, 4]);
        values.forEach(function (value) {
          const at = scale.getPixelForValue(value);
          ctx.beginPath();
          if (axis === "x") { ctx.moveTo(at, chartArea.top); ctx.lineTo(at, chartArea.bottom); }
          else { ctx.moveTo(chartArea.left, at); ctx.lineTo(chartArea.right, at); }
          ctx.stroke();
          ctx.fillText(value + " %", axis === "x" ? at + 3 : chartArea.left + 3, axis === "x" ? chartArea.top + 10 : at - 3);
        });
        ctx.restore();
      },
    };
  }

  new Chart(document.getElementById("profile-chart"), {
    type: "bar",
    data: {
      labels: profile.labels,
      datasets: [{
        label: "Процент",
        data: profile.percents,
        backgroundColor: profile.levels.map(function (level) { return LEVEL_COLOURS[level]; }),
      }],
    },
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      scales: {x: {min: 0, max: 100, ticks: {callback: function (v) { return v + " %"; }}}},
      plugins: {
        legend: {display: false},
        tooltip: {callbacks: {title: function (items) { const i = items[0].dataIndex; return profile.names[i] + " (" + profile.codes[i] + ")"; }}},
      },
    },
    plugins: [thresholdLines(profile.thresholds, "x")],
  });

  const historyCanvas = document.getElementById("history-chart");
  if (historyCanvas) {
    new Chart(historyCanvas, {
      type: "line",
      data: {
        labels: history.labels,
        datasets: history.series.map(function (series) {
          return {label: series.label, data: series.data, spanGaps: true, tension: 0.2};
        }),
      },
      options: {
        maintainAspectRatio: false,
        scales: {y: {min: 0, max: 100, ticks: {callback: function (v) { return v + " %"; }}}},
        plugins: {
          tooltip: {callbacks: {label: function (item) {
            const series = history.series[item.datasetIndex];
            return series.label + " (" + series.code + "): " + item.formattedValue + " %";
          }}},
        },
      },
      plugins: [thresholdLines(profile.thresholds, "y")],
    });
  }
})();
