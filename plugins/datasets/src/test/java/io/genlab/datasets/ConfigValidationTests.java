package io.genlab.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ConfigException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every config record rejects bad values with a message naming the field, the rule and the value. */
class ConfigValidationTests {

  private static void rejects(ThrowingCallable create, String field, String message) {
    assertThatThrownBy(create)
        .isInstanceOf(ConfigException.class)
        .hasMessage(message)
        .extracting(e -> ((ConfigException) e).field())
        .isEqualTo(field);
  }

  @Test
  void mnistConfig() {
    rejects(() -> new MnistConfig(null, true, -3), "limit", "limit must be >= 0, found -3");
    rejects(() -> new MnistConfig("  ", true, 0), "directory", "directory must be a path or null, found '  '");
    rejects(
        () -> new MnistConfig("bad\0path", true, 0),
        "directory",
        "directory must be a valid path, found 'bad\0path' (Nul character not allowed)");
    assertThat(new MnistConfig("/data/mnist", false, 10).limit()).isEqualTo(10);
  }

  @Test
  void idxConfig() {
    IdxConfig d = IdxConfig.DEFAULTS;
    rejects(
        () -> new IdxConfig("/d", d.trainImages(), d.trainLabels(), d.testImages(), d.testLabels(), 0, 0),
        "numClasses",
        "numClasses must be in [1, 256], found 0");
    rejects(
        () -> new IdxConfig("/d", d.trainImages(), d.trainLabels(), d.testImages(), d.testLabels(), 10, -1),
        "limit",
        "limit must be >= 0, found -1");
    rejects(
        () -> new IdxConfig("/d", null, d.trainLabels(), d.testImages(), d.testLabels(), 10, 0),
        "trainImages",
        "trainImages must be a file name, found null");
    rejects(
        () -> new IdxConfig("/d", d.trainImages(), "", d.testImages(), d.testLabels(), 10, 0),
        "trainLabels",
        "trainLabels must be a file name, found ''");
    rejects(
        () -> new IdxConfig("/d", d.trainImages(), d.trainLabels(), "/abs/t10k", d.testLabels(), 10, 0),
        "testImages",
        "testImages must be relative to directory, found '/abs/t10k'");
  }

  @Test
  void sklearnDigitsConfig() {
    rejects(() -> new SklearnDigitsConfig(null, 0), "testFraction", "testFraction must be in (0, 1), found 0.0");
    rejects(() -> new SklearnDigitsConfig(null, 1), "testFraction", "testFraction must be in (0, 1), found 1.0");
    rejects(
        () -> new SklearnDigitsConfig(null, Double.NaN),
        "testFraction",
        "testFraction must be in (0, 1), found NaN");
    rejects(() -> new SklearnDigitsConfig("", 0.2), "directory", "directory must be a path or null, found ''");
  }

  @Test
  void toy2dConfig() {
    rejects(() -> new Toy2dConfig("moons", -3, 10, 0.1), "trainSize", "trainSize must be in [1, 1073741815], found -3");
    rejects(() -> new Toy2dConfig("moons", 10, 0, 0.1), "testSize", "testSize must be in [1, 1073741815], found 0");
    rejects(() -> new Toy2dConfig("moons", 10, 10, -0.5), "noise", "noise must be >= 0 and finite, found -0.5");
    rejects(
        () -> new Toy2dConfig(null, 10, 10, 0.1), "distribution", "distribution must be set, found null");
    rejects(
        () -> new Toy2dConfig("Moons", 10, 10, 0.1),
        "distribution",
        "distribution must be one of [8gaussians, 25gaussians, swissroll, moons, checkerboard, rings],"
            + " found 'Moons'");
  }

  @Test
  void shapesConfig() {
    rejects(() -> new ShapesConfig(-3, 10, 28), "trainSize", "trainSize must be > 0, found -3");
    rejects(() -> new ShapesConfig(10, 0, 28), "testSize", "testSize must be > 0, found 0");
    rejects(() -> new ShapesConfig(10, 10, 4), "size", "size must be in [8, 256], found 4");
    rejects(
        () -> new ShapesConfig(100_000, 10, 256),
        "trainSize",
        "trainSize * size * size must fit in one array (at most 2147483639 pixels), found 100000 * 256"
            + " * 256 = 6553600000");
  }

  @Test
  void dspritesGridConfig() {
    rejects(() -> new DspritesGridConfig(8, 5, 8, 4, 0.2), "size", "size must be in [16, 128], found 8");
    rejects(() -> new DspritesGridConfig(32, 0, 8, 10, 0.2), "scales", "scales must be in [1, 32], found 0");
    rejects(() -> new DspritesGridConfig(32, 5, 65, 10, 0.2), "orientations", "orientations must be in [1, 64], found 65");
    rejects(() -> new DspritesGridConfig(32, 5, 8, 10, 0.95), "testFraction", "testFraction must be in [0.0, 0.9], found 0.95");
    rejects(
        () -> new DspritesGridConfig(32, 5, 8, 17, 0.2),
        "positions",
        "positions must be at most size / 2 = 16 so that neighbouring positions differ by at least a pixel, found 17");
    rejects(
        () -> new DspritesGridConfig(128, 32, 64, 64, 0.2),
        "positions",
        "3 * scales * orientations * positions^2 * size^2 must fit in one array (at most 2147483639 pixels),"
            + " found 412316860416");
  }

  @Test
  void defaultsAreValid() {
    assertThat(DspritesGridConfig.DEFAULTS.combinations()).isEqualTo(12_000);
    assertThat(MnistConfig.DEFAULTS).isEqualTo(new MnistConfig(null, true, 0));
    assertThat(SklearnDigitsConfig.DEFAULTS.testFraction()).isEqualTo(0.2);
    assertThat(Toy2dConfig.DEFAULTS).isEqualTo(new Toy2dConfig("8gaussians", 20_000, 5_000, 0.02));
    assertThat(ShapesConfig.DEFAULTS).isEqualTo(new ShapesConfig(10_000, 2_000, 28));
    assertThat(IdxConfig.DEFAULTS.trainImages()).isEqualTo("train-images-idx3-ubyte.gz");
    assertThat(IdxConfig.DEFAULTS.numClasses()).isEqualTo(10);
  }
}
