package io.genlab.runner.sweep;

import io.genlab.api.DisplayText;
import io.genlab.reports.HtmlReport;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Logs the HTML report of a sweep (its trials only) on its parent run as {@value #ARTIFACT} when the sweep
 * ends. The report is a convenience: any failure is a warning, never the sweep's failure. Stateless;
 * thread-safe.
 */
final class SweepReport {
  static final String ARTIFACT = "sweep/report.html";

  private SweepReport() {}

  static void log(Tracker tracker, TrackedRun parent, String experiment, PrintStream console) {
    try {
      String html = HtmlReport.builder().experiment(experiment).sweep(parent.runId()).build().render(tracker);
      parent.writeArtifact(ARTIFACT, html.getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      console.printf("warning: the sweep's HTML report (%s) was not logged: %s; ./genlab report %s --html writes one%n",
          ARTIFACT, DisplayText.line(String.valueOf(e.getMessage())), DisplayText.line(experiment));
    }
  }
}
