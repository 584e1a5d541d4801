package io.genlab.runner.run;

import static io.genlab.runner.run.ExperimentRunner.CHECKPOINT;
import static io.genlab.runner.run.ExperimentRunner.RESOLVED_SPEC;

import io.genlab.api.DisplayText;
import io.genlab.engine.config.ConfigBinder;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.runner.run.ExperimentRunner.Outcome;
import io.genlab.runner.run.ExperimentRunner.Result;
import io.genlab.runner.spec.ExperimentSpec;
import io.genlab.runner.spec.PaperFigure;
import io.genlab.runner.spec.SpecResolver;
import io.genlab.tracking.RunStatus;
import io.genlab.tracking.RunTags;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Trackers;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a run records about itself besides the metrics of its training and evaluations, through the tracker
 * seam. At its start: {@link #describe} once, when the run is created (the spec as params and artifacts,
 * seed and threads), and {@link #processStarted} each time a process starts training or evaluating it
 * (provenance of code and machine, data, plugins, protocol). At its end: its status with the tags that say
 * why ({@link #failed}, {@link #stoppedEarly}, {@link #killed}, {@link #finished}, {@link #failedBy}).
 * Not thread-safe, like the {@link TrackedRun} it writes to.
 */
final class RunRecord {
  /**
   * The prefix of the tags recording each run a run loaded (its first stage, its samplers' references): the tag
   * {@code genlab.run_reference.<run id>} holds the SHA-256 of the checkpoint it was loaded from, which resume,
   * evaluate and reproduce require unchanged.
   */
  static final String REFERENCE_TAG_PREFIX = "genlab.run_reference.";
  private final TrackedRun run;
  private final PluginRegistry registry;
  private final PrintStream console;

  /** The record of {@code run}; {@code registry} names the plugins it runs with, {@code console} takes warnings. */
  RunRecord(TrackedRun run, PluginRegistry registry, PrintStream console) {
    this.run = run;
    this.registry = registry;
    this.console = console;
  }

  /**
   * Logs what makes a run redoable before it trains: the resolved spec as params and as {@code
   * spec/resolved.yaml}, the user's spec text, and a note. Sweeps call it for the trials they create.
   * Credentials in URIs (a tracking URI's password or token) are logged as {@code ***} in all three.
   */
  static void describe(TrackedRun run, ExperimentSpec spec, String specText) {
    Map<String, Object> resolved = redacted(spec.resolved());
    run.logParams(params(resolved));
    run.writeArtifact(RESOLVED_SPEC, SpecResolver.dump(resolved).getBytes(StandardCharsets.UTF_8));
    if (specText != null) {
      run.writeArtifact("spec/spec.yaml", Trackers.redacted(specText).getBytes(StandardCharsets.UTF_8));
    }
    run.setTag("genlab.experiment", spec.experiment());
    run.setTag("genlab.seed", Long.toString(spec.seed()));
    run.setTag("genlab.threads", Integer.toString(spec.threads()));
    spec.paper().forEach(figure -> figure.tags().forEach(run::setTag));
    run.setTag("mlflow.note.content", "genlab run of `" + spec.model().name() + "` + `" + spec.loss().name()
        + "` on `" + spec.data().dataset().name() + "`, seed " + spec.seed()
        + ". Redo it with `./genlab reproduce <run-id>`, or `./genlab run` on the logged `spec/resolved.yaml`"
        + " at the logged git commit.");
  }

  /**
   * Tags what this process runs with, each time a process starts training or evaluating the run: code and
   * machine ({@link Provenance}), the data and their digest, plugins, model, loss and protocol. A resumed
   * run keeps its first values ({@code existingTags}) and records changed ones as {@code genlab.resumed.*},
   * with a warning.
   */
  void processStarted(PreparedRun p, Map<String, String> existingTags) {
    ExperimentSpec spec = p.spec();
    Map<String, String> tags = new LinkedHashMap<>(Provenance.tags());
    tags.put("genlab.dataset", spec.data().dataset().name());
    tags.put("genlab.dataset.sha256", p.sha256());
    tags.put("genlab.dataset.train_examples", Integer.toString(p.train().count()));
    tags.put("genlab.dataset.test_examples", Integer.toString(p.testCount()));
    tags.put("genlab.plugins", registry.plugins().stream().map(pl -> pl.id() + "=" + registry.origin(pl).version()).collect(Collectors.joining(",")));
    tags.put("genlab.model", spec.model().name());
    tags.put("genlab.loss", spec.loss().name());
    tags.putAll(p.protocol());
    p.references().forEach((id, digest) -> tags.put(REFERENCE_TAG_PREFIX + id, digest));
    if (p.latent() != null) {
      tags.putAll(p.latent().tags());
      // A param, as the rest of the configuration: resume and reproduce rebuild the same factor, or are refused.
      run.logParam(LatentSpace.SCALE_PARAM, Double.toString(p.latent().scale()));
    }
    tags.forEach((key, value) -> {
      String before = existingTags.get(key);
      if (before == null) {
        run.setTag(key, value);
      } else if (!before.equals(value)) {
        console.printf("warning: %s was %s when the run started and is %s now; the resumed part is tagged %s%n",
            DisplayText.line(key), DisplayText.line(before), DisplayText.line(value),
            DisplayText.line("genlab.resumed." + key));
        run.setTag("genlab.resumed." + key, value);
      }
    });
    DataInputs.log(run, p.inputs(), console);
  }

  /** Tags that this process continues the run from the checkpoint of {@code iteration}. */
  void resumedFrom(long iteration) {
    run.setTag("genlab.resumed", "from iteration " + iteration + " (checkpoint " + CHECKPOINT + ")");
  }

  /** The note of an evaluation run: which run's checkpoint, of which iteration, it evaluates. */
  void noteEvaluationOf(String trainedRunId, long iteration) {
    run.setTag("mlflow.note.content", "Evaluation of the checkpoint of run `" + trainedRunId + "` (iteration "
        + iteration + ") with other samplers or metrics; nothing was trained.");
  }

  /** Ends the run FINISHED with {@code metrics} as its result. */
  Result finished(Map<String, Double> metrics) {
    run.end(RunStatus.FINISHED);
    return new Result(run.runId(), Outcome.FINISHED, metrics, "");
  }

  /** Ends the run FINISHED as stopped early, tagged {@link RunTags#EARLY_STOPPED} with {@code why}. */
  Result stoppedEarly(String why) {
    run.setTag(RunTags.EARLY_STOPPED, why);
    run.end(RunStatus.FINISHED);
    return new Result(run.runId(), Outcome.FINISHED, Map.of(), why);
  }

  /** Ends the run KILLED (a stop request), tagged {@code genlab.killed} with {@code why}. */
  Result killed(String why) {
    run.setTag("genlab.killed", why);
    run.end(RunStatus.KILLED);
    return new Result(run.runId(), Outcome.KILLED, Map.of(), why);
  }

  /** Ends the run FAILED when training itself failed (a NaN loss): {@code why} is tagged and noted. */
  Result failed(String why) {
    run.setTag("genlab.failure", String.valueOf(why));
    run.setTag("mlflow.note.content", "**FAILED**: " + why);
    run.end(RunStatus.FAILED);
    return new Result(run.runId(), Outcome.FAILED, Map.of(), why);
  }

  /**
   * Ends the run FAILED by {@code e}, which the caller then rethrows, with the reason tagged. The end is
   * attempted even when the tag cannot be written (a full disk), so that the run does not stay RUNNING;
   * what fails here is added to {@code e}.
   */
  void failedBy(Throwable e) {
    try {
      run.setTag("genlab.failure", describeFailure(e));
    } catch (RuntimeException tagFailed) {
      e.addSuppressed(tagFailed);
    }
    try {
      run.end(RunStatus.FAILED);
    } catch (RuntimeException endFailed) {
      e.addSuppressed(endFailed);
    }
  }

  /** See {@link ExperimentRunner#describeFailure}. */
  static String describeFailure(Throwable e) {
    if (e instanceof OutOfMemoryError) {
      return e + " -- ND4J's off-heap memory is capped by -Dorg.bytedeco.javacpp.maxphysicalbytes (the genlab "
          + "launcher's default: three quarters of the machine's memory) and the heap by -Xmx (a quarter, at most "
          + "8g); raise them, e.g. GENLAB_JAVA_OPTS='-Xmx6g -Dorg.bytedeco.javacpp.maxphysicalbytes=20g' "
          + "./genlab ..., or lower training.batchSize";
    }
    return String.valueOf(e);
  }

  /**
   * {@code value} (a resolved spec, or a part of it) with every text passed through {@link Trackers#redacted}:
   * a store shared with others must not hold the password of the tracking server or a data URL's token.
   */
  @SuppressWarnings("unchecked")
  static <T> T redacted(T value) {
    if (value instanceof String s) {
      return (T) Trackers.redacted(s);
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, redacted(v)));
      return (T) copy;
    }
    if (value instanceof List<?> list) {
      return (T) list.stream().map(RunRecord::redacted).collect(Collectors.toList());
    }
    return value;
  }

  /** The resolved spec flattened to MLflow params: dotted keys, lists as their YAML flow form. */
  static Map<String, String> params(Map<String, Object> resolved) {
    Map<String, String> params = new LinkedHashMap<>();
    Map<String, Object> copy = new LinkedHashMap<>(resolved);
    List<?> metrics = (List<?>) copy.remove("metrics");
    List<?> samplers = (List<?>) copy.remove("samplers");
    copy.remove(PaperFigure.KEY); // tags: the paper's numbers are not the run's configuration
    ConfigBinder.flatten(copy).forEach((k, v) -> params.put(k, String.valueOf(v)));
    indexed("metrics", metrics, params);
    indexed("samplers", samplers, params);
    return params;
  }

  @SuppressWarnings("unchecked")
  private static void indexed(String prefix, List<?> refs, Map<String, String> params) {
    for (int i = 0; i < refs.size(); i++) {
      Map<String, Object> ref = (Map<String, Object>) refs.get(i);
      // Sampler labels keep two samplers of the same name apart (ddim with 10 and with 50 steps).
      String key = prefix + "." + (ref.get("label") != null ? ref.get("label") : ref.get("name"));
      ConfigBinder.flatten(Map.of(key, ref.get("config"))).forEach((k, v) -> params.put(k, String.valueOf(v)));
    }
  }
}
