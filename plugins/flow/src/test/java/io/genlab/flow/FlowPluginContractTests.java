package io.genlab.flow;

import io.genlab.api.Examples;
import io.genlab.api.PluginModule;
import io.genlab.tck.PluginContractTests;
import io.genlab.tck.Scenario;
import io.genlab.tck.TinyData;
import java.util.List;
import java.util.Map;

/**
 * Runs the platform's contract suite over the family: realnvp on tiny 2-D blobs (plain and with actnorm
 * and invconv) and on tiny 8x8 images (one squeeze level; plain, and with actnorm, invconv and no logit);
 * nice on the blobs (Gaussian prior) and on the images (logistic prior).
 */
class FlowPluginContractTests extends PluginContractTests {

  @Override
  protected PluginModule plugin() {
    return new FlowPlugin();
  }

  @Override
  protected List<Scenario> scenarios() {
    Examples points = TinyData.labelledBlobs();
    Examples images = TinyData.labelledImages();
    Map<String, Map<String, ?>> samplers = Map.of("flow", Map.of("count", 5, "temperature", 0.8, "batchSize", 3),
        "roundtrip", Map.of("count", 4));
    Map<String, Map<String, ?>> metrics = Map.of("flow-nll", Map.of("limit", 10, "dequantizationSamples", 2),
        "invertibility", Map.of("limit", 10));
    Map<String, Object> image = Map.of("scales", 1, "checkerboardCouplings", 1, "channelCouplings", 1,
        "finalCouplings", 2, "channels", 8, "blocks", 1);
    Map<String, Object> glowImage = new java.util.HashMap<>(image);
    glowImage.putAll(Map.of("actnorm", true, "permutation", "invconv", "logitAlpha", 0.0));
    return List.of(
        new Scenario("realnvp", Map.of("couplings", 4, "hidden", List.of(16)), "flow-nll", Map.of(), samplers, metrics,
            points),
        new Scenario("realnvp", Map.of("couplings", 3, "hidden", List.of(8, 8), "actnorm", true,
            "permutation", "invconv", "learnedScale", false), "flow-nll", Map.of(), samplers, metrics, points),
        new Scenario("realnvp", image, "flow-nll", Map.of(), samplers, metrics, images),
        new Scenario("realnvp", glowImage, "flow-nll", Map.of("weight", 0.5), samplers, metrics, images),
        new Scenario("nice", Map.of("couplings", 3, "hiddenLayers", 2, "hiddenUnits", 16, "prior", "gaussian"),
            "flow-nll", Map.of(), samplers, metrics, points),
        new Scenario("nice", Map.of("couplings", 4, "hiddenLayers", 1, "hiddenUnits", 16, "prior", "logistic"),
            "flow-nll", Map.of(), samplers, metrics, images));
  }
}
