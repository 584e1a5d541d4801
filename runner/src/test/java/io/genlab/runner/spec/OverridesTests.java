package io.genlab.runner.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.engine.config.InvalidConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --set path=value}: paths, values, and errors that name the argument. */
class OverridesTests {
  private static Map<String, Object> spec() {
    return SpecResolver.parse("model: mlp-vae\nmetrics: [a, {name: b}]\ntraining: {epochs: 1}\n", "s.yaml");
  }

  @Test
  void setsValuesExpandingComponentsNamedAlone() {
    Map<String, Object> spec = spec();
    Overrides.apply(spec, "model.config.latentDim=8");
    Overrides.apply(spec, "metrics[0].config.samples=5");
    Overrides.apply(spec, "training.optimizer.learningRate=1e-4");
    Overrides.apply(spec, "a.b.a.c=1");
    assertThat(spec.get("model")).isEqualTo(Map.of("name", "mlp-vae", "config", Map.of("latentDim", 8)));
    assertThat(spec.get("metrics").toString()).isEqualTo("[{name=a, config={samples=5}}, {name=b}]");
    assertThat(spec.get("training")).isEqualTo(Map.of("epochs", 1, "optimizer", Map.of("learningRate", 1e-4)));
    assertThat(spec.get("a")).isEqualTo(Map.of("b", Map.of("a", Map.of("c", 1))));
  }

  @Test
  void malformedPathsAndValuesNameTheArgument() {
    assertThatThrownBy(() -> Overrides.apply(spec(), "metrics[9].name=x")).isInstanceOf(InvalidConfigException.class)
        .hasMessage("--set metrics[9].name=x: metrics[9] does not exist: metrics has 2 entries (index 0 to 1)");
    assertThatThrownBy(() -> Overrides.apply(spec(), "a[99999999999]=1"))
        .hasMessageStartingWith("--set a[99999999999]=1: cannot read index [99999999999]");
    assertThatThrownBy(() -> Overrides.apply(spec(), "=1")).hasMessageStartingWith("--set =1: an override must look like");
    assertThatThrownBy(() -> Overrides.apply(spec(), "training.epochs={a: 1, a: 2}"))
        .hasMessageStartingWith("--set training.epochs={a: 1, a: 2} (column 8 of the value): duplicate key 'a'");
  }
}
