package io.genlab.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ComponentKind;
import io.genlab.api.Examples;
import io.genlab.api.Metric;
import io.genlab.api.PluginModule;
import io.genlab.api.RandomSource;
import io.genlab.api.SampleMetric;
import io.genlab.api.Samples;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.tck.PluginContractTests;
import io.genlab.tck.Scenario;
import io.genlab.tck.TinyData;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * Runs the platform's contract suite over the plugin, which has no model: it checks names and config
 * round trips. The metrics judge samples, so they are checked here on samples rather than in scenarios.
 */
class QualityPluginContractTests extends PluginContractTests {
  /** A small config of every metric the plugin binds: the suite below judges samples with each. */
  private static final Map<String, Map<String, ?>> CONFIGS = Map.of("mode-coverage", Map.of("samples", 40),
      "mmd", Map.of("samples", 20), "sliced-wasserstein", Map.of("samples", 20, "projections", 8),
      "frechet-distance", Map.of("samples", 40, "hidden", List.of(8), "epochs", 2, "batchSize", 8),
      "classifier-accuracy", Map.of("samples", 40, "hidden", List.of(8), "epochs", 2, "batchSize", 8),
      "inception-score", Map.of("samples", 40, "splits", 4, "hidden", List.of(8), "epochs", 2, "batchSize", 8),
      "kid", Map.of("samples", 40, "subsets", 5, "subsetSize", 10, "hidden", List.of(8), "epochs", 2, "batchSize", 8),
      "precision-recall", Map.of("samples", 40, "k", 3, "hidden", List.of(8), "epochs", 2, "batchSize", 8));

  @Override
  protected PluginModule plugin() {
    return new QualityPlugin();
  }

  @Override
  protected List<Scenario> scenarios() {
    return List.of();
  }

  @Test
  void serviceLoaderFindsThePluginAndItBindsItsMetrics() {
    assertThat(ServiceLoader.load(PluginModule.class).stream().map(ServiceLoader.Provider::type))
        .contains(QualityPlugin.class);
    assertThat(plugin().id()).isEqualTo("sample-quality");
    PluginRegistry registry = PluginRegistry.of(plugin());
    assertThat(registry.components(ComponentKind.METRIC).keySet())
        .containsExactlyInAnyOrderElementsOf(CONFIGS.keySet());
    for (ComponentKind kind : List.of(ComponentKind.MODEL, ComponentKind.LOSS, ComponentKind.SAMPLER,
        ComponentKind.DATASET)) {
      assertThat(registry.components(kind)).as(kind.label()).isEmpty();
    }
  }

  @Test
  void everyMetricJudgesSamplesFinitelyAndDeterministically() {
    PluginRegistry registry = PluginRegistry.of(plugin());
    Examples data = TinyData.labelledImages();
    // Labelled, for classifier-accuracy; the other metrics ignore the labels.
    int[] labels = new int[40];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 4;
    }
    Samples samples = new Samples(RandomSource.seeded(2).uniform(40, 1, 8, 8), labels, 8);
    for (var e : CONFIGS.entrySet()) {
      Metric metric = registry.create(ComponentKind.METRIC, Metric.class, e.getKey(), e.getValue(), "evaluation")
          .component();
      assertThat(metric).as(e.getKey()).isInstanceOf(SampleMetric.class);
      SampleMetric judge = (SampleMetric) metric;
      assertThat(judge.sampleCount()).as(e.getKey()).isEqualTo(e.getValue().get("samples"));
      var context = new Metric.EvaluationContext(data, data, RandomSource.seeded(9));
      Map<String, Double> values = judge.evaluate(samples, context);
      assertThat(values).as(e.getKey()).isNotEmpty();
      values.forEach((k, v) -> {
        assertThat(k).as(e.getKey()).matches("[A-Za-z0-9_./-]+");
        assertThat(v).as(k).isFinite();
      });
      assertThat(judge.evaluate(samples, context)).as(e.getKey() + " determinism").isEqualTo(values);
      assertThatThrownBy(() -> metric.evaluate((io.genlab.api.TrainedModel) null, context))
          .as(e.getKey()).isInstanceOf(UnsupportedOperationException.class);
    }
  }
}
