// Draws the dashboard's charts with ECharts from the specs in <script id="dashboard-charts">;
// each chart's element names its spec in data-chart. No inline script, so the CSP holds.
(function () {
  "use strict";

  var PALETTE = ["#0b3d6e", "#2f80c2", "#20a39e", "#f2a541", "#c0392b"];

  function baseOption(spec) {
    return {
      color: PALETTE,
      // Tooltips drawn on the canvas: HTML tooltips would need inline styles the CSP forbids.
      tooltip: { trigger: "axis", renderMode: "richText" },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: spec.categories, axisLabel: { hideOverlap: true } },
      yAxis: { type: "value" },
      series: spec.series.map(function (s) {
        return { name: s.name, type: spec.type, data: s.data, connectNulls: false, smooth: false };
      }),
    };
  }

  function rankingOption(spec) {
    var option = baseOption(spec);
    option.xAxis = { type: "value" };
    option.yAxis = { type: "category", data: spec.categories, inverse: true, axisLabel: { width: 130, overflow: "truncate" } };
    return option;
  }

  function sparkOption(spec) {
    return {
      color: PALETTE,
      grid: { left: 2, right: 2, top: 4, bottom: 2 },
      xAxis: { type: "category", data: spec.categories, show: false },
      yAxis: { type: "value", show: false, scale: true },
      series: [{ type: "line", data: spec.series[0].data, symbol: "circle", symbolSize: 4, lineStyle: { width: 2 } }],
    };
  }

  function optionFor(spec) {
    if (spec.type === "spark") return sparkOption(spec);
    if (spec.type === "bar") return rankingOption(spec);
    return baseOption(spec);
  }

  function draw(element, spec) {
    if (spec.type === "bar") {
      // One readable row per unit: the ranking grows with the number of units.
      element.style.height = Math.max(320, spec.categories.length * 22 + 60) + "px";
    }
    var chart = window.echarts.init(element);
    chart.setOption(optionFor(spec));
    if (spec.drill) {
      chart.on("click", function (params) {
        var url = new URL(window.location.href);
        url.searchParams.set("ou", spec.drill[params.dataIndex]);
        window.location.assign(url.toString());
      });
    }
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("dashboard-charts");
    if (!source || !window.echarts) return;
    var specs = JSON.parse(source.textContent);
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var spec = specs[element.dataset.chart];
      if (spec) draw(element, spec);
    });
  });
})();
