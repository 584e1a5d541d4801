package io.genlab.runner.run;

import io.genlab.api.ComponentKind;
import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.DisplayText;
import io.genlab.api.Examples;
import io.genlab.api.Metric;
import io.genlab.api.RandomSource;
import io.genlab.api.SampleMetric;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.engine.train.ModelSession;
import io.genlab.runner.spec.ComponentRef;
import io.genlab.runner.spec.ExperimentSpec;
import io.genlab.runner.spec.SpecResolver;
import io.genlab.tracking.TrackedRun;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The evaluation passes of one run: each {@link #evaluate} evaluates the spec's metrics on the model as it is
 * and draws its samplers' grids, logging metrics, sampling speeds ({@code perf/...}) and grids to the run and
 * printing them. Training runs one pass every {@code evaluateEvery} epochs and one at its end; an evaluation
 * run runs one on a checkpoint. A pass stops between metrics and samplers once a stop is requested. In a run on
 * a first stage's latents, samplers and model metrics see latents, while every sample is decoded before its grid
 * and its sample metrics, which compare it with the data as loaded (decoding counts in the sampling speed). Not
 * thread-safe; {@code stopRequested} may turn true from another thread.
 */
final class EvaluationPass {
  private final PluginRegistry registry;
  private final PrintStream console;
  private final BooleanSupplier stopRequested;
  private final ExperimentSpec spec;
  private final TrackedRun run;
  private final ModelSession session;
  private final Examples train;
  private final Examples test;
  private final PreparedRun prepared;

  /** Passes over {@code prepared}'s metrics and samplers, on its model and data, logged to {@code run}. */
  EvaluationPass(PluginRegistry registry, PrintStream console, BooleanSupplier stopRequested, PreparedRun prepared,
      TrackedRun run) {
    this.registry = registry;
    this.console = console;
    this.stopRequested = stopRequested;
    this.spec = prepared.spec();
    this.run = run;
    this.session = prepared.session();
    this.train = prepared.train();
    this.test = prepared.evalTest();
    this.prepared = prepared;
  }

  /**
   * Logs every metric at {@code step} and writes every sampler's grid under {@code artifactDirectory};
   * each evaluation draws from the same seeded sources, so evaluations differ only by the model.
   */
  Map<String, Double> evaluate(long step, String artifactDirectory) throws IOException {
    Map<String, Double> results = new LinkedHashMap<>();
    Examples sampleTest = prepared.latent() == null ? test : prepared.latent().pixelTest();
    DataInfo sampleInfo = prepared.latent() == null ? session.data() : sampleTest.info();
    RandomSource seed = RandomSource.seeded(spec.seed());
    List<SampleMetric> sampleMetrics = new ArrayList<>();
    List<Integer> sampleMetricIndices = new ArrayList<>();
    for (int i = 0; i < spec.metrics().size() && !stopRequested.getAsBoolean(); i++) {
      ComponentRef ref = spec.metrics().get(i);
      Metric metric = create(ComponentKind.METRIC, Metric.class, ref);
      if (metric instanceof SampleMetric sampleMetric) {
        sampleMetrics.add(sampleMetric);
        sampleMetricIndices.add(i);
        continue;
      }
      console.printf("evaluating %s ...%n", DisplayText.line(ref.name()));
      int index = i;
      log(asBadInput(ref, () -> metric.evaluate(session, metricContext(seed, index))), "", step, results);
    }
    for (int i = 0; i < spec.samplers().size() && !stopRequested.getAsBoolean(); i++) {
      ComponentRef ref = spec.samplers().get(i);
      String label = SpecResolver.samplerLabel(spec.samplers(), i);
      Sampler sampler = create(ComponentKind.SAMPLER, Sampler.class, ref);
      var context = new Sampler.SamplingContext(train, test, seed.derive("sampler").derive(i), declaredRuns(label),
          RunPreparation.cacheDirectory());
      asBadInput(ref, () -> {
        sampler.fit(session, context);
        return null;
      });
      long gridStart = System.nanoTime();
      Samples samples = decoded(asBadInput(ref, () -> sampler.sample(session, context)));
      double gridSeconds = (System.nanoTime() - gridStart) / 1e9;
      String name = artifactDirectory + label + ".png";
      run.writeArtifact(name, SampleGrid.png(samples, sampleInfo, sampleTest));
      for (var figure : samples.figures().entrySet()) {
        run.writeArtifact(artifactDirectory + label + "-" + figure.getKey() + ".png",
            SampleGrid.png(figure.getValue(), sampleInfo, sampleTest));
      }
      console.printf("wrote %s (%d samples)%n", DisplayText.line(name), samples.count());
      // Under perf/, with the other timings and out of the results: reproductions compare everything else bit for bit.
      String speedKey = "perf/" + label + "/samples_per_second";
      if (sampleMetrics.isEmpty() || !sampler.representative() || stopRequested.getAsBoolean()) {
        double rate = samples.count() / Math.max(gridSeconds, 1e-9);
        run.logMetric(speedKey, rate, step);
        console.printf("  %-36s %.1f%n", DisplayText.line(speedKey), rate);
        continue;
      }
      int count = sampleMetrics.stream().mapToInt(SampleMetric::sampleCount).max().orElseThrow();
      console.printf("drawing %d samples from %s for %s ...%n", count, DisplayText.line(label), DisplayText.line(
          sampleMetricIndices.stream().map(k -> spec.metrics().get(k).name()).collect(Collectors.joining(", "))));
      // A grid of enough samples is reused: a sampler's first samples are its grid's (Sampler#sample(.., count)).
      boolean reuse = samples.count() >= count;
      long start = System.nanoTime();
      Samples drawn = reuse ? Samples.concat(List.of(samples), count)
          : decoded(asBadInput(ref, () -> sampler.sample(session, context, count)));
      // The larger of the two draws times the sampler better.
      double rate = reuse ? samples.count() / Math.max(gridSeconds, 1e-9)
          : count / Math.max((System.nanoTime() - start) / 1e9, 1e-9);
      run.logMetric(speedKey, rate, step);
      console.printf("  %-36s %.1f%n", DisplayText.line(speedKey), rate);
      for (int k = 0; k < sampleMetrics.size() && !stopRequested.getAsBoolean(); k++) {
        SampleMetric sampleMetric = sampleMetrics.get(k);
        int index = sampleMetricIndices.get(k);
        log(asBadInput(spec.metrics().get(index), () -> sampleMetric.evaluate(drawn,
            sampleMetricContext(seed, index))), label + "/", step, results);
      }
    }
    return results;
  }

  /**
   * {@code work}'s result; a config rule the component checks only against the trained model and its data
   * (a class label beyond the data's classes) is bad input at the component's spec path, not a defect.
   */
  private <T> T asBadInput(ComponentRef ref, java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (ConfigException e) {
      String field = e.field();
      throw new InvalidConfigException(field == null || field.isEmpty() || field.contains(".") ? ref.path()
          : ref.path() + ".config." + field, e.getMessage());
    }
  }

  /** The context of metric {@code index}: the same seeded source at every evaluation. */
  private Metric.EvaluationContext metricContext(RandomSource seed, int index) {
    return new Metric.EvaluationContext(train, test, seed.derive("metric").derive(index), RunPreparation.cacheDirectory());
  }

  /** As {@link #metricContext} for a sample metric, which compares samples with the data as loaded. */
  private Metric.EvaluationContext sampleMetricContext(RandomSource seed, int index) {
    LatentSpace latent = prepared.latent();
    return latent == null ? metricContext(seed, index) : new Metric.EvaluationContext(latent.pixelTrain(),
        latent.pixelTest(), seed.derive("metric").derive(index), RunPreparation.cacheDirectory());
  }

  /**
   * The runs loaded before the run started (and recorded with it): a sampler that loads a run it did not name in
   * {@link Sampler#runReferences()} is a defect of its plugin, since that run was neither checked nor recorded.
   */
  private io.genlab.api.RunModels declaredRuns(String label) {
    return runId -> {
      if (!prepared.references().containsKey(runId)) {
        throw new IllegalStateException("sampler '" + label + "' loads run '" + DisplayText.line(runId)
            + "', which its runReferences() do not name; the runner checks and records only those");
      }
      return prepared.runs().load(runId);
    };
  }

  /** {@code samples} as data: decoded by the first stage in a run on latents, else as they are. */
  private Samples decoded(Samples samples) {
    return prepared.latent() == null ? samples : prepared.latent().decode(samples);
  }

  private void log(Map<String, Double> values, String prefix, long step, Map<String, Double> results) {
    values.forEach((k, v) -> {
      run.logMetric(prefix + k, v, step);
      results.put(prefix + k, v);
      // Small values (an invertibility error of 1e-7) would read as 0.0000 in fixed notation.
      console.printf(v != 0 && Math.abs(v) < 1e-3 ? "  %-36s %.3e%n" : "  %-36s %.4f%n",
          DisplayText.line(prefix + k), v);
    });
  }

  private <T> T create(ComponentKind kind, Class<T> type, ComponentRef ref) {
    return registry.create(kind, type, ref.name(), ref.config(), ref.path()).component();
  }
}
