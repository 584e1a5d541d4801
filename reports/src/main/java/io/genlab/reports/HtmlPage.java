package io.genlab.reports;

import io.genlab.tracking.RunInfo;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Renders a report's data as one self-contained HTML page: inlined ECharts, chart data as escaped JSON,
 * tables and sample grids as data URIs. After drawing, the page writes onto each chart's element what
 * ECharts drew ({@code data-series}, {@code data-points}, {@code data-paths}) and collects script errors in
 * {@code <pre id="script-errors">}, so a browser test can check the page. Stateless; thread-safe.
 */
final class HtmlPage {
  private HtmlPage() {}

  /** Runs before ECharts loads, so that its errors are recorded too. */
  private static final String ERROR_HOOK = """
      window.addEventListener('error', function (e) {
        var pre = document.getElementById('script-errors');
        if (pre) { pre.textContent += (e.message || e.type) + '\\n'; }
      }, true);
      """;

  private static final String DRAW = """
      (function () {
        var errors = document.getElementById('script-errors');
        document.querySelectorAll('div.chart').forEach(function (el) {
          try {
            var option = JSON.parse(document.getElementById(el.id + '-option').textContent);
            var chart = echarts.init(el, null, {renderer: 'svg'});
            chart.setOption(option);
            var drawn = chart.getOption().series || [];
            var points = 0;
            drawn.forEach(function (s) { points += (s.data || []).length; });
            el.setAttribute('data-series', String(drawn.length));
            el.setAttribute('data-points', String(points));
            el.setAttribute('data-paths', String(el.querySelectorAll('svg path').length));
          } catch (e) {
            errors.textContent += el.id + ': ' + e + '\\n';
          }
        });
        document.body.setAttribute('data-drawn', 'true');
      })();
      """;

  private static final String STYLE = """
      body{font-family:system-ui,sans-serif;margin:24px;color:#222}
      table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
      th:first-child,td:first-child{text-align:left}.chart{width:1300px;height:420px;margin:12px 0}
      .grids{display:flex;flex-wrap:wrap;gap:12px}.grids figure{margin:0}.grids img{width:240px;image-rendering:pixelated}
      .note{color:#a50}#script-errors{display:none}
      """;

  static String render(ReportData data, List<Charts.Chart> curves, List<Charts.Chart> sweeps, String echarts) {
    StringBuilder h = new StringBuilder(echarts.length() + 64 * 1024);
    String title = "genlab report: " + HtmlText.escape(data.experiment());
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; ")
        .append("style-src 'unsafe-inline'; img-src data:\">\n<title>").append(title).append("</title>\n<style>")
        .append(STYLE).append("</style>\n<script>").append(ERROR_HOOK).append("</script>\n<script>")
        .append(echarts).append("</script>\n</head><body>\n<pre id=\"script-errors\"></pre>\n<h1>").append(title)
        .append("</h1>\n<p>").append(data.runs().size()).append(" run(s) in ").append(data.groups().size())
        .append(" configuration(s); runs that differ only by <code>seed</code> form one configuration.</p>\n");
    table(h, data);
    h.append("<h2>Learning curves</h2>\n");
    if (curves.isEmpty()) {
      h.append("<p>No run logged a metric at more than one step.</p>\n");
    }
    curves.forEach(c -> chart(h, c));
    if (!sweeps.isEmpty()) {
      h.append("<h2>Sweeps</h2>\n<p>Each swept param against the sweep's objective (final value); triangles are ")
          .append("trials ASHA stopped early, named with the last rung (epochs) they reached.</p>\n");
      sweeps.forEach(c -> chart(h, c));
    }
    grids(h, data);
    if (!data.notes().isEmpty()) {
      h.append("<h2>Notes</h2>\n<ul>\n");
      data.notes().forEach(n -> h.append("<li class=\"note\">").append(HtmlText.escape(n)).append("</li>\n"));
      h.append("</ul>\n");
    }
    h.append("<script>").append(DRAW).append("</script>\n</body></html>\n");
    return h.toString();
  }

