package io.genlab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ComponentKind;
import io.genlab.api.Model;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.plugins.PluginRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry: lookup by name with suggestions, and duplicates named with both sources. */
class PluginRegistryTests {

  @Test
  void createsComponentsFromValidatedConfigs() {
    var created = PluginRegistry.of(new TinyPlugin()).create(ComponentKind.MODEL, Model.class, "tiny-model",
        Map.of("width", 5), "model");
    assertThat(created.config()).isEqualTo(new TinyPlugin.TinyConfig(5));
    assertThat(created.registration().plugin().id()).isEqualTo("tiny");
  }

  @Test
  void unknownNamesSuggestTheClosest() {
    assertThatThrownBy(() -> PluginRegistry.of(new TinyPlugin()).find(ComponentKind.MODEL, "tiny-modle", "model.name"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("model.name: unknown model 'tiny-modle'; did you mean 'tiny-model'? allowed: [tiny-model]");
  }

  @Test
  void invalidConfigValuesNameTheirPath() {
    assertThatThrownBy(() -> PluginRegistry.of(new TinyPlugin()).create(ComponentKind.MODEL, Model.class,
        "tiny-model", Map.of("width", -3), "model"))
        .hasMessage("model.config.width: width must be > 0, found -3");
  }

  @Test
  void duplicatePluginIdsNameBothPlugins() {
    assertThatThrownBy(() -> PluginRegistry.of(new TinyPlugin("same"), new TinyPlugin("same")))
        .hasMessageContaining("duplicate plugin id 'same'")
        .hasMessageContaining(TinyPlugin.class.getName() + " from").hasMessageContaining(" and ");
  }

  @Test
  void duplicateComponentNamesNameBothPlugins() {
    assertThatThrownBy(() -> PluginRegistry.of(new TinyPlugin("first"), new TinyPlugin("second")))
        .hasMessageContaining("duplicate model name 'tiny-model': bound by plugin 'first'")
        .hasMessageContaining("and by plugin 'second'");
  }
}
