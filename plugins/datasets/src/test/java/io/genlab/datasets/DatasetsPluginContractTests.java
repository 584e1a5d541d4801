package io.genlab.datasets;

import io.genlab.api.PluginModule;
import io.genlab.tck.PluginContractTests;
import io.genlab.tck.Scenario;
import java.util.List;

/** The platform contract for a data-only plugin: well-formed names, configs that round-trip. */
class DatasetsPluginContractTests extends PluginContractTests {
  @Override
  protected PluginModule plugin() {
    return new DatasetsPlugin();
  }

  @Override
  protected List<Scenario> scenarios() {
    return List.of();
  }
}
