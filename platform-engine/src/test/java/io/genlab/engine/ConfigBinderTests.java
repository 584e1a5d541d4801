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
        Map.of("epochs", 3, "binarize", "dynamic", "optimizer", Map.of("learningRate", 1e-4)), "training");
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

  private static String problem(Map<String, Object> training) {
    try {
      ConfigBinder.bind(TrainingConfig.DEFAULTS, training, "training");
    } catch (InvalidConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("bound " + training);
  }

  @Test
  void integersNeverWrapRoundOrComeFromText() {
    assertThat(problem(Map.of("epochs", 2147483648L)))
        .isEqualTo("training.epochs: epochs must be an int from -2147483648 to 2147483647, found 2147483648");
    assertThat(problem(Map.of("epochs", new java.math.BigInteger("99999999999999999999999"))))
        .contains("from -2147483648 to 2147483647, found 99999999999999999999999");
    assertThat(problem(Map.of("epochs", 1e30))).contains("epochs must be an int from", "found 1.0E30");
    assertThat(problem(Map.of("epochs", 2.5))).contains("epochs must be an int, found 2.5; a whole number is needed");
    assertThat(problem(Map.of("epochs", "8"))).contains("epochs must be an int, found '8'; write numbers without quotes");
    assertThat(problem(Map.of("epochs", true))).contains("epochs must be an int, found true");
    assertThat(ConfigBinder.bind(TrainingConfig.DEFAULTS, Map.of("epochs", 3.0), "training").epochs()).isEqualTo(3);
  }

  @Test
  void realsAreFiniteNumbers() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertThat(problem(Map.of("optimizer", Map.of("learningRate", bad))))
          .contains("training.optimizer.learningRate: learningRate must be a finite number, found " + bad);
    }
    assertThat(problem(Map.of("optimizer", Map.of("learningRate", "1e-4"))))
        .contains("learningRate must be a double, found '1e-4'; write numbers without quotes");
  }

  @Test
  void booleansStringsAndListsAreTyped() {
    assertThat(problem(Map.of("optimizer", Map.of("name", 5))))
        .contains("name must be a string, found 5; YAML reads it as a number: quote it ('5') if you mean the text");
    assertThat(problem(Map.of("optimizer", "adam")))
        .contains("training.optimizer: optimizer must be a map (OptimizerConfig), found 'adam'");
    assertThat(problem(Map.of("epochs", java.util.Arrays.asList((Object) null))))
        .contains("epochs must be an int, found a list [null]");
    java.util.HashMap<String, Object> nulls = new java.util.HashMap<>();
    nulls.put("epochs", null);
    assertThat(problem(nulls)).contains("epochs must be an int, found null; remove the key to keep the default (10)");
    nulls.clear();
    nulls.put("optimizer", Map.of("name", "adam"));
    nulls.put("binarize", null);
    assertThat(problem(nulls)).isEqualTo("training.binarize: binarize must be one of [none, threshold, fixed, dynamic], "
        + "found null; remove the key to keep the default (none)");
  }

  @Test
  void listsAreBounded() {
    assertThat(ConfigBinder.value(java.util.Collections.nCopies(ConfigBinder.MAX_LIST, 1),
        listOfInt(), "model.config.hiddenSizes")).asList().hasSize(ConfigBinder.MAX_LIST);
    assertThatThrownBy(() -> ConfigBinder.value(java.util.Collections.nCopies(10_000, 1), listOfInt(),
        "model.config.hiddenSizes")).hasMessage("hiddenSizes has 10000 entries; at most 1000 are accepted (a config "
        + "list holds layer sizes, classes and the like)");
    assertThatThrownBy(() -> ConfigBinder.value(java.util.List.of(1, "x"), listOfInt(), "model.config.hiddenSizes"))
        .hasMessage("hiddenSizes[1] must be an int, found 'x'");
  }

  private static java.lang.reflect.Type listOfInt() {
    return Holder.class.getRecordComponents()[0].getGenericType();
  }

  private record Holder(java.util.List<Integer> sizes) {}
}
