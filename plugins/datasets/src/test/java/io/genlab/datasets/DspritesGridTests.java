package io.genlab.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.api.DataInfo;
import io.genlab.api.Dataset.Split;
import io.genlab.api.ExampleFactors;
import io.genlab.api.Examples;
import io.genlab.datasets.internal.DspritesGridDataset;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dSprites-like grid: every combination once, factors that match the drawn images, determinism. */
class DspritesGridTests {
  private static final Path CACHE = Path.of("unused-cache");
  private static final DspritesGridConfig CONFIG = new DspritesGridConfig(32, 4, 6, 8, 0.25);
  private static Examples train;
  private static Examples test;

  @BeforeAll
  static void generate() {
    train = load(CONFIG, Split.TRAIN, 1);
    test = load(CONFIG, Split.TEST, 1);
  }

  private static Examples load(DspritesGridConfig config, Split split, long seed) {
    return new DspritesGridDataset(config).load(split, TestSupport.offline(CACHE, seed));
  }

  /** Factor k of example i of {@code e}. */
  private static int factor(Examples e, int i, String name) {
    return e.factors().value(i, e.factors().names().indexOf(name));
  }

  @Test
  void theSplitsHoldEveryCombinationExactlyOnce() {
    int total = 3 * 4 * 6 * 8 * 8;
    assertThat(test.count()).isEqualTo(total / 4);
    assertThat(train.count()).isEqualTo(total - total / 4);
    assertThat(train.info()).isEqualTo(new DataInfo(new long[] {1, 32, 32}, 0, 1, true, 3));
    ExampleFactors f = train.factors();
    assertThat(f.names()).containsExactly("shape", "scale", "orientation", "posX", "posY");
    assertThat(f.sizes()).containsExactly(3, 4, 6, 8, 8);
    Set<String> seen = new HashSet<>();
    for (Examples split : new Examples[] {train, test}) {
      for (int i = 0; i < split.count(); i++) {
        StringBuilder key = new StringBuilder();
        for (int k = 0; k < 5; k++) {
          key.append(split.factors().value(i, k)).append(',');
        }
        assertThat(seen.add(key.toString())).as("combination %s seen twice", key).isTrue();
        assertThat(split.labels()[i]).isEqualTo(split.factors().value(i, 0));
      }
    }
    assertThat(seen).hasSize(total);
  }

  @Test
  void aZeroTestFractionGivesTheWholeGridToBothSplits() {
    DspritesGridConfig whole = new DspritesGridConfig(16, 2, 2, 3, 0);
    Examples a = load(whole, Split.TRAIN, 3);
    Examples b = load(whole, Split.TEST, 3);
    assertThat(a.count()).isEqualTo(3 * 2 * 2 * 3 * 3).isEqualTo(b.count());
    assertThat(a.values()).isEqualTo(b.values());
    assertThat(a.factors()).isEqualTo(b.factors());
  }

  @Test
  void imagesAreBinaryAndTheCentreOfMassFollowsThePosition() {
    double[] sumX = new double[8];
    double[] sumY = new double[8];
    int[] n = new int[8];
    for (int i = 0; i < train.count(); i++) {
      double mass = 0;
      double mx = 0;
      double my = 0;
      for (int p = 0; p < 32 * 32; p++) {
        float v = train.values()[i * 1024 + p];
        assertThat(v == 0f || v == 1f).isTrue();
        mass += v;
        mx += v * (p % 32 + 0.5);
        my += v * (p / 32 + 0.5);
      }
      assertThat(mass).as("image %d draws a shape", i).isGreaterThan(4);
      // The outermost pixels stay black: every shape lies inside the frame.
      for (int t = 0; t < 32; t++) {
        assertThat(train.values()[i * 1024 + t] + train.values()[i * 1024 + 31 * 32 + t]
            + train.values()[i * 1024 + t * 32] + train.values()[i * 1024 + t * 32 + 31]).isZero();
      }
      int x = factor(train, i, "posX");
      int y = factor(train, i, "posY");
      // A square's or ellipse's centre of mass is its centre; the triangle's centroid is too, up to pixels.
      assertThat(mx / mass).isCloseTo(centre(x), org.assertj.core.data.Offset.offset(1.0));
      assertThat(my / mass).isCloseTo(centre(y), org.assertj.core.data.Offset.offset(1.0));
      sumX[x] += mx / mass;
      sumY[y] += my / mass;
      n[x]++;
    }
    for (int p = 1; p < 8; p++) {
      assertThat(sumX[p] / n[p]).isGreaterThan(sumX[p - 1] / n[p - 1] + 1);
    }
  }

