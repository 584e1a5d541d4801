package io.genlab.vae;

import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.PluginModule;
import io.genlab.api.RandomSource;
import io.genlab.tck.PluginContractTests;
import io.genlab.tck.Scenario;
import java.util.List;
import java.util.Map;

/** Runs the platform's contract suite over every model of the family on tiny 8x8 images. */
class VaePluginContractTests extends PluginContractTests {

  /** 32 labelled 1x8x8 images with values in [0, 1]: bright blocks whose position is the class. */
  static Examples tinyImages() {
    int n = 32;
    float[] values = new float[n * 64];
    int[] labels = new int[n];
    float[] noise = new float[values.length];
    RandomSource.seeded(1).fillUniform(noise);
    for (int i = 0; i < n; i++) {
      labels[i] = i % 4;
      for (int p = 0; p < 64; p++) {
        int row = p / 8;
        int col = p % 8;
        boolean on = (row / 4) * 2 + (col / 4) == labels[i];
        values[i * 64 + p] = on ? 0.8f + 0.2f * noise[i * 64 + p] : 0.2f * noise[i * 64 + p];
      }
    }
    return new Examples(new DataInfo(new long[] {1, 8, 8}, 0, 1, false, 4), values, labels, n);
  }

  @Override
  protected PluginModule plugin() {
    return new VaePlugin();
  }

  @Override
  protected List<Scenario> scenarios() {
    Examples data = tinyImages();
    Map<String, Object> small = Map.of("hiddenSizes", List.of(16), "latentDim", 3);
    Map<String, Map<String, ?>> vaeSamplers = Map.of("prior", Map.of("count", 6),
        "mixture", Map.of("count", 5, "components", 2, "fitExamples", 16), "interpolation", Map.of("pairs", 2, "steps", 3));
    Map<String, Map<String, ?>> vaeMetrics = Map.of("test-elbo", Map.of(), "iwae-nll", Map.of("samples", 4),
        "reconstruction-error", Map.of(), "anomaly-auroc", Map.of("outlierClass", 1));
    Map<String, Map<String, ?>> aeMetrics = Map.of("reconstruction-error", Map.of(), "anomaly-auroc", Map.of("outlierClass", 2));
    return List.of(
        new Scenario("mlp-vae", small, "elbo", Map.of(), vaeSamplers, vaeMetrics, data),
        new Scenario("mlp-vae", Map.of("hiddenSizes", List.of(8), "latentDim", 2, "likelihood", "gaussian", "gaussianSigma", 0.5),
            "elbo", Map.of("beta", 4.0), Map.of("prior", Map.of("count", 4)), Map.of("test-elbo", Map.of()), data),
        new Scenario("conv-vae", Map.of("channels", List.of(4, 8), "hiddenSize", 16, "latentDim", 3), "elbo", Map.of(),
            Map.of("prior", Map.of("count", 4)), Map.of("test-elbo", Map.of(), "iwae-nll", Map.of("samples", 3)), data),
        new Scenario("cvae", small, "elbo", Map.of(), Map.of("conditional", Map.of("perClass", 2)),
            Map.of("test-elbo", Map.of(), "iwae-nll", Map.of("samples", 3)), data),
        new Scenario("autoencoder", small, "reconstruction", Map.of(), Map.of("interpolation", Map.of("pairs", 1, "steps", 4)), aeMetrics, data),
        new Scenario("denoising-autoencoder", small, "reconstruction", Map.of("error", "likelihood"),
            Map.of("interpolation", Map.of("pairs", 1, "steps", 4)), aeMetrics, data));
  }
}
