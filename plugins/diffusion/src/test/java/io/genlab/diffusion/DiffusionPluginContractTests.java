package io.genlab.diffusion;

import io.genlab.api.Examples;
import io.genlab.api.PluginModule;
import io.genlab.tck.PluginContractTests;
import io.genlab.tck.Scenario;
import io.genlab.tck.TinyData;
import java.util.List;
import java.util.Map;

/**
 * Runs the platform's contract suite over every model, loss and sampler of the family: the MLP
 * denoiser on tiny 2-D blobs (each prediction, both schedules, conditional with guidance, EMA) and the
 * U-Net on tiny 8x8 images. T is small so that DDPM sampling stays fast.
 */
class DiffusionPluginContractTests extends PluginContractTests {

  @Override
  protected PluginModule plugin() {
    return new DiffusionPlugin();
  }

  @Override
  protected List<Scenario> scenarios() {
    Examples points = TinyData.labelledBlobs();
    Examples images = TinyData.labelledImages();
    Map<String, Object> process = Map.of("timesteps", 20);
    Map<String, Map<String, ?>> samplers = Map.of("ddpm", Map.of("count", 5, "batchSize", 3),
        "ddim", Map.of("count", 4, "steps", 5, "eta", 0.5));
    Map<String, Map<String, ?>> guided = Map.of("ddpm", Map.of("count", 4, "guidanceScale", 2.0, "variance", "posterior"),
        "ddim", Map.of("count", 4, "steps", 4, "guidanceScale", 0.0));
    Map<String, Map<String, ?>> none = Map.of();
    Map<String, Map<String, ?>> bound = Map.of("vlb", Map.of("examples", 10, "batchSize", 4));
    return List.of(
        new Scenario("mlp-ddpm", mlp(process), "ddpm", Map.of(), samplers, bound, points),
        new Scenario("mlp-ddpm", mlp(Map.of("timesteps", 20, "prediction", "x0", "schedule", "cosine")), "ddpm",
            Map.of("norm", "l1"), samplers, none, points),
        new Scenario("mlp-ddpm", mlp(Map.of("timesteps", 20, "prediction", "v", "emaDecay", 0.9)), "ddpm", Map.of(),
            samplers, none, points),
        new Scenario("mlp-ddpm", mlp(Map.of("timesteps", 20, "conditional", true, "labelDropout", 0.2)), "ddpm",
            Map.of(), guided, none, points),
        new Scenario("unet-ddpm", Map.of("channels", 8, "multipliers", List.of(1, 2), "timeEmbedding", 16, "groups", 4,
            "diffusion", Map.of("timesteps", 10, "emaDecay", 0.5)), "ddpm", Map.of(),
            Map.of("ddim", Map.of("count", 3, "steps", 3, "trajectory", 3)), bound, images),
        new Scenario("unet-ddpm", Map.of("channels", 8, "multipliers", List.of(1), "timeEmbedding", 16, "groups", 4,
            "diffusion", Map.of("timesteps", 10, "conditional", true)), "ddpm", Map.of(), guided,
            Map.of("vlb", Map.of("examples", 6, "variance", "posterior")), images));
  }

  private static Map<String, Object> mlp(Map<String, Object> process) {
    return Map.of("hidden", List.of(16, 16), "timeEmbedding", 8, "diffusion", process);
  }
}
