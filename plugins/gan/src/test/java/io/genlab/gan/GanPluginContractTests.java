package io.genlab.gan;

import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.PluginModule;
import io.genlab.api.RandomSource;
import io.genlab.tck.PluginContractTests;
import io.genlab.tck.Scenario;
import io.genlab.tck.TinyData;
import java.util.List;
import java.util.Map;

/**
 * Runs the platform's contract suite over every model, loss, sampler and metric of the family: MLP
 * GANs on a tiny labelled 2-D mixture, DCGANs on tiny labelled 8x8 images, each conditioning.
 */
class GanPluginContractTests extends PluginContractTests {

  /** 48 points of 4 labelled Gaussian blobs at (+-1, +-1), std 0.1, in the box [-2, 2]^2. */
  static Examples tinyMixture() {
    int n = 48;
    float[] noise = new float[n * 2];
    RandomSource.seeded(4).fillNormal(noise);
    float[] values = new float[n * 2];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 4;
      values[2 * i] = (labels[i] % 2 == 0 ? -1 : 1) + 0.1f * noise[2 * i];
      values[2 * i + 1] = (labels[i] / 2 == 0 ? -1 : 1) + 0.1f * noise[2 * i + 1];
    }
    return new Examples(new DataInfo(new long[] {2}, -2, 2, false, 4), values, labels, n);
  }


  @Override
  protected PluginModule plugin() {
    return new GanPlugin();
  }

  @Override
  protected List<Scenario> scenarios() {
    Examples points = tinyMixture();
    Examples images = TinyData.labelledImages();
    Map<String, Object> mlp = Map.of("latentDim", 3, "generatorHidden", List.of(8), "discriminatorHidden", List.of(8));
    Map<String, Object> conv = Map.of("latentDim", 4, "width", 4);
    Map<String, Map<String, ?>> toySamplers = Map.of("gan-prior", Map.of("count", 6),
        "truncated", Map.of("count", 5, "threshold", 0.5), "latent-walk", Map.of("rows", 2, "steps", 3));
    Map<String, Map<String, ?>> toyMetrics = Map.of("mode-coverage", Map.of("samples", 40),
        "mmd", Map.of("samples", 20), "sliced-wasserstein", Map.of("samples", 20, "projections", 8));
    Map<String, Map<String, ?>> prior = Map.of("gan-prior", Map.of("count", 4));
    Map<String, Map<String, ?>> classes = Map.of("class-sweep", Map.of("perClass", 2), "gan-prior", Map.of("count", 4));
    Map<String, Map<String, ?>> distance = Map.of("sliced-wasserstein", Map.of("samples", 12, "projections", 4));
    return List.of(
        new Scenario("mlp-gan", mlp, "non-saturating", Map.of(), toySamplers, toyMetrics, points),
        new Scenario("mlp-gan", mlp, "minimax", Map.of(), prior, Map.of("mode-coverage", Map.of("samples", 20)), points),
        new Scenario("mlp-gan", mlp, "lsgan", Map.of(), prior, distance, points),
        new Scenario("mlp-gan", mlp, "hinge", Map.of("discriminatorSteps", 2), prior, distance, points),
        new Scenario("mlp-gan", mlp, "wgan", Map.of("criticSteps", 2), prior, distance, points),
        new Scenario("mlp-gan", mlp, "wgan-gp", Map.of("criticSteps", 2), prior, toyMetrics, points),
        new Scenario("mlp-gan", mlp, "dragan", Map.of(), prior, distance, points),
        new Scenario("mlp-gan", with(mlp, "conditioning", "cgan"), "wgan-gp", Map.of("criticSteps", 1), classes, distance, points),
        new Scenario("mlp-gan", with(mlp, "conditioning", "acgan"), "non-saturating", Map.of(), classes, distance, points),
        new Scenario("mlp-gan", with(with(mlp, "conditioning", "infogan"), "categoricalCode", 4), "non-saturating",
            Map.of(), classes, distance, points),
        new Scenario("dcgan", conv, "non-saturating", Map.of(), toySamplers, distance, images),
        new Scenario("dcgan", with(conv, "discriminatorBatchNorm", false), "wgan-gp", Map.of("criticSteps", 2), prior,
            distance, images),
        new Scenario("cgan", conv, "hinge", Map.of(), classes, distance, images),
        new Scenario("acgan", conv, "lsgan", Map.of(), classes, distance, images),
        new Scenario("infogan", with(conv, "continuousCode", 1), "non-saturating", Map.of(), classes, distance, images));
  }

  private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    var out = new java.util.LinkedHashMap<>(base);
    out.put(key, value);
    return out;
  }
}
