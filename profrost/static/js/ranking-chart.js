// The bar chart of a ranking page, from the json_script "ranking-data".
(function () {
  const data = JSON.parse(document.getElementById("ranking-data").textContent);
  const COLOURS = {green: "#198754", yellow: "#ffc107", red: "#dc3545", grey: "#adb5bd"};
  new Chart(document.getElementById("ranking-chart"), {
    type: "bar",
    data: {labels: data.labels, datasets: [{data: data.values, backgroundColor: data.lights.map(function (l) { return COLOURS[l]; })}]},
    options: {
      indexAxis: "y", maintainAspectRatio: false, animation: false,
      plugins: {legend: {display: false}, tooltip: {callbacks: {label: function (item) {
        return item.raw === null ? "—" : item.raw.toLocaleString("ru-RU", {maximumFractionDigits: 2}) + (data.unit === "%" ? " %" : "");
      }}}},
    },
  });
})();
