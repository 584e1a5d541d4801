package io.genlab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.engine.config.ConfigBinder;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.train.Binarization;
import io.genlab.engine.train.OptimizerConfig;
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
        Map.of("epochs", 1.5, "batchsize", 3, "optimizer", Map.of("name", "adagrad")), "training"))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).hasSize(3))
        .hasMessageContaining("training.epochs: epochs must be an int, found 1.5")
        .hasMessageContaining("training.batchsize: unknown field 'batchsize' for TrainingConfig; did you mean 'batchSize'?")
        .hasMessageContaining("training.optimizer.name: name must be one of [adam, adamw, rmsprop, sgd], found 'adagrad'");
  }

  @Test
  void mapsOfRecordsBindEachEntryFromTheRecordDefaultsAndRoundTrip() {
    TrainingConfig config = ConfigBinder.bind(TrainingConfig.DEFAULTS, Map.of("optimizers",
        Map.of("discriminator", Map.of("name", "rmsprop", "learningRate", 5e-5))), "training");
    assertThat(config.optimizerOf("discriminator")).isEqualTo(
        new OptimizerConfig("rmsprop", 5e-5, 0.9, 0.999, 1e-8, 0.99));
    assertThat(config.optimizerOf("generator")).isEqualTo(config.optimizer());
    assertThat(ConfigBinder.bind(TrainingConfig.DEFAULTS, ConfigBinder.toMap(config), "training")).isEqualTo(config);
    assertThat(ConfigBinder.flatten(ConfigBinder.toMap(config)))
        .containsEntry("optimizers.discriminator.learningRate", 5e-5);
  }

  @Test
  void problemsInsideAMapNameTheEntry() {
    assertThatThrownBy(() -> ConfigBinder.bind(TrainingConfig.DEFAULTS, Map.of("optimizers",
        Map.of("generator", Map.of("learningrate", 1e-3), "discriminator", 3)), "training"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("training.optimizers.generator.learningrate: unknown field 'learningrate'")
        .hasMessageContaining("did you mean 'learningRate'?")
        .hasMessageContaining("training.optimizers.discriminator: discriminator must be a map (OptimizerConfig), found 3");
    assertThatThrownBy(() -> ConfigBinder.bind(TrainingConfig.DEFAULTS, Map.of("optimizers", "adam"), "training"))
        .hasMessageContaining("training.optimizers: optimizers must be a map of name to map (OptimizerConfig), found 'adam'");
  }
}
