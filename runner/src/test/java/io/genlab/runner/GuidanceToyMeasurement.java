package io.genlab.runner;

import io.genlab.api.ComponentKind;
import io.genlab.api.Dataset;
import io.genlab.api.Examples;
import io.genlab.api.Loss;
import io.genlab.api.Metric;
import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.api.RunModels;
import io.genlab.api.SampleMetric;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.engine.exec.EngineConfig;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.engine.train.Binarization;
import io.genlab.engine.train.ModelSession;
import io.genlab.engine.train.OptimizerConfig;
import io.genlab.engine.train.Trainer;
import io.genlab.engine.train.TrainingConfig;
import io.genlab.engine.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test (its name does not end in Tests, so the build never runs it): classifier guidance
 * end to end on the 8-Gaussians toy while the runner cannot yet load another run's model. It trains, in
 * process and with the settings of experiments/ddpm-8gaussians.yaml and experiments/noisy-classifier-8gaussians.yaml,
 * an unconditional mlp-ddpm, a conditional one (classifier-free guidance) and a noise-aware classifier, then
 * sweeps the guidance scales and prints, per sampler and scale, the share of samples whose nearest mode is
 * their target class, the mode-coverage figures and the Frechet distance (sample-quality's metrics).
 *
 * <pre>
 * OMP_NUM_THREADS=1 mvn -o -q -B -ntp -pl runner -am test -Dtest=GuidanceToyMeasurement \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dguidance.epochs=30 -Dguidance.out=/tmp/cg/toy.md
 * </pre>
 */
class GuidanceToyMeasurement {
  private final PluginRegistry registry = PluginRegistry.discover();

  @Test
  void sweep() throws IOException {
    int epochs = Integer.getInteger("guidance.epochs", 30);
    int classifierEpochs = Integer.getInteger("guidance.classifierEpochs", 20);
    int count = Integer.getInteger("guidance.samples", 2500);
    Path out = Path.of(System.getProperty("guidance.out", "/tmp/guidance-toy.md"));
    StringBuilder report = new StringBuilder();
    Map<String, Object> toy = Map.of("distribution", "8gaussians", "trainSize", 20000, "testSize", 5000,
        "noise", 0.02);
    Dataset dataset = registry.create(ComponentKind.DATASET, Dataset.class, "toy2d", toy, "data").component();
    Dataset.DataContext dataContext = new Dataset.DataContext(null, null, true, RandomSource.seeded(1).derive("data"));
    Examples train = dataset.load(Dataset.Split.TRAIN, dataContext);
    Examples test = dataset.load(Dataset.Split.TEST, dataContext);
    Map<String, Object> process = Map.of("timesteps", 1000, "schedule", "linear");

    long start = System.nanoTime();
    ModelSession unconditional = train("mlp-ddpm", Map.of("hidden", List.of(128, 128, 128), "timeEmbedding", 64,
        "diffusion", process), "ddpm", train, epochs, 1);
    log(report, "unconditional mlp-ddpm: %d epochs, %.0f s", epochs, seconds(start));
    start = System.nanoTime();
    ModelSession conditional = train("mlp-ddpm", Map.of("hidden", List.of(128, 128, 128), "timeEmbedding", 64,
        "diffusion", Map.of("timesteps", 1000, "conditional", true, "labelDropout", 0.1)), "ddpm", train, epochs, 1);
    log(report, "conditional mlp-ddpm (label dropout 0.1): %d epochs, %.0f s", epochs, seconds(start));
    start = System.nanoTime();
    ModelSession classifier = train("noisy-classifier", Map.of("hidden", List.of(128, 128), "timeEmbedding", 64,
        "process", process), "noisy-classification", train, classifierEpochs, 1);
    log(report, "noisy-classifier: %d epochs, %.0f s", classifierEpochs, seconds(start));
    Metric noisyAccuracy = registry.create(ComponentKind.METRIC, Metric.class, "noisy-accuracy",
        Map.of("levels", List.of(0.0, 0.25, 0.5, 0.75, 0.9), "examples", 5000, "batchSize", 1000), "m").component();
    log(report, "noisy-accuracy: %s", noisyAccuracy.evaluate(classifier,
        new Metric.EvaluationContext(train, test, RandomSource.seeded(1).derive("noisy-accuracy"), null)));

    SampleMetric modes = (SampleMetric) registry.create(ComponentKind.METRIC, Metric.class, "mode-coverage",
        Map.of("samples", count), "m").component();
    SampleMetric frechet = (SampleMetric) registry.create(ComponentKind.METRIC, Metric.class, "frechet-distance",
        Map.of("samples", count), "m").component();
    RunModels runs = id -> classifier;
    report.append("\n| model | sampler | guidance | s | target accuracy | modes covered | high quality | FD |\n")
        .append("|---|---|---|---|---|---|---|---|\n");
    List<Map.Entry<String, Map<String, Object>>> samplers = List.of(
        Map.entry("ddim", Map.of("steps", 50)), Map.entry("ddpm", Map.of()));
    for (var sampler : samplers) {
      String label = sampler.getKey().equals("ddim") ? "ddim-50" : "ddpm-1000";
      boolean ddim = sampler.getKey().equals("ddim");
      // DDPM runs all 1000 steps: fewer scales.
      for (double s : ddim ? List.of(0.0, 0.5, 1.0, 2.0, 4.0, 8.0) : List.of(0.0, 1.0, 2.0)) {
        Map<String, Object> config = new HashMap<>(sampler.getValue());
        config.put("count", count);
        config.put("batchSize", count);
        config.put("classifierRun", "toy-classifier");
        config.put("classifierScale", s);
        row(report, "unconditional", label, "classifier", s, draw(sampler.getKey(), config, unconditional, runs, train,
            test), modes, frechet, train, test);
      }
      for (double w : ddim ? List.of(1.0, 2.0, 4.0) : List.of(1.0, 2.0)) {
        Map<String, Object> config = new HashMap<>(sampler.getValue());
        config.put("count", count);
        config.put("batchSize", count);
        config.put("guidanceScale", w);
        row(report, "conditional", label, "classifier-free", w, draw(sampler.getKey(), config, conditional, runs, train,
            test), modes, frechet, train, test);
      }
      for (double s : ddim ? List.of(1.0, 2.0) : List.of(1.0)) {
        Map<String, Object> config = new HashMap<>(sampler.getValue());
        config.put("count", count);
        config.put("batchSize", count);
        config.put("guidanceScale", 0.0);
        config.put("classifierRun", "toy-classifier");
        config.put("classifierScale", s);
        row(report, "conditional, unconditional mode", label, "classifier", s, draw(sampler.getKey(), config,
            conditional, runs, train, test), modes, frechet, train, test);
      }
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, report.toString());
    }
    System.out.println(report);
  }

  private void row(StringBuilder report, String model, String sampler, String guidance, double s, Samples samples,
      SampleMetric modes, SampleMetric frechet, Examples train, Examples test) {
    var context = new Metric.EvaluationContext(train, test, RandomSource.seeded(1).derive("metrics"), null);
    Map<String, Double> m = modes.evaluate(samples, context);
    double fd;
    try {
      fd = frechet.evaluate(samples, context).values().iterator().next();
    } catch (RuntimeException e) {
      // The matrix square root fails to converge on near-singular covariances (collapsed guided samples).
      System.out.println("frechet-distance failed: " + e);
      fd = Double.NaN;
    }
    String line = String.format(Locale.ROOT, "| %s | %s | %s | %s | %.3f | %.0f | %.3f | %.4f |%n", model, sampler,
        guidance, s, targetAccuracy(samples), m.get("modes/covered"), m.get("modes/high_quality"),
        fd);
    report.append(line);
    System.out.print(line);
  }

  /** The share of labelled samples whose nearest of the 8 modes (angle k pi / 4 on the radius-2 circle) is their label. */
  private static double targetAccuracy(Samples samples) {
    int hits = 0;
    for (int i = 0; i < samples.count(); i++) {
      double x = samples.values().getDouble(i, 0);
      double y = samples.values().getDouble(i, 1);
      int nearest = 0;
      double best = Double.MAX_VALUE;
      for (int k = 0; k < 8; k++) {
        double dx = x - 2 * Math.cos(k * Math.PI / 4);
        double dy = y - 2 * Math.sin(k * Math.PI / 4);
        if (dx * dx + dy * dy < best) {
          best = dx * dx + dy * dy;
          nearest = k;
        }
      }
      hits += nearest == samples.labels()[i] ? 1 : 0;
    }
    return (double) hits / samples.count();
  }

  private Samples draw(String name, Map<String, Object> config, ModelSession model, RunModels runs, Examples train,
      Examples test) {
    Sampler sampler = registry.create(ComponentKind.SAMPLER, Sampler.class, name, config, "sampler").component();
    long start = System.nanoTime();
    Samples samples = sampler.sample(model, new Sampler.SamplingContext(train, test, RandomSource.seeded(1)
        .derive("sampler"), runs, null));
    System.out.printf(Locale.ROOT, "%s %s: %.1f s%n", name, config, seconds(start));
    return samples;
  }

  private ModelSession train(String model, Map<String, ?> config, String loss, Examples data, int epochs, long seed) {
    Model m = registry.create(ComponentKind.MODEL, Model.class, model, config, "model").component();
    Loss l = registry.create(ComponentKind.LOSS, Loss.class, loss, Map.of(), "loss").component();
    ModelSession session = ModelSession.build(m, l, data.info(), RandomSource.seeded(seed).derive("init"),
        EngineConfig.DEFAULTS.factory(line -> {}), 1000);
    TrainingConfig training = new TrainingConfig(epochs, 256, Binarization.NONE,
        new OptimizerConfig("adam", 1e-3, 0.9, 0.999, 1e-8), 1000, 1000, 0);
    new Trainer(session, training, RandomSource.seeded(seed).derive("train")).run(data, new TrainingListener() {});
    return session;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static void log(StringBuilder report, String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    System.out.println(line);
    report.append("- ").append(line).append('\n');
  }
}
