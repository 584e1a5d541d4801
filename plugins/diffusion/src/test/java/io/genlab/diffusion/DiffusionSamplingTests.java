package io.genlab.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.api.ComponentKind;
import io.genlab.api.Loss;
import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.engine.exec.SameDiffExecutor;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.engine.train.ModelSession;
import io.genlab.tck.TinyData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The samplers on a built (untrained) model: identities between them, guidance and trajectory strips. */
class DiffusionSamplingTests {
  private final PluginRegistry registry = PluginRegistry.of(new DiffusionPlugin());

  private ModelSession session(String model, Map<String, ?> config, io.genlab.api.Examples data) {
    Model m = registry.create(ComponentKind.MODEL, Model.class, model, config, "model").component();
    Loss loss = registry.create(ComponentKind.LOSS, Loss.class, "ddpm", Map.of(), "loss").component();
    return ModelSession.build(m, loss, data.info(), RandomSource.seeded(3), SameDiffExecutor.factory(), 16);
  }

  private Samples sample(ModelSession session, String sampler, Map<String, ?> config) {
    Sampler s = registry.create(ComponentKind.SAMPLER, Sampler.class, sampler, config, "sampler").component();
    var data = TinyData.labelledBlobs();
    return s.sample(session, new Sampler.SamplingContext(data, data, RandomSource.seeded(8)));
  }

  @Test
  void ddimWithEtaOneOnEveryStepIsDdpmWithThePosteriorVariance() {
    ModelSession session = session("mlp-ddpm", Map.of("hidden", List.of(8), "timeEmbedding", 4,
        "diffusion", Map.of("timesteps", 12)), TinyData.labelledBlobs());
    INDArray ddim = sample(session, "ddim", Map.of("count", 6, "steps", 12, "eta", 1.0)).values();
    INDArray ddpm = sample(session, "ddpm", Map.of("count", 6, "variance", "posterior")).values();
    // Same x_T and the same noise per step; only the float arithmetic of the two updates differs.
    assertThat(ddim.sub(ddpm).amaxNumber().doubleValue()).isLessThan(1e-4);
    INDArray beta = sample(session, "ddpm", Map.of("count", 6, "variance", "beta")).values();
    assertThat(beta.sub(ddpm).amaxNumber().doubleValue()).isGreaterThan(1e-3);
  }

  @Test
  void guidanceScaleZeroIsTheUnconditionalModelAndOneTheConditional() {
    ModelSession session = session("mlp-ddpm", Map.of("hidden", List.of(8), "timeEmbedding", 4,
        "diffusion", Map.of("timesteps", 8, "conditional", true)), TinyData.labelledBlobs());
    Samples conditional = sample(session, "ddim", Map.of("count", 8, "steps", 4, "guidanceScale", 1.0));
    Samples unconditional = sample(session, "ddim", Map.of("count", 8, "steps", 4, "guidanceScale", 0.0));
    Samples guided = sample(session, "ddim", Map.of("count", 8, "steps", 4, "guidanceScale", 3.0));
    assertThat(conditional.labels()).containsExactly(0, 1, 2, 3, 0, 1, 2, 3);
    assertThat(unconditional.labels()).isNull();
    assertThat(conditional.values()).isNotEqualTo(unconditional.values());
    assertThat(guided.values()).isNotEqualTo(conditional.values());
    // Scale 0 takes one pass with "no label"; a scale just above it takes the two-pass formula.
    Samples nearlyZero = sample(session, "ddim", Map.of("count", 8, "steps", 4, "guidanceScale", 1e-9));
    assertThat(unconditional.values().sub(nearlyZero.values()).amaxNumber().doubleValue()).isLessThan(1e-5);
  }

  @Test
  void theTrajectoryStripRunsFromNoiseToTheSamples() {
    ModelSession session = session("unet-ddpm", Map.of("channels", 4, "multipliers", List.of(1), "timeEmbedding", 8,
        "groups", 2, "diffusion", Map.of("timesteps", 10)), TinyData.labelledImages());
    Samples samples = sample(session, "ddpm", Map.of("count", 3, "trajectory", 4));
    Samples strip = samples.figures().get("trajectory");
    assertThat(strip.columns()).isEqualTo(4);
    assertThat(strip.values().shape()).containsExactly(12, 1, 8, 8);
    // Row r's last frame is sample r.
    for (int r = 0; r < 3; r++) {
      assertThat(strip.values().get(NDArrayIndex.point(4L * r + 3))).isEqualTo(samples.values().get(NDArrayIndex.point(r)));
    }
  }
}
