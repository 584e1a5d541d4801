package io.genlab.autoregressive;

import io.genlab.api.PluginModule;
import io.genlab.tck.PluginContractTests;
import io.genlab.tck.Scenario;
import java.util.List;
import java.util.Map;

/**
 * Runs the platform's contract suite over the family: MADE over two orderings on binary vectors and
 * with a direct connection on binary images; NADE on binary images; PixelCNN with Bernoulli pixels, with
 * 256-level categorical pixels and conditioned on labels; gated PixelCNN, unconditional and conditioned on
 * labels; PixelRNN's Diagonal BiLSTM with Bernoulli and 256-level pixels and its Row LSTM; all on tiny 8x8
 * images with few channels.
 */
class AutoregressivePluginContractTests extends PluginContractTests {

  @Override
  protected PluginModule plugin() {
    return new AutoregressivePlugin();
  }

  @Override
  protected List<Scenario> scenarios() {
    Map<String, Map<String, ?>> samplers = Map.of(
        "sequential", Map.of("count", 4, "batchSize", 3),
        "completion", Map.of("count", 3, "batchSize", 2, "temperature", 0.5));
    Map<String, Map<String, ?>> orderingOne = Map.of(
        "sequential", Map.of("count", 3, "ordering", 1),
        "completion", Map.of("count", 2, "ordering", 1));
    Map<String, Map<String, ?>> nll = Map.of("autoregressive-nll", Map.of("limit", 10));
    Map<String, Object> smallPixelCnn = Map.of("channels", 8, "residualBlocks", 2, "firstKernel", 5,
        "outputHidden", 8);
    return List.of(
        new Scenario("made", Map.of("hidden", List.of(16, 16), "orderings", 2), "autoregressive-nll", Map.of(), samplers,
            Map.of("autoregressive-nll", Map.of("ensemble", 2)), TestData.binaryVectors()),
        new Scenario("made", Map.of("hidden", List.of(16), "orderings", 3, "naturalOrder", false,
            "directConnection", true, "seed", 5), "autoregressive-nll", Map.of(), orderingOne, nll, TestData.binaryImages()),
        new Scenario("nade", Map.of("hidden", 8), "autoregressive-nll", Map.of(), samplers, nll,
            TestData.binaryImages()),
        new Scenario("pixelcnn", smallPixelCnn, "autoregressive-nll", Map.of(), samplers, nll, TestData.binaryImages()),
        new Scenario("pixelcnn", Map.of("channels", 8, "residualBlocks", 1, "outputHidden", 8, "output",
            "categorical"), "autoregressive-nll", Map.of(), Map.of("sequential", Map.of("count", 2)), nll, TestData.eightBitImages()),
        new Scenario("pixelcnn", Map.of("channels", 8, "residualBlocks", 1, "firstKernel", 3, "outputHidden", 8,
            "conditional", true), "autoregressive-nll", Map.of(), Map.of("sequential", Map.of("count", 4),
            "completion", Map.of("count", 2)), nll, TestData.binaryImages()),
        // Gated stacks emit small values, so the head's biases dominate at init: with 6 channels seed 7 drew a
        // head whose ReLUs were all dead and nothing but the last bias trained. 8 channels leave some alive.
        new Scenario("pixelcnn", Map.of("blocks", "gated", "channels", 8, "residualBlocks", 1, "firstKernel", 3,
            "outputHidden", 8), "autoregressive-nll", Map.of(), samplers, nll, TestData.binaryImages()),
        new Scenario("pixelcnn", Map.of("blocks", "gated", "channels", 8, "residualBlocks", 1, "firstKernel", 3,
            "outputHidden", 8, "conditional", true), "autoregressive-nll", Map.of(),
            Map.of("sequential", Map.of("count", 4)), nll, TestData.binaryImages()),
        new Scenario("pixelrnn", Map.of("variant", "diagonal-bilstm", "layers", 1, "hidden", 4, "firstKernel", 3,
            "outputHidden", 8), "autoregressive-nll", Map.of(), samplers, nll, TestData.binaryImages()),
        new Scenario("pixelrnn", Map.of("variant", "row-lstm", "layers", 2, "hidden", 4, "firstKernel", 3,
            "outputHidden", 8), "autoregressive-nll", Map.of(), Map.of("sequential", Map.of("count", 2)), nll,
            TestData.binaryImages()),
        new Scenario("pixelrnn", Map.of("variant", "diagonal-bilstm", "layers", 1, "hidden", 4, "firstKernel", 3,
            "outputHidden", 8, "output", "categorical"), "autoregressive-nll", Map.of(),
            Map.of("sequential", Map.of("count", 2)), nll, TestData.eightBitImages()));
  }
}
