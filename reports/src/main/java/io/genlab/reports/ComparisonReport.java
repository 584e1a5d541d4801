package io.genlab.reports;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.tracking.Tracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apiguardian.api.API;

/**
 * A table comparing the runs of one experiment: one row per run with its name, id, status, the
 * params that differ between runs and the final value of each metric.
 *
 * <p>Text from runs (names, params, tags, metric keys) is escaped for the format ({@link Cells}): it
 * cannot break the table, add markup or run as a spreadsheet formula.
 *
 * <p>Params every run shares with the same value are listed once above the Markdown table. By
 * default the metric columns are the metrics any run logged (a run without one shows a dash, and a note
 * under the table names it) but MLflow's system metrics ({@code system/...}, samples of the machine's CPU
 * and memory, which {@code metrics} or {@code sortBy} can still name); rows follow the start order, or the
 * given run ids, or a chosen metric. Immutable and thread-safe; all reading goes through the {@link
 * Tracker}, so the same report works on any tracker.
 *
 * <pre>{@code
 * String md = ComparisonReport.builder().experiment("vae-mnist").sortBy("test/neg_elbo").build().markdown(tracker);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ComparisonReport {

  /** The direction rows are sorted in; runs without the sort metric always come last. */
  @API(status = EXPERIMENTAL, since = "0.1")
  public enum Order {
    /** Smallest value first (losses, negative ELBO, FID). */
    ASCENDING,
    /** Largest value first (accuracy, AUROC). */
    DESCENDING
  }

  /** The output format of {@link #render}. */
  @API(status = EXPERIMENTAL, since = "0.1")
  public enum Format {
    /** A Markdown section: heading, shared params, a table with values rounded for reading. */
    MARKDOWN,
    /** RFC 4180 CSV with a header row, full run ids and full-precision values; no shared-params section. */
    CSV
  }

  private final String experiment;
  private final List<String> runIds;
  private final List<String> metrics;
  private final String sortBy;
  private final Order order;
  private final int significantDigits;

  private ComparisonReport(Builder b) {
    this.experiment = b.experiment;
    this.runIds = b.runIds;
    this.metrics = b.metrics;
    this.sortBy = b.sortBy;
    this.order = b.order;
    this.significantDigits = b.significantDigits;
  }

  /** A builder; {@link Builder#experiment} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The experiment compared. */
  public String experiment() {
    return experiment;
  }

  /** The metric rows are sorted by, or empty when rows keep their start (or given) order. */
  public Optional<String> sortBy() {
    return Optional.ofNullable(sortBy);
  }

  /**
   * Renders the report as Markdown.
   *
   * @throws IllegalArgumentException if the experiment, a chosen run id or a chosen metric does not
   *     exist; the message lists what does
   */
  public String markdown(Tracker tracker) {
    return render(tracker, Format.MARKDOWN);
  }

  /**
   * Renders the report as CSV: the table only, with {@code params.} and {@code metrics.} column
   * prefixes as in MLflow's {@code search_runs}.
   *
   * @throws IllegalArgumentException as {@link #markdown}
   */
  public String csv(Tracker tracker) {
    return render(tracker, Format.CSV);
  }

  /**
   * Renders the report in {@code format}.
   *
   * @throws IllegalArgumentException as {@link #markdown}
   */
  public String render(Tracker tracker, Format format) {
    Objects.requireNonNull(tracker, "tracker");
    Objects.requireNonNull(format, "format");
    Comparison c = Comparison.of(tracker, experiment, runIds, metrics, sortBy, order);
    return format == Format.MARKDOWN ? Render.markdown(c, significantDigits) : Render.csv(c);
  }

  /**
   * Renders the report and writes it to {@code file} (UTF-8), creating parent folders; a reader of
   * {@code file} sees the old or the new report, never a part.
   *
   * @return {@code file}
   * @throws IllegalArgumentException as {@link #markdown}
   * @throws UncheckedIOException if the file cannot be written
   */
  public Path write(Tracker tracker, Format format, Path file) {
    String text = render(tracker, format);
    Path target = file.toAbsolutePath();
    Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(target.getParent());
      Files.writeString(temp, text, StandardCharsets.UTF_8);
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

  /**
   * Configures a {@link ComparisonReport}; not thread-safe.
   *
   * @since 0.1
   */
  @API(status = EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private String experiment;
    private List<String> runIds = List.of();
    private List<String> metrics = List.of();
    private String sortBy;
    private Order order = Order.ASCENDING;
    private int significantDigits = 6;

    private Builder() {}

    /** The experiment whose runs are compared (required). */
    public Builder experiment(String name) {
      this.experiment = Objects.requireNonNull(name, "experiment");
      return this;
    }

    /**
     * Compares only these runs, given by full id or a unique prefix (such as the 8 characters the
     * table shows); without {@link #sortBy} rows keep this order. Empty (the default) means every run.
     */
    public Builder runIds(List<String> ids) {
      this.runIds = List.copyOf(ids);
      return this;
    }

    /** As {@link #runIds(List)}. */
    public Builder runIds(String... ids) {
      return runIds(Arrays.asList(ids));
    }

    /**
     * The metric columns, in this order; runs that did not log one show a dash, named in a note under
     * the table. Empty (the default) means every metric any compared run logged, sorted by name.
     */
    public Builder metrics(List<String> keys) {
      this.metrics = List.copyOf(keys);
      return this;
    }

    /** As {@link #metrics(List)}. */
    public Builder metrics(String... keys) {
      return metrics(Arrays.asList(keys));
    }

    /** Sorts rows by a metric's final value, smallest first; the metric is shown even if not chosen. */
    public Builder sortBy(String metric) {
      return sortBy(metric, Order.ASCENDING);
    }

    /** Sorts rows by a metric's final value in {@code order}; the metric is shown even if not chosen. */
    public Builder sortBy(String metric, Order order) {
      this.sortBy = Objects.requireNonNull(metric, "metric");
      this.order = Objects.requireNonNull(order, "order");
      return this;
    }

    /** Significant digits of metric values in Markdown (default 6; CSV keeps full precision). */
    public Builder significantDigits(int digits) {
      this.significantDigits = ReportInputs.requireBetween("significantDigits", digits, 1, 17);
      return this;
    }

    /**
     * Builds the report.
     *
     * @throws IllegalStateException if no experiment was set
     */
    public ComparisonReport build() {
      ReportInputs.requireExperiment(experiment);
      if (runIds.stream().anyMatch(String::isBlank)) {
        throw new IllegalStateException("run ids must not be blank: " + runIds);
      }
      return new ComparisonReport(this);
    }
  }
}
