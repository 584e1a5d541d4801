package io.genlab.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.api.DataInfo;
import io.genlab.api.Dataset.Split;
import io.genlab.api.Examples;
import io.genlab.datasets.internal.ShapesDataset;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The procedural shapes: determinism, range, balance and that images are real shapes. */
class ShapesTests {
  private static final Path CACHE = Path.of("unused-cache");
  private static final ShapesConfig CONFIG = new ShapesConfig(2000, 300, 28);
  private static Examples train;

  @BeforeAll
  static void generate() {
    train = load(CONFIG, Split.TRAIN, 1);
  }

  private static Examples load(ShapesConfig config, Split split, long seed) {
    return new ShapesDataset(config).load(split, TestSupport.offline(CACHE, seed));
  }

  @Test
  void hasTheDeclaredShapeRangeAndClasses() {
    assertThat(train.count()).isEqualTo(2000);
    assertThat(train.info()).isEqualTo(new DataInfo(new long[] {1, 28, 28}, 0, 1, false, 5));
    for (float v : train.values()) {
      assertThat(v).isBetween(0f, 1f);
    }
  }

  @Test
  void sameSeedGivesIdenticalImagesAndAnotherSeedOthers() {
    Examples again = load(CONFIG, Split.TRAIN, 1);
    Examples other = load(CONFIG, Split.TRAIN, 2);
    assertThat(again.values()).isEqualTo(train.values());
    assertThat(again.labels()).isEqualTo(train.labels());
    assertThat(other.values()).isNotEqualTo(train.values());
    Examples test = load(CONFIG, Split.TEST, 1);
    assertThat(test.values()).isNotEqualTo(Arrays.copyOf(train.values(), test.values().length));
  }

  @Test
  void labelsAreRoughlyBalanced() {
    int[] counts = new int[5];
    for (int label : train.labels()) {
      counts[label]++;
    }
    assertThat(java.util.Arrays.stream(counts).boxed().toList()).allSatisfy(c -> assertThat(c).isBetween(300, 500));
  }

  @Test
  void everyImageHoldsALargeShapeInsideTheFrame() {
    int pixels = 28 * 28;
    for (int i = 0; i < train.count(); i++) {
      float ink = 0;
      float border = 0;
      int full = 0;
      for (int p = 0; p < pixels; p++) {
        float v = train.values()[i * pixels + p];
        ink += v;
        full += v == 1f ? 1 : 0;
        int x = p % 28;
        int y = p / 28;
        if (x == 0 || y == 0 || x == 27 || y == 27) {
          border += v;
        }
      }
      // The smallest shape (a ring or cross at the minimum scale) still covers over 30 pixels.
      assertThat(ink).as("ink of image %d", i).isGreaterThan(30f);
      assertThat(ink).as("ink of image %d", i).isLessThan(0.7f * pixels);
      assertThat(full).as("solid pixels of image %d", i).isGreaterThan(10);
      assertThat(border).as("border of image %d", i).isEqualTo(0f);
    }
  }

  @Test
  void edgesAreAntiAliased() {
    long grey = 0;
    for (float v : train.values()) {
      if (v > 0 && v < 1) {
        grey++;
      }
    }
    assertThat(grey).isGreaterThan(train.count() * 10L);
  }

  @Test
  void classesDifferInMeanImage() {
    // A circle's centre pixel region is full, a ring's is empty: the classes are distinguishable.
    double[] centreInk = new double[5];
    int[] counts = new int[5];
    for (int i = 0; i < train.count(); i++) {
      float[] v = train.values();
      int label = train.labels()[i];
      // Ink-weighted centre of mass of the image, then the value there.
      double sx = 0;
      double sy = 0;
      double s = 0;
      for (int p = 0; p < 784; p++) {
        sx += v[i * 784 + p] * (p % 28);
        sy += v[i * 784 + p] * (p / 28);
        s += v[i * 784 + p];
      }
      int cx = (int) Math.round(sx / s);
      int cy = (int) Math.round(sy / s);
      centreInk[label] += v[i * 784 + cy * 28 + cx];
      counts[label]++;
    }
    double circle = centreInk[1] / counts[1];
    double ring = centreInk[4] / counts[4];
    assertThat(circle).isGreaterThan(0.95);
    assertThat(ring).isLessThan(0.05);
  }

  @Test
  void sizeSetsTheImageSide() {
    Examples small = load(new ShapesConfig(20, 5, 8), Split.TEST, 1);
    assertThat(small.info().exampleShape()).containsExactly(1, 8, 8);
    assertThat(small.values()).hasSize(5 * 64);
    float ink = 0;
    for (float v : small.values()) {
      ink += v;
    }
    assertThat(ink).isGreaterThan(5 * 5f);
  }

  @Test
  void classNamesMatchTheLabelCount() {
    assertThat(ShapesDataset.CLASSES).containsExactly("square", "circle", "triangle", "cross", "ring");
  }
}
