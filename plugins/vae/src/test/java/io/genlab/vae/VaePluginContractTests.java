package io.genlab.vae;

import io.genlab.api.ExampleFactors;
import io.genlab.api.Examples;
import io.genlab.api.PluginModule;
import io.genlab.tck.PluginContractTests;
import io.genlab.tck.Scenario;
import io.genlab.tck.TinyData;
import java.util.List;
import java.util.Map;

/** Runs the platform's contract suite over every model of the family on tiny 8x8 images. */
class VaePluginContractTests extends PluginContractTests {


  @Override
  protected PluginModule plugin() {
    return new VaePlugin();
  }

  @Override
  protected List<Scenario> scenarios() {
    Examples data = TinyData.labelledImages();
    Map<String, Object> small = Map.of("hiddenSizes", List.of(16), "latentDim", 3);
    Map<String, Map<String, ?>> vaeSamplers = Map.of("prior", Map.of("count", 6),
        "mixture", Map.of("count", 5, "components", 2, "fitExamples", 16), "interpolation", Map.of("pairs", 2, "steps", 3));
    Map<String, Map<String, ?>> vaeMetrics = Map.of("test-elbo", Map.of(), "active-units", Map.of(), "iwae-nll", Map.of("samples", 4),
        "reconstruction-error", Map.of(), "anomaly-auroc", Map.of("outlierClass", 1));
    Map<String, Map<String, ?>> aeMetrics = Map.of("reconstruction-error", Map.of(), "anomaly-auroc", Map.of("outlierClass", 2));
    // The tiny images' class is a bright quadrant: its row and column are two known factors.
    int[] quadrants = new int[data.count() * 2];
    for (int i = 0; i < data.count(); i++) {
      quadrants[2 * i] = data.labels()[i] / 2;
      quadrants[2 * i + 1] = data.labels()[i] % 2;
    }
    Examples withFactors = data.withFactors(new ExampleFactors(List.of("row", "column"), new int[] {2, 2}, quadrants, data.count()));
    Map<String, Map<String, ?>> disentanglement = Map.of(
        "beta-vae-score", Map.of("batchSize", 8, "trainPoints", 100, "evalPoints", 50),
        "factor-vae-score", Map.of("batchSize", 8, "trainPoints", 100, "evalPoints", 50, "varianceExamples", 32),
        "mig", Map.of(), "dci", Map.of("trees", 3));
    return List.of(
        new Scenario("mlp-vae", small, "elbo", Map.of(), vaeSamplers, vaeMetrics, data),
        new Scenario("mlp-vae", Map.of("hiddenSizes", List.of(8), "latentDim", 2, "likelihood", "gaussian", "gaussianSigma", 0.5),
            "elbo", Map.of("beta", 4.0, "kl", Map.of("warmupSteps", 3)), Map.of("prior", Map.of("count", 4)), Map.of("test-elbo", Map.of()), data),
        new Scenario("mlp-vae", small, "elbo", Map.of(), Map.of("attribute-edit", Map.of("target", 2, "source", 1,
            "alphas", List.of(0.0, 1.0), "images", 3)), Map.of("attribute-edit", Map.of("target", 3, "alphas", List.of(0.5, 2.0))), data),
        new Scenario("conv-vae", Map.of("channels", List.of(4, 8), "hiddenSize", 16, "latentDim", 3), "elbo", Map.of(),
            Map.of("prior", Map.of("count", 4)), Map.of("test-elbo", Map.of(), "iwae-nll", Map.of("samples", 3)), data),
        new Scenario("cvae", small, "elbo", Map.of(), Map.of("conditional", Map.of("perClass", 2)),
            Map.of("test-elbo", Map.of(), "iwae-nll", Map.of("samples", 3)), data),
        new Scenario("mlp-vae", small, "elbo", Map.of("beta", 4.0), Map.of("prior", Map.of("count", 4)), disentanglement, withFactors),
        new Scenario("autoencoder", small, "reconstruction", Map.of(), Map.of("interpolation", Map.of("pairs", 1, "steps", 4)), aeMetrics, data),
        new Scenario("autoencoder", small, "reconstruction", Map.of(), Map.of("attribute-edit", Map.of("images", 2)),
            Map.of("attribute-edit", Map.of("source", 0, "limit", 4)), data),
        new Scenario("denoising-autoencoder", small, "reconstruction", Map.of("error", "likelihood"),
            Map.of("interpolation", Map.of("pairs", 1, "steps", 4)), aeMetrics, data),
        // First stages of latent diffusion: an 8x8 image becomes a 2x2 code (two halvings) or a 4x4 one.
        new Scenario("vq-vae", Map.of("channels", List.of(4, 8), "residualBlocks", 1, "codeDim", 3, "codebookSize", 6), "vq",
            Map.of(), Map.of("reconstructions", Map.of("examples", 6, "columns", 3), "random-codes", Map.of("count", 5)),
            Map.of("codec-reconstruction", Map.of(), "codebook-usage", Map.of("limit", 20), "latent-statistics", Map.of()), data),
        new Scenario("vq-vae", Map.of("channels", List.of(4), "residualBlocks", 0, "codeDim", 2, "codebookSize", 4,
                "likelihood", "gaussian", "gaussianSigma", 0.5, "codebookInit", "uniform"), "vq", Map.of("beta", 0.5, "error", "mse"),
            Map.of("random-codes", Map.of("count", 4)), Map.of("codec-reconstruction", Map.of(), "codebook-usage", Map.of()), data),
        new Scenario("kl-autoencoder", Map.of("channels", List.of(4, 8), "residualBlocks", 1, "latentChannels", 2), "elbo",
            Map.of("beta", 1.0e-6), Map.of("reconstructions", Map.of("examples", 4, "columns", 2), "prior", Map.of("count", 4)),
            Map.of("codec-reconstruction", Map.of(), "test-elbo", Map.of(), "reconstruction-error", Map.of(),
                "latent-statistics", Map.of("limit", 20)), data));
  }
}
