package io.genlab.gan;

import io.genlab.api.Examples;
import io.genlab.api.PluginModule;
import io.genlab.tck.PluginContractTests;
import io.genlab.tck.Scenario;
import io.genlab.tck.TinyData;
import java.util.List;
import java.util.Map;

/**
 * Runs the platform's contract suite over every model, loss and sampler of the family: MLP GANs on a
 * tiny labelled 2-D mixture, DCGANs on tiny labelled 8x8 images, each conditioning. The family has no
 * metrics of its own: its sample metrics moved to the sample-quality plugin, which tests them on samples.
 */
class GanPluginContractTests extends PluginContractTests {

  @Override
  protected PluginModule plugin() {
    return new GanPlugin();
  }

  @Override
  protected List<Scenario> scenarios() {
    Examples points = TinyData.labelledBlobs();
    Examples images = TinyData.labelledImages();
    Map<String, Object> mlp = Map.of("latentDim", 3, "generatorHidden", List.of(8), "discriminatorHidden", List.of(8));
    Map<String, Object> conv = Map.of("latentDim", 4, "width", 4);
    Map<String, Object> energy = Map.of("latentDim", 3, "generatorHidden", List.of(8), "encoderHidden", List.of(8),
        "codeSize", 3, "decoderHidden", List.of(8));
    Map<String, Map<String, ?>> toySamplers = Map.of("gan-prior", Map.of("count", 6),
        "truncated", Map.of("count", 5, "threshold", 0.5), "latent-walk", Map.of("rows", 2, "steps", 3));
    Map<String, Map<String, ?>> none = Map.of();
    Map<String, Map<String, ?>> prior = Map.of("gan-prior", Map.of("count", 4));
    Map<String, Map<String, ?>> classes = Map.of("class-sweep", Map.of("perClass", 2), "gan-prior", Map.of("count", 4));
    return List.of(
        new Scenario("mlp-gan", mlp, "non-saturating", Map.of(), toySamplers, none, points),
        new Scenario("mlp-gan", mlp, "minimax", Map.of(), prior, none, points),
        new Scenario("mlp-gan", mlp, "lsgan", Map.of(), prior, none, points),
        new Scenario("mlp-gan", mlp, "hinge", Map.of("discriminatorSteps", 2), prior, none, points),
        new Scenario("mlp-gan", mlp, "wgan", Map.of("criticSteps", 2), prior, none, points),
        new Scenario("mlp-gan", mlp, "wgan-gp", Map.of("criticSteps", 2), prior, none, points),
        new Scenario("mlp-gan", mlp, "dragan", Map.of(), prior, none, points),
        new Scenario("mlp-gan", mlp, "non-saturating", Map.of("generatorObjective", "feature-matching", "realLabel", 0.9),
            prior, none, points),
        new Scenario("mlp-gan", mlp, "dragan", Map.of("realLabel", 0.9), prior, none, points),
        new Scenario("dcgan", conv, "lsgan", Map.of("generatorObjective", "feature-matching"), prior, none, images),
        new Scenario("mlp-gan", with(mlp, "conditioning", "cgan"), "wgan-gp", Map.of("criticSteps", 1), classes, none, points),
        new Scenario("mlp-gan", with(mlp, "conditioning", "acgan"), "non-saturating", Map.of(), classes, none, points),
        new Scenario("mlp-gan", with(with(mlp, "conditioning", "infogan"), "categoricalCode", 4), "non-saturating",
            Map.of(), classes, none, points),
        new Scenario("dcgan", conv, "non-saturating", Map.of(), toySamplers, none, images),
        new Scenario("mlp-gan", mlp, "non-saturating", Map.of(), Map.of("latent-arithmetic", Map.of("fitSamples", 64,
            "rows", 2, "alphas", List.of(0.0, 1.0))), Map.of("latent-arithmetic", Map.of("fitSamples", 64, "samples", 4,
            "target", 0)), points),
        new Scenario("dcgan", conv, "non-saturating", Map.of(), Map.of("latent-arithmetic", Map.of("fitSamples", 32,
            "rows", 2)), Map.of("latent-arithmetic", Map.of("fitSamples", 40, "samples", 3)), images),
        new Scenario("dcgan", with(conv, "discriminatorBatchNorm", false), "wgan-gp", Map.of("criticSteps", 2), prior,
            none, images),
        new Scenario("cgan", conv, "hinge", Map.of(), classes, none, images),
        new Scenario("acgan", conv, "lsgan", Map.of(), classes, none, images),
        new Scenario("infogan", with(conv, "continuousCode", 1), "non-saturating", Map.of(), classes, none, images),
        new Scenario("energy-gan", energy, "ebgan", Map.of("margin", 2.0), toySamplers, none, points),
        new Scenario("energy-gan", energy, "began", Map.of("gamma", 0.7), prior, none, images));
  }

  private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    var out = new java.util.LinkedHashMap<>(base);
    out.put(key, value);
    return out;
  }
}
