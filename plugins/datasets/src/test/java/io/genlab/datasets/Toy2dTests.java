package io.genlab.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ConfigException;
import io.genlab.api.Dataset.Split;
import io.genlab.api.Examples;
import io.genlab.datasets.internal.Toy2dDataset;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The procedural 2-D distributions: shape, labels, range, determinism and geometry. */
class Toy2dTests {
  private static final Path CACHE = Path.of("unused-cache");

  private static Examples load(Toy2dConfig config, Split split, long seed) {
    return new Toy2dDataset(config).load(split, TestSupport.offline(CACHE, seed));
  }

  private static Toy2dConfig config(String distribution) {
    return new Toy2dConfig(distribution, 4000, 1000, 0.02);
  }

  @ParameterizedTest
  @ValueSource(strings = {"8gaussians", "25gaussians", "swissroll", "moons", "checkerboard", "rings"})
  void everyDistributionHasTheRightSizeShapeLabelsAndRange(String distribution) {
    Examples train = load(config(distribution), Split.TRAIN, 1);
    Examples test = load(config(distribution), Split.TEST, 1);
    assertThat(train.count()).isEqualTo(4000);
    assertThat(test.count()).isEqualTo(1000);
    assertThat(train.info().exampleShape()).containsExactly(2);
    assertThat(train.info().low()).isEqualTo(-4);
    assertThat(train.info().high()).isEqualTo(4);
    int classes = Toy2dDataset.numClasses(distribution);
    assertThat(train.info().numClasses()).isEqualTo(classes);
    for (float v : train.values()) {
      assertThat(v).isBetween(-4f, 4f);
    }
    if (classes == 0) {
      assertThat(train.labels()).isNull();
    } else {
      int[] counts = new int[classes];
      for (int label : train.labels()) {
        counts[label]++; // out-of-range labels would already fail in Examples
      }
      // Components are equally likely: each gets its share within a loose tolerance.
      double share = 4000.0 / classes;
      assertThat(java.util.Arrays.stream(counts).boxed().toList()).allSatisfy(c -> assertThat((double) c).isBetween(0.6 * share, 1.4 * share));
    }
    // The points spread out: not all equal, and both coordinates vary.
    assertThat(spread(train, 0)).isGreaterThan(0.5);
    assertThat(spread(train, 1)).isGreaterThan(0.5);
    // Splits come from different sources: the test split is not a prefix of the train split.
    assertThat(Arrays.copyOf(train.values(), test.values().length)).isNotEqualTo(test.values());
  }

  @ParameterizedTest
  @ValueSource(strings = {"8gaussians", "swissroll", "checkerboard"})
  void sameSeedGivesIdenticalPointsAndAnotherSeedOthers(String distribution) {
    Examples a = load(config(distribution), Split.TRAIN, 42);
    Examples b = load(config(distribution), Split.TRAIN, 42);
    Examples c = load(config(distribution), Split.TRAIN, 43);
    assertThat(a.values()).isEqualTo(b.values());
    assertThat(a.labels()).isEqualTo(b.labels());
    assertThat(a.values()).isNotEqualTo(c.values());
  }

  @Test
  void largerSplitExtendsSmallerOne() {
    Examples small = load(new Toy2dConfig("moons", 100, 10, 0.1), Split.TRAIN, 5);
    Examples large = load(new Toy2dConfig("moons", 300, 10, 0.1), Split.TRAIN, 5);
    assertThat(Arrays.copyOf(large.values(), 200)).isEqualTo(small.values());
  }

  @Test
  void eightGaussiansSitOnACircleOfRadiusTwoByComponent() {
    Examples e = load(config("8gaussians"), Split.TRAIN, 3);
    for (int i = 0; i < e.count(); i++) {
      double angle = 2 * Math.PI * e.labels()[i] / 8;
      double dx = e.values()[2 * i] - 2 * Math.cos(angle);
      double dy = e.values()[2 * i + 1] - 2 * Math.sin(angle);
      assertThat(Math.hypot(dx, dy)).isLessThan(0.02 * 6);
    }
  }

  @Test
  void ringsHaveTheirRadiusByLabel() {
    Examples e = load(new Toy2dConfig("rings", 2000, 10, 0), Split.TRAIN, 3);
    for (int i = 0; i < e.count(); i++) {
      double r = Math.hypot(e.values()[2 * i], e.values()[2 * i + 1]);
      assertThat(r).isCloseTo(0.75 * (e.labels()[i] + 1), org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void checkerboardPointsLieOnDarkCells() {
    Examples e = load(config("checkerboard"), Split.TEST, 3);
    for (int i = 0; i < e.count(); i++) {
      int column = (int) Math.floor((e.values()[2 * i] + 3) / 1.5);
      int row = (int) Math.floor((e.values()[2 * i + 1] + 3) / 1.5);
      assertThat(column).isBetween(0, 3);
      assertThat(row).isBetween(0, 3);
      assertThat((column + row) % 2).isZero();
    }
  }

  @Test
  void largeNoiseWidensTheBox() {
    Toy2dConfig noisy = new Toy2dConfig("25gaussians", 1000, 10, 0.5);
    Examples e = load(noisy, Split.TRAIN, 1);
    assertThat(e.info().high()).isEqualTo(6); // ceil(3 + 6 * 0.5)
    assertThat(e.info().low()).isEqualTo(-6);
  }

  @Test
  void unknownDistributionListsTheAllowedOnes() {
    assertThatThrownBy(() -> new Toy2dConfig("spiral", 10, 10, 0.1))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "distribution must be one of [8gaussians, 25gaussians, swissroll, moons, checkerboard,"
                + " rings], found 'spiral'");
  }

  private static double spread(Examples e, int coordinate) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (int i = 0; i < e.count(); i++) {
      min = Math.min(min, e.values()[2 * i + coordinate]);
      max = Math.max(max, e.values()[2 * i + coordinate]);
    }
    return max - min;
  }
}
