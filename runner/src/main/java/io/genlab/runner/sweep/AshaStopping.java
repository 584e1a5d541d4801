package io.genlab.runner.sweep;

import io.genlab.engine.config.InvalidConfigException;

import io.genlab.api.DisplayText;
import io.genlab.runner.run.EarlyStopping;
import io.genlab.tracking.MetricPoint;
import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunTags;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Successive halving inside a trial process: at each rung the trial reads what its sibling trials
 * recorded at that rung from the tracker (the store is the only thing trials share, so any launcher
 * works) and logs its decision as a tag {@code genlab.asha.rung_<epochs>}. A resumed trial keeps the
 * decisions it logged before. Not thread-safe; called from the training thread.
 */
public final class AshaStopping implements EarlyStopping {
  private static final String PREFIX = RunTags.ASHA_PREFIX;
  private final Tracker tracker;
  private final String runId;
  private final String parentRunId;
  private final String experiment;
  private final AshaConfig config;
  private final Map<String, String> tagsAtStart;
  private final PrintStream console;

  private AshaStopping(Tracker tracker, RunInfo run, AshaConfig config, PrintStream console) {
    this.tracker = tracker;
    this.runId = run.runId();
    this.parentRunId = run.tags().get(RunTags.PARENT_RUN_ID);
    this.experiment = run.tags().get("genlab.experiment");
    this.config = config;
    this.tagsAtStart = run.tags();
    this.console = console;
  }

  /** The tags that tell a trial process how to halve, set by the sweep on each trial it creates. */
  static Map<String, String> tags(AshaConfig config) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(PREFIX + "metric", config.metric());
    tags.put(PREFIX + "mode", config.mode().label());
    tags.put(PREFIX + "min_epochs", Integer.toString(config.minEpochs()));
    tags.put(PREFIX + "reduction_factor", Integer.toString(config.reductionFactor()));
    tags.put(PREFIX + "max_epochs", Integer.toString(config.maxEpochs()));
    return tags;
  }

  /** Early stopping for {@code runId}: ASHA when the run is a sweep trial with ASHA tags, else never. */
  public static EarlyStopping forRun(Tracker tracker, String runId, PrintStream console) {
    Optional<RunInfo> run = tracker.run(runId);
    if (run.isEmpty() || !run.get().tags().containsKey(PREFIX + "metric")) {
      return NEVER;
    }
    Map<String, String> t = run.get().tags();
    AshaConfig config;
    try {
      config = new AshaConfig(t.get(PREFIX + "metric"),
          Objective.Mode.valueOf(String.valueOf(t.get(PREFIX + "mode")).toUpperCase(java.util.Locale.ROOT)),
          Integer.parseInt(t.get(PREFIX + "min_epochs")), Integer.parseInt(t.get(PREFIX + "reduction_factor")),
          Integer.parseInt(t.get(PREFIX + "max_epochs")));
    } catch (IllegalArgumentException | NullPointerException e) {
      // The tags come from the store, which may have been edited or damaged: bad input, not a defect.
      throw new InvalidConfigException("run " + runId + " tags " + PREFIX + "*", "the sweep's ASHA settings "
          + "cannot be read (" + e.getMessage() + "); the sweep writes them as mode min|max and whole numbers");
    }
    return new AshaStopping(tracker, run.get(), config, console);
  }

  static String rungTag(int epochs) {
    return RunTags.ASHA_RUNG_PREFIX + epochs;
  }

  @Override
  public Optional<String> stopAfterEpoch(int epochsDone, Map<String, Double> epochMetrics, TrackedRun run) {
    if (!config.rungs().contains(epochsDone) || tagsAtStart.containsKey(rungTag(epochsDone))) {
      return Optional.empty(); // not a rung, or decided (to continue) before this process resumed
    }
    Double value = epochMetrics.get(config.metric());
    if (value == null) {
      throw new IllegalStateException("sweep.asha.metric '" + config.metric() + "' is not logged at epoch ends; "
          + "this run logs " + epochMetrics.keySet());
    }
    Asha.Decision decision = Asha.decide(config, epochsDone, value, peerValues(epochsDone));
    run.setTag(rungTag(epochsDone), decision.reason());
    console.println("ASHA " + DisplayText.line(decision.reason()));
    return decision.continues() ? Optional.empty() : Optional.of(decision.reason());
  }

  /** What the other trials of the sweep logged for the metric at {@code epochs}. */
  private List<Double> peerValues(int epochs) {
    List<Double> values = new ArrayList<>();
    for (RunInfo peer : tracker.runs(experiment)) {
      if (peer.runId().equals(runId) || !parentRunId.equals(peer.tags().get(RunTags.PARENT_RUN_ID))
          || !peer.metrics().containsKey(config.metric())) {
        continue;
      }
      tracker.metricHistory(peer.runId(), config.metric()).stream().filter(p -> p.step() == epochs)
          .map(MetricPoint::value).findFirst().ifPresent(values::add);
    }
    return values;
  }
}
