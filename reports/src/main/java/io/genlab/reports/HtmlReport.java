package io.genlab.reports;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.tracking.Tracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.UUID;
import org.apiguardian.api.API;

/**
 * A self-contained HTML report of an experiment's runs that opens offline: learning curves with the mean
 * and min-max band over seeds, final metrics as mean &plusmn; 95% confidence interval over seeds beside the
 * paper's values (tags {@code genlab.paper.<metric>}), sample grids, and for sweeps each swept param
 * against the objective with ASHA's early stops marked.
 *
 * <p>Charts are drawn by Apache ECharts (SVG renderer), inlined from its webjar; text from runs is
 * escaped in the HTML and in the charts' JSON, and a Content-Security-Policy forbids loading anything.
 * Immutable and thread-safe; all reading goes through the {@link Tracker}.
 *
 * <pre>{@code
 * String html = HtmlReport.builder().experiment("vae-mnist").build().render(tracker);
 * }</pre>
 *
 * @since 0.7
 */
@API(status = EXPERIMENTAL, since = "0.7")
public final class HtmlReport {
  /** Where the ECharts webjar keeps the bundle (line, scatter, legend, tooltip: what reports draw). */
  static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.common.min.js";

  private final String experiment;
  private final String sweepParent;
  private final ReportData.Limits limits;

  private HtmlReport(Builder b) {
    this.experiment = b.experiment;
    this.sweepParent = b.sweepParent;
    this.limits = new ReportData.Limits(b.maxGridRuns, b.maxGridBytes, b.maxPointsPerCurve);
  }

  /** A builder; {@link Builder#experiment} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Renders the report.
   *
   * @throws IllegalArgumentException if the experiment does not exist; the message lists those that do
   * @throws UncheckedIOException if ECharts is missing from the class path
   */
  public String render(Tracker tracker) {
    Objects.requireNonNull(tracker, "tracker");
    ReportData data = ReportData.gather(tracker, experiment, sweepParent, limits);
    return HtmlPage.render(data, Charts.learningCurves(data), Charts.sweepScatters(data), echarts());
  }

  /**
   * Renders the report and writes it to {@code file} (UTF-8), creating parent folders; a reader sees the
   * old or the new report, never a part.
   *
   * @return {@code file}
   * @throws IllegalArgumentException as {@link #render}
   * @throws UncheckedIOException if the file cannot be written
   */
  public Path write(Tracker tracker, Path file) {
    String html = render(tracker);
    Path target = file.toAbsolutePath();
    Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(target.getParent());
      Files.writeString(temp, html, StandardCharsets.UTF_8);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report to " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // The report was written or the first error is reported; a stray temp file is harmless.
      }
    }
  }

  private static String echarts() {
    try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(ECHARTS)) {
      if (in == null) {
        throw new UncheckedIOException(new IOException("ECharts (" + ECHARTS + ") is not on the class path"));
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ECharts from the class path: " + e.getMessage(), e);
    }
  }

  /**
   * Configures an {@link HtmlReport}; not thread-safe.
   *
   * @since 0.7
   */
  @API(status = EXPERIMENTAL, since = "0.7")
  public static final class Builder {
    private String experiment;
    private String sweepParent;
    private int maxGridRuns = 8;
    private int maxGridBytes = 512 * 1024;
    private int maxPointsPerCurve = 500;

    private Builder() {}

    /** The experiment reported (required). */
    public Builder experiment(String name) {
      this.experiment = Objects.requireNonNull(name, "experiment");
      return this;
    }

    /** Reports only one sweep: the parent run with this id and its trials (default: every run). */
    public Builder sweep(String parentRunId) {
      this.sweepParent = Objects.requireNonNull(parentRunId, "parentRunId");
      return this;
    }

    /** Shows the sample grids of at most this many runs, the latest (default 8; 0 shows none). */
    public Builder maxGridRuns(int runs) {
      this.maxGridRuns = ReportInputs.requireBetween("maxGridRuns", runs, 0, 1000);
      return this;
    }

    /** Leaves out (with a note) sample grids larger than this many bytes (default 512 KiB). */
    public Builder maxGridBytes(int bytes) {
      this.maxGridBytes = ReportInputs.requireAtLeast("maxGridBytes", bytes, 0);
      return this;
    }

    /** Thins each learning curve to at most this many evenly spaced points (default 500, at least 2). */
    public Builder maxPointsPerCurve(int points) {
      this.maxPointsPerCurve = ReportInputs.requireAtLeast("maxPointsPerCurve", points, 2);
      return this;
    }

    /**
     * Builds the report.
     *
     * @throws IllegalStateException if no experiment was set
     */
    public HtmlReport build() {
      ReportInputs.requireExperiment(experiment);
      return new HtmlReport(this);
    }
  }
}
