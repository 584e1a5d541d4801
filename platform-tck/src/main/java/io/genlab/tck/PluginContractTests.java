package io.genlab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.genlab.api.ComponentKind;
import io.genlab.api.Examples;
import io.genlab.api.Loss;
import io.genlab.api.Metric;
import io.genlab.api.Model;
import io.genlab.api.PluginModule;
import io.genlab.api.RandomSource;
import io.genlab.api.SampleMetric;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.engine.config.ConfigBinder;
import io.genlab.engine.exec.EngineConfig;
import io.genlab.engine.exec.GraphExecutor;
import io.genlab.engine.exec.PlannedExecutor;
import io.genlab.engine.exec.SameDiffExecutor;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.engine.train.Binarization;
import io.genlab.engine.train.ModelSession;
import io.genlab.engine.train.OptimizerConfig;
import io.genlab.engine.train.Trainer;
import io.genlab.engine.train.TrainingConfig;
import io.genlab.engine.train.TrainingListener;
import io.genlab.engine.train.TrainingState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The contract every plugin's components must meet; a plugin's tests extend this class.
 *
 * <p>Checks: configure() binds without side effects and names are well formed; every config's
 * defaults round-trip through the binder; each scenario builds, trains a few steps on a tiny batch
 * with finite losses that change the parameters, is bit-identical under the same seed and different
 * under another; samplers return what they promise within the data range; metrics are finite and
 * deterministic; the planned executor computes what SameDiff computes, for every objective and every
 * forward pass the samplers and metrics make.
 */
public abstract class PluginContractTests {

  /** The plugin under test. */
  protected abstract PluginModule plugin();

  /** The component combinations to exercise. */
  protected abstract List<Scenario> scenarios();

  private PluginRegistry registry() {
    return PluginRegistry.of(plugin());
  }

  @Test
  void idAndComponentNamesAreWellFormed() {
    PluginRegistry registry = registry();
    assertThat(plugin().id()).matches("[a-z][a-z0-9-]*");
    assertThat(plugin().description()).isNotBlank();
    for (ComponentKind kind : ComponentKind.values()) {
      registry.components(kind).forEach((name, r) -> {
        assertThat(name).as(kind.label() + " name").matches("[a-z0-9][a-z0-9-]*");
        assertThat(r.factory().summary()).as(kind.label() + " " + name + " summary").isNotBlank();
      });
    }
  }

  @Test
  void everyConfigRoundTripsThroughTheBinder() {
    for (ComponentKind kind : ComponentKind.values()) {
      registry().components(kind).forEach((name, r) -> {
        Record defaults = r.factory().defaults();
        Map<String, Object> asMap = ConfigBinder.toMap(defaults);
        assertThat(ConfigBinder.bind(defaults, asMap, name)).as(name).isEqualTo(defaults);
        assertThat(ConfigBinder.describe(defaults)).as(name + " fields").hasSize(asMap.size());
      });
    }
  }

  @TestFactory
  List<DynamicTest> trainsAFewStepsWithFiniteLossesThatChangeParameters() {
    return perScenario(s -> {
      ModelSession session = session(s, 7);
      String first = session.graph().parameters().get(0);
      INDArray before = session.executor().parameter(first).dup();
      List<Double> losses = train(session, s, 7, 3);
      assertThat(losses).hasSize(3).allSatisfy(v -> assertThat(v).isFinite());
      assertThat(session.executor().parameter(first)).isNotEqualTo(before);
    });
  }

  @TestFactory
  List<DynamicTest> sameSeedIsBitIdenticalAndOtherSeedDiffers() {
    return perScenario(s -> {
      List<Double> a = train(session(s, 11), s, 11, 2);
      List<Double> b = train(session(s, 11), s, 11, 2);
      List<Double> c = train(session(s, 12), s, 12, 2);
      assertThat(a).isEqualTo(b);
      assertThat(c).isNotEqualTo(a);
    });
  }

  /**
   * Two iterations, a checkpoint, two more in a fresh session: every scalar of every iteration (losses,
   * diagnostics, the state a loss keeps across steps) equals an uninterrupted run's, bit for bit.
   */
  @TestFactory
  List<DynamicTest> aRunResumedFromACheckpointIsBitIdentical() {
    return perScenario(s -> {
      List<Map<String, Double>> straight = new ArrayList<>();
      trainer(session(s, 13), s, 13, 4).run(s.data(), recorder(straight));
      List<Map<String, Double>> joined = new ArrayList<>();
      Trainer first = trainer(session(s, 13), s, 13, 2);
      first.run(s.data(), recorder(joined));
      java.nio.file.Path checkpoint = java.nio.file.Files.createTempFile("tck", ".ckpt");
      try {
        first.saveCheckpoint(checkpoint);
        Trainer second = trainer(session(s, 13), s, 13, 4);
        second.restoreCheckpoint(checkpoint);
        second.run(s.data(), recorder(joined));
      } finally {
        java.nio.file.Files.deleteIfExists(checkpoint);
      }
      assertThat(joined).hasSize(4).isEqualTo(straight);
    });
  }

