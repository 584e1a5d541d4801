package io.genlab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.engine.config.ConfigBinder;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.train.Binarization;
import io.genlab.engine.train.TrainingConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binding plain maps onto config records and back. */
class ConfigBinderTests {

  @Test
  void roundTripsNestedRecordsAndEnums() {
    TrainingConfig config = ConfigBinder.bind(TrainingConfig.DEFAULTS,
        Map.of("epochs", 3, "binarize", "dynamic", "optimizer", Map.of("learningRate", "1e-4")), "training");
    assertThat(config.epochs()).isEqualTo(3);
    assertThat(config.binarize()).isEqualTo(Binarization.DYNAMIC);
    assertThat(config.optimizer().learningRate()).isEqualTo(1e-4);
    assertThat(config.optimizer().beta1()).isEqualTo(0.9);
    assertThat(ConfigBinder.bind(TrainingConfig.DEFAULTS, ConfigBinder.toMap(config), "training")).isEqualTo(config);
  }

  @Test
  void collectsEveryProblem() {
    assertThatThrownBy(() -> ConfigBinder.bind(TrainingConfig.DEFAULTS,
        Map.of("epochs", 1.5, "batchsize", 3, "optimizer", Map.of("name", "adamw")), "training"))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).hasSize(3))
        .hasMessageContaining("training.epochs: epochs must be an int, found 1.5")
        .hasMessageContaining("training.batchsize: unknown field 'batchsize' for TrainingConfig; did you mean 'batchSize'?")
        .hasMessageContaining("training.optimizer.name: name must be one of [adam, sgd], found 'adamw'");
  }
}
