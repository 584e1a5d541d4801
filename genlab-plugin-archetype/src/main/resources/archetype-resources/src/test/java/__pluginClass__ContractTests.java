package ${package};

import io.genlab.api.Examples;
import io.genlab.api.PluginModule;
import io.genlab.tck.PluginContractTests;
import io.genlab.tck.Scenario;
import io.genlab.tck.TinyData;
import java.util.List;
import java.util.Map;

/**
 * Runs the platform's contract suite over the family: diag-gaussian with its loss, sampler and metric on tiny
 * 2-D blobs (default configs and others) and on tiny 8x8 images, which it models flattened.
 */
class ${pluginClass}ContractTests extends PluginContractTests {

  @Override
  protected PluginModule plugin() {
    return new ${pluginClass}();
  }

  @Override
  protected List<Scenario> scenarios() {
    Examples points = TinyData.labelledBlobs();
    Examples images = TinyData.labelledImages();
    Map<String, Map<String, ?>> samplers = Map.of("gaussian", Map.of("count", 5, "temperature", 0.8));
    Map<String, Map<String, ?>> metrics = Map.of("test-nll", Map.of("limit", 20));
    return List.of(
        new Scenario("diag-gaussian", Map.of(), "gaussian-nll", Map.of(), samplers, metrics, points),
        new Scenario("diag-gaussian", Map.of("initialStd", 0.5, "initialMeanScale", 0.0), "gaussian-nll",
            Map.of("weight", 0.5), samplers, Map.of("test-nll", Map.of()), points),
        new Scenario("diag-gaussian", Map.of(), "gaussian-nll", Map.of(), samplers, metrics, images));
  }
}
