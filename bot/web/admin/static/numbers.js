// Draws the numbers page's charts with the Chart.js the app serves itself (static/vendor, MIT).
(function () {
  "use strict";
  const colours = ["#128c7e", "#e07b00", "#5c6bc0", "#b3261e"];
  const figures = JSON.parse(document.getElementById("figures").textContent);
  for (const figure of figures) {
    const canvas = document.querySelector('canvas[data-figure="' + figure.name + '"]');
    const stacked = figure.chart === "stacked";
    new Chart(canvas, {
      type: figure.chart === "line" ? "line" : "bar",
      data: {
        labels: figure.labels,
        datasets: figure.datasets.map(function (dataset, n) {
          return Object.assign({}, dataset, {backgroundColor: colours[n], borderColor: colours[n], spanGaps: true});
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {x: {stacked: stacked}, y: {stacked: stacked, beginAtZero: true}},
      },
    });
    canvas.dataset.drawn = "true";
  }
})();