  private static TrainingListener recorder(List<Map<String, Double>> into) {
    return new TrainingListener() {
      @Override
      public void onIteration(TrainingState state, Map<String, Double> scalars) {
        into.add(new java.util.LinkedHashMap<>(scalars));
      }
    };
  }

  @TestFactory
  List<DynamicTest> samplersReturnWhatTheyPromise() {
    return perScenario(s -> {
      ModelSession session = session(s, 3);
      train(session, s, 3, 1);
      for (var e : s.samplers().entrySet()) {
        Sampler sampler = registry().create(ComponentKind.SAMPLER, Sampler.class, e.getKey(), e.getValue(), "sampling").component();
        assertThat(sampler.incompatibility(session.model())).as(e.getKey()).isEmpty();
        // The runner checks a sampler's references before a run starts: the scenario must provide them.
        for (String run : sampler.runReferences()) {
          assertThat(s.runs().load(run)).as(e.getKey() + " loads run " + run).isNotNull();
        }
        var context = new Sampler.SamplingContext(s.data(), s.data(), RandomSource.seeded(5), s.runs(), null);
        sampler.fit(session, context);
        Samples samples = sampler.sample(session, context);
        long[] shape = samples.values().shape();
        assertThat(shape.length).as(e.getKey() + " rank").isEqualTo(s.data().info().exampleShape().length + 1);
        assertThat(java.util.Arrays.copyOfRange(shape, 1, shape.length)).as(e.getKey() + " example shape")
            .isEqualTo(s.data().info().exampleShape());
        double min = samples.values().minNumber().doubleValue();
        double max = samples.values().maxNumber().doubleValue();
        assertThat(min).as(e.getKey() + " min").isGreaterThanOrEqualTo(s.data().info().low() - 1e-6);
        assertThat(max).as(e.getKey() + " max").isLessThanOrEqualTo(s.data().info().high() + 1e-6);
        Samples again = sampler.sample(session, context);
        assertThat(again.values()).as(e.getKey() + " determinism").isEqualTo(samples.values());
        samples.figures().forEach((name, figure) -> assertThat(figure.values().shape()).as(e.getKey() + " figure "
            + name + " example shape").endsWith(s.data().info().exampleShape()));
        int n = samples.count() + 3;
        Samples drawn = sampler.sample(session, context, n);
        assertThat(drawn.count()).as(e.getKey() + " sample(count)").isEqualTo(n);
        assertThat(drawn.values().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, samples.count())))
            .as(e.getKey() + " sample(count) starts with the grid's samples").isEqualTo(samples.values());
        if (drawn.labels() != null) {
          assertThat(drawn.labels()).as(e.getKey() + " labels").hasSize(n);
        }
      }
    });
  }

  /**
   * Evaluates {@code metric}; a {@link SampleMetric} judges its sample count drawn from the scenario's
   * first representative sampler, as the runner does for every sampler.
   */
  private Map<String, Double> evaluate(Metric metric, ModelSession session, Scenario s, Metric.EvaluationContext context) {
    if (!(metric instanceof SampleMetric sampleMetric)) {
      return metric.evaluate(session, context);
    }
    for (var e : s.samplers().entrySet()) {
      Sampler sampler = registry().create(ComponentKind.SAMPLER, Sampler.class, e.getKey(), e.getValue(), "sampling").component();
      if (sampler.representative()) {
        var samplingContext = new Sampler.SamplingContext(s.data(), s.data(), RandomSource.seeded(5), s.runs(), null);
        sampler.fit(session, samplingContext);
        return sampleMetric.evaluate(sampler.sample(session, samplingContext, sampleMetric.sampleCount()), context);
      }
    }
    throw new AssertionError("scenario " + s + " lists sample metrics but no representative sampler to draw from");
  }

  @TestFactory
  List<DynamicTest> metricsAreFiniteAndDeterministic() {
    return perScenario(s -> {
      ModelSession session = session(s, 3);
      train(session, s, 3, 1);
      for (var e : s.metrics().entrySet()) {
        Metric metric = registry().create(ComponentKind.METRIC, Metric.class, e.getKey(), e.getValue(), "evaluation").component();
        assertThat(metric.incompatibility(session.model())).as(e.getKey()).isEmpty();
        var context = new Metric.EvaluationContext(s.data(), s.data(), RandomSource.seeded(9));
        Map<String, Double> values = evaluate(metric, session, s, context);
        assertThat(values).as(e.getKey()).isNotEmpty();
        values.forEach((k, v) -> assertThat(v).as(k).isFinite());
        values.keySet().forEach(k -> assertThat(k).as(e.getKey() + " key").matches("[A-Za-z0-9_./-]+"));
        // MLflow's file store keeps a metric as a file under its key's folders: test/mig beside test/mig/shape
        // cannot both exist, which only a run's logging would otherwise reveal.
        values.keySet().forEach(k -> assertThat(values.keySet()).as(e.getKey() + ": a key inside key " + k)
            .noneMatch(other -> other.startsWith(k + "/")));
        assertThat(evaluate(metric, session, s, context)).as(e.getKey() + " determinism").isEqualTo(values);
      }
    });
  }

  @TestFactory
  List<DynamicTest> lossAcceptsItsModel() {
    return perScenario(s -> {
      Model model = registry().create(ComponentKind.MODEL, Model.class, s.model(), s.modelConfig(), "model").component();
      Loss loss = registry().create(ComponentKind.LOSS, Loss.class, s.loss(), s.lossConfig(), "loss").component();
      assertThat(loss.incompatibility(model)).isEmpty();
      assertThatCode(() -> session(s, 1)).doesNotThrowAnyException();
    });
  }

  /**
   * The planned executor computes what SameDiff computes: every objective's value, diagnostics and
   * gradients on a small batch, and every forward output the samplers and metrics ask for, within
   * {@value #PLANNED_TOLERANCE} of SameDiff's relative to each array's largest magnitude (gradients:
   * relative to the objective's largest gradient); with rewrites off, bit for bit. No graph may fall back to SameDiff and no rewrite may disagree with
   * the op it replaces (see {@link #expectsPlannedExecution()}).
   */
  @TestFactory
  List<DynamicTest> plannedExecutorComputesWhatSameDiffComputes() {
    return perScenario(s -> {
      for (boolean rewrites : new boolean[] {true, false}) {
        double tolerance = rewrites ? PLANNED_TOLERANCE : 0.0;
        List<String> notices = new ArrayList<>();
        RecordingExecutor.Recording recording = new RecordingExecutor.Recording();
        ModelSession reference = session(s, 5, RecordingExecutor.factory(SameDiffExecutor.factory(), recording));
        ModelSession planned = session(s, 5, PlannedExecutor.factory(rewrites, notices::add));
        String what = s + (rewrites ? " with rewrites" : " without rewrites");
        Examples data = s.data();
        int n = Math.min(8, data.count());
        int[] indices = java.util.stream.IntStream.range(0, n).toArray();
        INDArray x = data.batch(indices);
        INDArray labels = reference.graph().labelInput() == null ? null : data.oneHot(indices);
        for (var objective : reference.objectives().objectives()) {
          List<String> outputs = new ArrayList<>();
          outputs.add(objective.value().name());
          reference.objectives().diagnostics().values().forEach(v -> outputs.add(v.name()));
          List<String> params = reference.graph().parameterGroups().get(objective.parameterGroup());
          var expected = reference.executor().gradients(reference.feeds(x, labels, RandomSource.seeded(8)),
              objective, params, outputs);
          var planObjective = planned.objectives().objectives().stream()
              .filter(o -> o.name().equals(objective.name())).findFirst().orElseThrow();
          var got = planned.executor().gradients(planned.feeds(x, labels, RandomSource.seeded(8)),
              planObjective, params, outputs);
          for (String o : outputs) {
            Agreement.check(what + ", objective " + objective.name() + ", output " + o,
                expected.outputs().get(o), got.outputs().get(o), tolerance);
          }
          // Relative to the objective's largest gradient: a parameter whose gradient is zero up to
          // rounding (a bias before a batch norm) differs by rounding, whatever computes it.
          double scale = params.stream().mapToDouble(p -> Agreement.scale(expected.gradients().get(p))).max().orElse(0);
          for (String p : params) {
            Agreement.check(what + ", objective " + objective.name() + ", gradient of " + p,
                expected.gradients().get(p), got.gradients().get(p), tolerance, scale);
          }
        }
        // Whatever the samplers and metrics run forward, the planned executor runs alike.
        recording.clear();
        exerciseSamplersAndMetrics(reference, s);
        for (RecordingExecutor.Call call : recording.calls()) {
          Map<String, INDArray> got = planned.executor().output(call.feeds(), call.outputs().keySet());
          call.outputs().forEach((name, value) -> Agreement.check(what + ", forward output " + name,
              value, got.get(name), tolerance));
        }
        if (expectsPlannedExecution()) {
          assertThat(((PlannedExecutor) planned.executor()).fallbacks()).as(what + ": graphs run by SameDiff").isEmpty();
          assertThat(notices).as(what + ": rewrites that disagreed with their ops").isEmpty();
        }
      }
    });
  }

  /** The largest difference from SameDiff the planned executor's rewrites may make, relative. */
  protected static final double PLANNED_TOLERANCE = 1e-5;

  /**
   * Whether every graph of this plugin must run planned (no fallback to SameDiff, no disagreeing
   * rewrite); a plugin whose graphs use ops the planner does not know overrides this with false.
   */
  protected boolean expectsPlannedExecution() {
    return true;
  }

  /** Draws from every sampler and evaluates every metric of {@code s} once, as the runner does after training. */
  private void exerciseSamplersAndMetrics(ModelSession session, Scenario s) {
    for (var e : s.samplers().entrySet()) {
      Sampler sampler = registry().create(ComponentKind.SAMPLER, Sampler.class, e.getKey(), e.getValue(), "sampling").component();
      var context = new Sampler.SamplingContext(s.data(), s.data(), RandomSource.seeded(5), s.runs(), null);
      sampler.fit(session, context);
      sampler.sample(session, context);
    }
    for (var e : s.metrics().entrySet()) {
      Metric metric = registry().create(ComponentKind.METRIC, Metric.class, e.getKey(), e.getValue(), "evaluation").component();
      evaluate(metric, session, s, new Metric.EvaluationContext(s.data(), s.data(), RandomSource.seeded(9)));
    }
  }

  /** Builds a session for {@code s} seeded with {@code seed}, run by the default (planned) executor. */
  protected ModelSession session(Scenario s, long seed) {
    return session(s, seed, EngineConfig.DEFAULTS.factory(line -> {
      throw new AssertionError(s + ": " + line);
    }));
  }

  /** Builds a session for {@code s} seeded with {@code seed}, run by {@code executors}. */
  protected ModelSession session(Scenario s, long seed, GraphExecutor.Factory executors) {
    PluginRegistry registry = registry();
    Model model = registry.create(ComponentKind.MODEL, Model.class, s.model(), s.modelConfig(), "model").component();
    Loss loss = registry.create(ComponentKind.LOSS, Loss.class, s.loss(), s.lossConfig(), "loss").component();
    return ModelSession.build(model, loss, s.data().info(), RandomSource.seeded(seed).derive("init"), executors, 16);
  }

  /** A trainer of {@code session} for {@code iterations} iterations in all, batches of at most 8. */
  private static Trainer trainer(ModelSession session, Scenario s, long seed, int iterations) {
    TrainingConfig config = new TrainingConfig(1000, Math.min(8, s.data().count()), Binarization.NONE,
        new OptimizerConfig("adam", 1e-3, 0.9, 0.999, 1e-8), 1, 1, iterations);
    return new Trainer(session, config, RandomSource.seeded(seed).derive("train"));
  }

  /** Trains {@code iterations} iterations and returns the first objective's loss after each. */
  protected List<Double> train(ModelSession session, Scenario s, long seed, int iterations) {
    Examples data = s.data();
    List<Double> losses = new ArrayList<>();
    String key = "loss/" + session.objectives().objectives().get(0).name();
    trainer(session, s, seed, iterations).run(data, new TrainingListener() {
      @Override
      public void onIteration(TrainingState state, Map<String, Double> scalars) {
        losses.add(scalars.get(key));
      }
    });
    return losses;
  }

  private List<DynamicTest> perScenario(ScenarioCheck check) {
    List<DynamicTest> tests = new ArrayList<>();
    for (Scenario s : scenarios()) {
      tests.add(DynamicTest.dynamicTest(s.toString(), () -> check.run(s)));
    }
    return tests;
  }

  /** A check run once per scenario. */
  @FunctionalInterface
  protected interface ScenarioCheck {
    void run(Scenario s) throws Exception;
  }
}
