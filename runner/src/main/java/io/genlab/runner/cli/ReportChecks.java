package io.genlab.runner.cli;

import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.config.Suggestions;
import io.genlab.reports.ComparisonReport;
import io.genlab.reports.HtmlReport;
import io.genlab.runner.run.SystemMetricsSampler;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.Tracker;
import io.genlab.tracking.Trackers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code genlab report} checks before it opens the store or writes a file, and how it writes: each
 * refusal is an {@link InvalidConfigException} naming the argument. The store exists and is one, the
 * experiment and the sort metric exist (did-you-mean), and {@code --out} is a file path that can be written
 * and lies outside the store. Stateless and thread-safe.
 */
final class ReportChecks {
  private ReportChecks() {}

  /**
   * The folder of the file store {@code uri} names, which must exist and be a store (a report of a mistyped
   * folder would only say "no runs"); nothing is created. {@code uriPlace} names where the URI came from
   * (--tracking-uri, MLFLOW_TRACKING_URI).
   */
  static Path existingStore(String uri, String uriPlace) {
    Path folder;
    try {
      folder = Trackers.storeFolder(uri).toAbsolutePath().normalize();
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      throw new InvalidConfigException(uriPlace + " " + Trackers.redacted(uri), Trackers.redacted(e.getMessage()));
    }
    String place = "store " + Trackers.redacted(folder.toString());
    if (!Files.exists(folder)) {
      throw new InvalidConfigException(place, "no such folder; give the MLflow file store with --tracking-uri "
          + "(default: MLFLOW_TRACKING_URI, else ./mlruns)");
    }
    if (!Files.isDirectory(folder)) {
      throw new InvalidConfigException(place, "not a folder; give the MLflow file store's folder with --tracking-uri");
    }
    // What the first run creates in a store.
    boolean store = Files.isDirectory(folder.resolve(".trash"))
        && (Files.isRegularFile(folder.resolve("0/meta.yaml")) || Files.isDirectory(folder.resolve(".trash/0")));
    if (!store) {
      throw new InvalidConfigException(place, "not an MLflow file store (it has no .trash and 0/meta.yaml); "
          + "give the folder a run logged to with --tracking-uri");
    }
    return folder;
  }

  /**
   * {@code out} as an absolute file path that can be written: not a folder, in an existing writable folder,
   * not a read-only file, not a device, pipe or socket, not inside {@code store} when given (the report would mix with, or
   * replace, the store's files); an existing link is resolved to the file it names.
   */
  static Path writableOut(Path out, Path store) {
    Path file = out.toAbsolutePath().normalize();
    String place = "--out " + out;
    if (Files.isDirectory(file)) {
      throw new InvalidConfigException(place, "is a folder; give a file path such as " + out.resolve("report.md"));
    }
    Path parent = file.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new InvalidConfigException(place, "the folder " + parent + (parent != null && Files.exists(parent)
          ? " is not a folder" : " does not exist") + "; create it first or give another path");
    }
    if (!Files.isWritable(parent)) {
      throw new InvalidConfigException(place, "the folder " + parent + " is not writable; give another path");
    }
    // The report replaces the file by a move: a device, pipe or socket (/dev/stdout, /dev/full) would itself
    // be replaced by a regular file, and root may do so even in /dev.
    if (Files.isSymbolicLink(file) && !Files.exists(file)) {
      throw new InvalidConfigException(place, "is a link to a missing file; give the file's own path");
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new InvalidConfigException(place, "is not a regular file (a device, pipe or socket); give a file path, "
          + "or leave out --out to print the report to standard output");
    }
    if (Files.exists(file) && !Files.isWritable(file)) {
      throw new InvalidConfigException(place, "the file exists and is read-only; give another path");
    }
    try {
      Path real = Files.exists(file) ? file.toRealPath() : parent.toRealPath().resolve(file.getFileName());
      // With a tracking server (store null) there is no local store to keep out of.
      if (store != null && real.startsWith(store.toRealPath())) {
        throw new InvalidConfigException(place, "is inside the tracking store " + Trackers.redacted(store.toString())
            + ", whose files are MLflow's; write the report outside it");
      }
      // A link is written through (its target replaced), not replaced by a regular file.
      return real;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the report to {@code file} through a temp file moved into place, so the file holds the old report
   * or the new one, never a part; a failure names {@code --out}.
   */
  static void write(ComparisonReport report, Tracker tracker, ComparisonReport.Format format, Path file) {
    try {
      report.write(tracker, format, file);
    } catch (UncheckedIOException e) {
      throw new InvalidConfigException("--out " + file, "cannot be written: " + ErrorReport.describe(e.getCause()));
    }
  }

  /** As {@link #write(ComparisonReport, Tracker, ComparisonReport.Format, Path)}, for the HTML report. */
  static void write(HtmlReport report, Tracker tracker, Path file) {
    try {
      report.write(tracker, file);
    } catch (UncheckedIOException e) {
      throw new InvalidConfigException("--out " + file, "cannot be written: " + ErrorReport.describe(e.getCause()));
    }
  }

  /** Refuses an {@code experiment} the store does not hold, suggesting the closest name. */
  static void requireExperiment(Tracker tracker, String experiment) {
    var names = tracker.experimentNames();
    if (!names.contains(experiment)) {
      throw new InvalidConfigException("experiment '" + experiment + "'", "not in "
          + Trackers.redacted(tracker.describe()) + "; " + Suggestions.hint(experiment, names));
    }
  }

  /**
   * The did-you-mean over every logged metric, and the allowed list without the system metrics (named by
   * their count, last): they would push the results out of a message cut to one screen line.
   */
  private static String sortHint(String metric, Set<String> logged) {
    Set<String> system = new TreeSet<>();
    Set<String> results = new TreeSet<>();
    logged.forEach(m -> (m.startsWith(SystemMetricsSampler.PREFIX) ? system : results).add(m));
    if (system.isEmpty() || metric.startsWith(SystemMetricsSampler.PREFIX) || results.isEmpty()) {
      return Suggestions.hint(metric, logged);
    }
    String closest = Suggestions.closest(metric, logged).map(c -> "did you mean '" + c + "'? ").orElse("");
    return closest + "allowed: " + results + " and " + system.size() + " " + SystemMetricsSampler.PREFIX
        + " metrics of the machine";
  }

  /** Refuses a sort {@code metric} that no run of {@code experiment} logged (an experiment without runs passes). */
  static void requireMetric(Tracker tracker, String experiment, String metric) {
    var runs = tracker.runs(experiment);
    Set<String> logged = new TreeSet<>();
    for (RunInfo r : runs) {
      logged.addAll(r.metrics().keySet());
    }
    if (!runs.isEmpty() && !logged.contains(metric)) {
      throw new InvalidConfigException("--sort-by " + metric, logged.isEmpty()
          ? "the runs of experiment '" + experiment + "' logged no metrics"
          : "no run of experiment '" + experiment + "' logged this metric; " + sortHint(metric, logged));
    }
  }
}
