package io.genlab.diffusion;

import io.genlab.api.Examples;
import io.genlab.api.ConfigException;
import io.genlab.api.PluginModule;
import io.genlab.api.RunModels;
import io.genlab.api.TrainedModel;
import io.genlab.tck.PluginContractTests;
import io.genlab.tck.Scenario;
import io.genlab.tck.TinyData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the platform's contract suite over every model, loss and sampler of the family: the MLP
 * denoiser on tiny 2-D blobs (each prediction, both schedules, conditional with guidance, EMA) and the
 * U-Net on tiny 8x8 images. T is small so that DDPM sampling stays fast. The noise-aware classifier has
 * scenarios of its own, and the classifier-guided samplers load one trained a step on the same data
 * through the scenario's {@link RunModels} (runs {@code points-classifier} and {@code images-classifier}).
 */
class DiffusionPluginContractTests extends PluginContractTests {
  private final Map<String, TrainedModel> classifiers = new HashMap<>();

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
    Scenario pointsClassifier = new Scenario("noisy-classifier", Map.of("hidden", List.of(16, 16), "timeEmbedding", 8,
        "process", process), "noisy-classification", Map.of(), none,
        Map.of("noisy-accuracy", Map.of("levels", List.of(0.0, 0.5), "examples", 10, "batchSize", 4)), points);
    Scenario imagesClassifier = new Scenario("noisy-classifier", Map.of("channels", 4, "timeEmbedding", 8,
        "process", Map.of("timesteps", 10)), "noisy-classification", Map.of(), none,
        Map.of("noisy-accuracy", Map.of("levels", List.of(0.3))), images);
    RunModels runs = id -> classifiers.computeIfAbsent(id, key -> switch (key) {
      case "points-classifier" -> trained(pointsClassifier);
      case "images-classifier" -> trained(imagesClassifier);
      default -> throw new ConfigException("", "no run '" + key + "' in this scenario");
    });
    Map<String, Map<String, ?>> classifierGuided = Map.of(
        "ddpm", Map.of("count", 5, "batchSize", 3, "classifierRun", "points-classifier", "classifierScale", 2.0),
        "ddim", Map.of("count", 4, "steps", 5, "eta", 0.5, "classifierRun", "points-classifier"));
    return List.of(
        new Scenario("mlp-ddpm", mlp(process), "ddpm", Map.of(), samplers, bound, points),
        pointsClassifier,
        imagesClassifier,
        new Scenario("mlp-ddpm", mlp(process), "ddpm", Map.of(), classifierGuided, none, points, runs),
        // Classifier guidance on a conditional model in its unconditional mode (guidanceScale 0).
        new Scenario("mlp-ddpm", mlp(Map.of("timesteps", 20, "conditional", true)), "ddpm", Map.of(),
            Map.of("ddim", Map.of("count", 4, "steps", 4, "guidanceScale", 0.0, "classifierRun", "points-classifier",
                "classifierScale", 3.0)), none, points, runs),
        new Scenario("unet-ddpm", Map.of("channels", 8, "multipliers", List.of(1), "timeEmbedding", 16, "groups", 4,
            "diffusion", Map.of("timesteps", 10)), "ddpm", Map.of(),
            Map.of("ddim", Map.of("count", 3, "steps", 3, "classifierRun", "images-classifier", "classifierScale", 4.0)),
            none, images, runs),
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

  /** The scenario's model trained one step, as a run the guided samplers load. */
  private TrainedModel trained(Scenario s) {
    var session = session(s, 21);
    train(session, s, 21, 1);
    return session;
  }
}