  /** One row per configuration: mean ± 95% CI over its seeds; paper values and deltas above and in cells. */
  private static void table(StringBuilder h, ReportData data) {
    h.append("<h2>Final metrics</h2>\n<p>Mean &plusmn; half-width of the 95% confidence interval over seeds ")
        .append("(Student t); <i>n</i> runs with the metric. One seed gives no interval.</p>\n");
    h.append("<table id=\"final\"><thead><tr><th>configuration</th><th>runs</th>");
    data.finalMetrics().forEach(m -> h.append("<th>").append(HtmlText.escape(m)).append("</th>"));
    h.append("</tr></thead><tbody>\n");
    if (!data.paper().isEmpty()) {
      h.append("<tr class=\"paper\"><td>paper</td><td></td>");
      for (String m : data.finalMetrics()) {
        ReportData.PaperValue p = data.paper().get(m);
        h.append("<td>");
        if (p != null) {
          h.append(number(p.value())).append(" <small>(").append(HtmlText.escape(p.source())).append(")</small>");
        }
        h.append("</td>");
      }
      h.append("</tr>\n");
    }
    List<String> missing = new ArrayList<>();
    for (SeedGroups.Group g : data.groups()) {
      List<String> names = g.runs().stream().limit(5).map(r -> r.runName() + " (" + Charts.shortId(r) + ")").toList();
      h.append("<tr><td>").append(HtmlText.escape(g.label())).append("</td><td class=\"runs\">").append(g.runs().size())
          .append("<br><small>").append(HtmlText.escape(String.join(", ", names)))
          .append(g.runs().size() > names.size() ? ", &hellip;" : "").append("</small></td>");
      for (String m : data.finalMetrics()) {
        List<Double> values = new ArrayList<>();
        List<String> lacking = new ArrayList<>();
        for (RunInfo r : g.runs()) {
          Double v = r.metrics().get(m);
          if (v == null) {
            lacking.add(r.runName() + " (" + Charts.shortId(r) + ")");
          } else {
            values.add(v);
          }
        }
        if (!lacking.isEmpty()) {
          missing.add(m + ": not logged by " + String.join(", ", lacking));
        }
        SeedStatistics.Summary s = SeedStatistics.of(values);
        h.append("<td data-metric=\"").append(HtmlText.escape(m)).append("\">");
        if (s.n() > 0) {
          OptionalDouble hw = s.halfWidth();
          if (hw.isPresent() && hw.getAsDouble() > 0 && Double.isFinite(hw.getAsDouble())) {
            h.append(withInterval(s.mean(), hw.getAsDouble()));
          } else {
            h.append(number(s.mean()));
          }
          h.append(" <small>(n=").append(s.n()).append(")</small>");
          ReportData.PaperValue p = data.paper().get(m);
          if (p != null) {
            double delta = s.mean() - p.value();
            h.append("<br><small>&Delta; ").append(delta >= 0 ? "+" : "").append(number(delta)).append("</small>");
          }
        } else if (!values.isEmpty()) {
          h.append("NaN");
        }
        h.append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n");
    if (!missing.isEmpty()) {
      h.append("<ul class=\"missing\">");
      missing.forEach(m -> h.append("<li class=\"note\">").append(HtmlText.escape(m)).append("</li>"));
      h.append("</ul>\n");
    }
  }

  private static void chart(StringBuilder h, Charts.Chart c) {
    h.append("<div class=\"chart\" id=\"").append(c.id()).append("\" data-expected-series=\"").append(c.series())
        .append("\" data-expected-points=\"").append(c.points()).append("\" title=\"").append(HtmlText.escape(c.title()))
        .append("\"></div>\n<script type=\"application/json\" id=\"").append(c.id()).append("-option\">")
        .append(SafeJson.write(c.option())).append("</script>\n");
  }

  private static void grids(StringBuilder h, ReportData data) {
    if (data.grids().isEmpty()) {
      return;
    }
    h.append("<h2>Samples</h2>\n<div class=\"grids\">\n");
    for (ReportData.Grid g : data.grids()) {
      String caption = g.run().runName() + " (" + Charts.shortId(g.run()) + "): " + g.path();
      h.append("<figure><img alt=\"").append(HtmlText.escape(caption)).append("\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(g.png())).append("\"><figcaption>")
          .append(HtmlText.escape(caption)).append("</figcaption></figure>\n");
    }
    h.append("</div>\n");
  }

  /**
   * {@code mean ± halfWidth} with the half-width to two significant digits and the mean to the same decimal place
   * (102.0 &plusmn; 2.5, 0.120 &plusmn; 0.025), as results are reported in papers.
   */
  static String withInterval(double mean, double halfWidth) {
    int decimals = Math.max(0, 1 - (int) Math.floor(Math.log10(halfWidth)));
    if (decimals > 12) {
      return number(mean) + " &plusmn; " + number(halfWidth);
    }
    String format = "%." + decimals + "f";
    return String.format(Locale.ROOT, format, mean) + " &plusmn; " + String.format(Locale.ROOT, format, halfWidth);
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e")
        .replaceAll("\\.$", "");
  }
}
