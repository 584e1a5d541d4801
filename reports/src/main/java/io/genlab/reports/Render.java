package io.genlab.reports;

import io.genlab.reports.ComparisonReport.Order;
import io.genlab.tracking.RunInfo;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Formats a {@link Comparison} as Markdown or CSV. */
final class Render {
  /** What a cell shows for a metric or param a run does not have. */
  static final String MISSING = "–";

  private Render() {}

  static String markdown(Comparison c, int digits) {
    StringBuilder sb = new StringBuilder();
    int n = c.runs().size();
    sb.append("## Experiment ").append(Cells.code(c.experiment())).append(": ").append(n).append(n == 1 ? " run" : " runs")
        .append("\n\n");
    if (n == 0) {
      return sb.append("No runs.\n").toString();
    }
    if (c.sortBy() != null) {
      sb.append("Sorted by ").append(Cells.code(c.sortBy())).append(", ")
          .append(c.order() == Order.ASCENDING ? "ascending" : "descending")
          .append("; runs without it last.\n\n");
    }
    if (!c.sharedParams().isEmpty()) {
      sb.append(n == 1 ? "Params:\n\n" : "Params shared by all runs:\n\n");
      for (Map.Entry<String, String> e : c.sharedParams().entrySet()) {
        sb.append("- ").append(Cells.code(e.getKey())).append(": ")
            .append(e.getValue() == null ? MISSING : cell(e.getValue())).append('\n');
      }
      sb.append('\n');
    }
    if (!c.sharedProtocol().isEmpty()) {
      sb.append(n == 1 ? "Likelihood protocol:\n\n" : "Likelihood protocol shared by all runs:\n\n");
      c.sharedProtocol().forEach((k, v) -> sb.append("- ").append(Cells.code(k)).append(": ").append(cell(v)).append('\n'));
      sb.append('\n');
    }
    if (!c.protocolColumns().isEmpty()) {
      sb.append("**Warning**: the runs measured likelihoods under different protocols (")
          .append(String.join(", ", c.protocolColumns().stream().map(Cells::code).toList()))
          .append("); compare likelihood numbers only between rows whose `protocol.` columns agree.\n\n");
    }
    List<String> header = new ArrayList<>(List.of("run", "id", "status"));
    List<String> rule = new ArrayList<>(List.of("---", "---", "---"));
    for (String p : c.paramColumns()) {
      header.add(cell(p));
      rule.add("---");
    }
    for (String p : c.protocolColumns()) {
      header.add(cell("protocol." + p));
      rule.add("---");
    }
    for (String m : c.metricColumns()) {
      header.add(cell(m));
      rule.add("---:"); // numbers read best right-aligned
    }
    row(sb, header);
    row(sb, rule);
    for (RunInfo r : c.runs()) {
      List<String> cells = new ArrayList<>();
      cells.add(cell(r.runName()));
      cells.add(cell(shortId(r)));
      cells.add(r.status().name());
      for (String p : c.paramColumns()) {
        String v = r.params().get(p);
        cells.add(v == null ? MISSING : cell(v));
      }
      for (String p : c.protocolColumns()) {
        String v = r.tags().get(Comparison.PROTOCOL_PREFIX + p);
        cells.add(v == null ? MISSING : cell(v));
      }
      for (String m : c.metricColumns()) {
        Double v = r.metrics().get(m);
        cells.add(v == null ? MISSING : number(v, digits));
      }
      row(sb, cells);
    }
    var missing = c.missingMetrics();
    if (!missing.isEmpty()) {
      sb.append("\nNot logged (").append(MISSING).append("):\n\n");
      missing.forEach((m, lacking) -> sb.append("- ").append(Cells.code(m)).append(": ")
          .append(String.join(", ", lacking.stream().map(r -> cell(r.runName()) + " (" + cell(shortId(r)) + ", "
              + r.status().name() + ")").toList()))
          .append('\n'));
    }
    return sb.toString();
  }

  private static String shortId(RunInfo r) {
    return r.runId().substring(0, Math.min(8, r.runId().length()));
  }

  static String csv(Comparison c) {
    StringBuilder sb = new StringBuilder();
    List<String> header = new ArrayList<>(List.of("run_name", "run_id", "status"));
    c.paramColumns().forEach(p -> header.add("params." + p));
    c.protocolColumns().forEach(p -> header.add("tags." + Comparison.PROTOCOL_PREFIX + p));
    c.metricColumns().forEach(m -> header.add("metrics." + m));
    csvRow(sb, header.stream().map(Cells::csv).toList());
    for (RunInfo r : c.runs()) {
      List<String> cells = new ArrayList<>(List.of(Cells.csv(r.runName()), Cells.csv(r.runId()), r.status().name()));
      for (String p : c.paramColumns()) {
        cells.add(Cells.csv(r.params().getOrDefault(p, "")));
      }
      for (String p : c.protocolColumns()) {
        cells.add(Cells.csv(r.tags().getOrDefault(Comparison.PROTOCOL_PREFIX + p, "")));
      }
      for (String m : c.metricColumns()) {
        Double v = r.metrics().get(m);
        cells.add(v == null ? "" : Cells.csvNumber(v));
      }
      csvRow(sb, cells);
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, List<String> cells) {
    sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  /** Untrusted text as Markdown that means only itself ({@link Cells#markdown}). */
  static String cell(String s) {
    return Cells.markdown(s);
  }

  private static void csvRow(StringBuilder sb, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(cells.get(i)); // each made a field by Cells.csv or Cells.csvNumber
    }
    sb.append('\n');
  }

  /** {@code v} rounded to {@code digits} significant digits, plain unless very small or large. */
  static String number(double v, int digits) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Infinity" : "-Infinity";
    }
    if (v == 0) {
      return "0";
    }
    BigDecimal rounded = BigDecimal.valueOf(v).round(new MathContext(digits, RoundingMode.HALF_UP)).stripTrailingZeros();
    double abs = Math.abs(v);
    return abs >= 1e-4 && abs < 1e15 ? rounded.toPlainString() : rounded.toString();
  }
}
