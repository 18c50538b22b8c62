// Draws the steering dashboard's charts with ECharts from the specs in
// <script id="steering-charts" type="application/json">; each chart's element names its spec in
// data-chart. No inline script, so the Content-Security-Policy holds.
(function () {
  "use strict";

  var PRIMARY = "#0b3d6e";
  var AVERAGE = "#c62828";
  // The status colours of steering.css, read from it so that the page keeps one palette.
  var FALLBACK = {
    not_started: "#6c757d", in_progress: "#0d6efd", at_risk: "#ffc107", overdue: "#dc3545",
    done_on_time: "#198754", done_late: "#6b7f1f", cancelled: "#dee2e6",
  };

  function statusColour(key) {
    var probe = document.createElement("span");
    probe.className = "status-" + key;
    probe.hidden = true;
    document.body.appendChild(probe);
    var colour = getComputedStyle(probe).getPropertyValue("--status-bg").trim();
    probe.remove();
    return colour || FALLBACK[key] || "#6c757d";
  }

  var language = document.documentElement.lang || "vi";
  var oneDecimal = new Intl.NumberFormat(language, { maximumFractionDigits: 1, minimumFractionDigits: 1 });

  // Tooltips drawn on the canvas: HTML tooltips would need inline styles the CSP forbids.
  function tooltip(trigger, formatter) {
    return { trigger: trigger, renderMode: "richText", formatter: formatter };
  }

  function rankingOption(spec) {
    var option = {
      color: [PRIMARY],
      tooltip: tooltip("item", function (p) {
        return p.name + "\n" + oneDecimal.format(p.value) + "% (" + spec.details[p.dataIndex] + ")";
      }),
      grid: { left: 8, right: 48, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: "value", min: 0, max: 100 },
      yAxis: { type: "category", data: spec.categories, inverse: true, axisLabel: { width: 150, overflow: "truncate" } },
      series: [{
        name: spec.name, type: "bar", data: spec.data, barMaxWidth: 18,
        label: { show: true, position: "right", formatter: function (p) { return oneDecimal.format(p.value) + "%"; } },
      }],
    };
    if (spec.overall !== null) {
      option.series[0].markLine = {
        symbol: "none", silent: true, lineStyle: { color: AVERAGE, type: "dashed" },
        // At the top: the category axis is inverted, so the line starts there.
        label: { position: "start", formatter: spec.labels.overall + " " + oneDecimal.format(spec.overall) + "%", color: AVERAGE },
        data: [{ xAxis: spec.overall }],
      };
    }
    return option;
  }

  function heatmapOption(spec) {
    var rated = spec.cells.filter(function (c) { return c[2] !== null; });
    var unrated = spec.cells.filter(function (c) { return c[2] === null; });
    function cellTip(cell) {
      var lines = [spec.units[cell[1]] + " · " + spec.months[cell[0]], spec.labels.due + ": " + cell[3]];
      if (cell[2] === null) {
        lines.push(spec.labels.not_judged);
      } else {
        lines.push(spec.labels.on_time + ": " + cell[4], spec.labels.late + ": " + cell[5],
          spec.labels.rate + ": " + oneDecimal.format(cell[2]));
      }
      return lines.join("\n");
    }
    function series(data, extra) {
      var base = {
        type: "heatmap",
        data: data.map(function (c) { return { value: [c[0], c[1], c[2] === null ? 0 : c[2]], cell: c }; }),
        label: { show: true, formatter: function (p) { return String(p.data.cell[3]); } },
        itemStyle: { borderColor: "#fff", borderWidth: 2 },
        emphasis: { itemStyle: { borderColor: "#212529", borderWidth: 1 } },
      };
      return Object.assign(base, extra || {});
    }
    return {
      tooltip: tooltip("item", function (p) { return cellTip(p.data.cell); }),
      grid: { left: 8, right: 8, top: 8, bottom: 72, containLabel: true },
      xAxis: { type: "category", data: spec.months, name: spec.labels.month, nameLocation: "middle", nameGap: 26,
        axisLabel: { interval: 0 }, splitArea: { show: true } },
      yAxis: { type: "category", data: spec.units, inverse: true, axisLabel: { width: 150, overflow: "truncate" } },
      visualMap: {
        min: 0, max: 100, calculable: false, orient: "horizontal", left: "center", bottom: 0,
        itemHeight: 120, seriesIndex: 0, text: ["100%", "0%"],
        inRange: { color: ["#dc3545", "#ffc107", "#198754"] },
      },
      series: [
        series(rated),
        series(unrated, { itemStyle: { color: "#e9ecef", borderColor: "#fff", borderWidth: 2 } }),
      ],
    };
  }

  function stackedOption(spec) {
    return {
      tooltip: tooltip("axis", null),
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 8, bottom: 64, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: spec.categories, inverse: true, axisLabel: { width: 120, overflow: "truncate" } },
      series: spec.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "status", data: s.data, barMaxWidth: 22,
          itemStyle: { color: statusColour(s.key) } };
      }),
    };
  }

  var BUILDERS = { ranking: rankingOption, heatmap: heatmapOption, stacked: stackedOption };

  function rowsOf(spec) {
    if (spec.type === "heatmap") return spec.units.length;
    return spec.categories.length;
  }

  function draw(element, spec) {
    var build = BUILDERS[spec.type];
    if (!build) return;
    // One readable row per unit or directive: the chart grows with them.
    var perRow = spec.type === "heatmap" ? 30 : 26;
    var extra = spec.type === "ranking" ? 60 : 110;
    element.style.height = Math.max(260, rowsOf(spec) * perRow + extra) + "px";
    var chart = window.echarts.init(element);
    chart.setOption(build(spec));
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("steering-charts");
    if (!source || !window.echarts) return;
    var specs = JSON.parse(source.textContent);
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var spec = specs[element.dataset.chart];
      if (spec) draw(element, spec);
    });
  });
})();