  @Test
  void theAreaGrowsWithScaleAndOrientationTurnsTheShape() {
    // Mean area per (shape, scale): strictly increasing in scale for every shape.
    double[][] area = new double[3][4];
    int[][] count = new int[3][4];
    for (int i = 0; i < train.count(); i++) {
      double mass = 0;
      for (int p = 0; p < 1024; p++) {
        mass += train.values()[i * 1024 + p];
      }
      area[factor(train, i, "shape")][factor(train, i, "scale")] += mass;
      count[factor(train, i, "shape")][factor(train, i, "scale")]++;
    }
    for (int s = 0; s < 3; s++) {
      for (int k = 1; k < 4; k++) {
        assertThat(area[s][k] / count[s][k]).as("shape %d scale %d", s, k).isGreaterThan(area[s][k - 1] / count[s][k - 1] * 1.3);
      }
    }
    // The largest ellipse lying flat (orientation 0) is wider than tall; turned most of a quarter turn, taller than wide.
    DspritesGridConfig big = new DspritesGridConfig(32, 1, 2, 1, 0);
    Examples few = load(big, Split.TRAIN, 1);
    for (int i = 0; i < few.count(); i++) {
      if (factor(few, i, "shape") != 1) {
        continue;
      }
      int minX = 32;
      int maxX = -1;
      int minY = 32;
      int maxY = -1;
      for (int p = 0; p < 1024; p++) {
        if (few.values()[i * 1024 + p] == 1f) {
          minX = Math.min(minX, p % 32);
          maxX = Math.max(maxX, p % 32);
          minY = Math.min(minY, p / 32);
          maxY = Math.max(maxY, p / 32);
        }
      }
      int width = maxX - minX;
      int height = maxY - minY;
      if (factor(few, i, "orientation") == 0) {
        assertThat(width).isGreaterThan(height + 4);
      } else {
        // Orientation 1 of 2 is an eighth of a turn: the ellipse is diagonal, about as wide as tall.
        assertThat(Math.abs(width - height)).isLessThanOrEqualTo(1);
      }
    }
  }

  @Test
  void sameSeedGivesIdenticalSplitsAndAnotherSeedAnotherHoldout() {
    Examples again = load(CONFIG, Split.TEST, 1);
    assertThat(again.values()).isEqualTo(test.values());
    assertThat(again.factors()).isEqualTo(test.factors());
    Examples other = load(CONFIG, Split.TEST, 2);
    assertThat(other.factors()).isNotEqualTo(test.factors());
  }

  @Test
  void headAndSelectCarryTheFactors() {
    Examples head = test.head(5);
    assertThat(head.factors().count()).isEqualTo(5);
    assertThat(head.factors().value(4, 3)).isEqualTo(test.factors().value(4, 3));
    Examples picked = test.select(new int[] {7, 2});
    assertThat(picked.factors().value(0, 4)).isEqualTo(test.factors().value(7, 4));
    assertThat(picked.labels()[1]).isEqualTo(test.labels()[2]);
  }

  /** The centre in pixels of position index {@code p} of 8 on a 32-pixel side: 7.4 + p (17.2 / 7). */
  private static double centre(int p) {
    double low = 0.2 * 32 + 1;
    return low + (32 - 2 * low) * p / 7;
  }
}
