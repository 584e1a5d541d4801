package io.genlab.datasets;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Configures the {@code dsprites-grid} dataset: binary images of every combination of shape, scale,
 * orientation and position on a grid, a small procedural stand-in for dSprites with known factors.
 *
 * <p>The grid holds {@code 3 * scales * orientations * positions * positions} images (12,000 by default,
 * against dSprites' 737,280 of 64x64 pixels from 3 x 6 x 40 x 32 x 32 factor values). Immutable and
 * thread-safe.
 *
 * @param size the image side in pixels, 16 to 128
 * @param scales the number of scale values, 1 to 32
 * @param orientations the number of orientations over a quarter turn, 1 to 64
 * @param positions the number of x (and of y) positions, 1 to 64
 * @param testFraction the share of the grid held out as the test split, in [0, 0.9]; 0 makes both splits
 *     the whole grid (disentanglement_lib's protocol: models are scored on the images they trained on)
 * @since 0.6
 */
@API(status = EXPERIMENTAL, since = "0.6")
public record DspritesGridConfig(
    @Description("Image side in pixels, 16 to 128") int size,
    @Description("Number of scale values, 1 to 32") int scales,
    @Description("Number of orientations over a quarter turn, 1 to 64") int orientations,
    @Description("Number of x (and of y) positions, 1 to 64") int positions,
    @Description("Share of the grid held out as the test split, 0 to 0.9 (0: both splits are the whole grid)")
        double testFraction) {

  /** 32x32 images, 5 scales, 8 orientations, 10 x 10 positions (12,000 images), a fifth held out for testing. */
  public static final DspritesGridConfig DEFAULTS = new DspritesGridConfig(32, 5, 8, 10, 0.2);

  /** Validates the fields; throws {@link ConfigException} naming the field at fault. */
  public DspritesGridConfig {
    Check.inRange("size", size, 16, 128);
    Check.inRange("scales", scales, 1, 32);
    Check.inRange("orientations", orientations, 1, 64);
    Check.inRange("positions", positions, 1, 64);
    Check.inRange("testFraction", testFraction, 0, 0.9);
    if (positions > size / 2) {
      throw new ConfigException("positions", "positions must be at most size / 2 = " + size / 2
          + " so that neighbouring positions differ by at least a pixel, found " + positions);
    }
    long pixels = combinations(scales, orientations, positions) * size * size;
    // All images of a split live in one float array.
    if (pixels > Integer.MAX_VALUE - 8) {
      throw new ConfigException("positions", "3 * scales * orientations * positions^2 * size^2 must fit in one"
          + " array (at most " + (Integer.MAX_VALUE - 8) + " pixels), found " + pixels);
    }
  }

  /** The number of images in the grid: every combination once. */
  public long combinations() {
    return combinations(scales, orientations, positions);
  }

  private static long combinations(int scales, int orientations, int positions) {
    return 3L * scales * orientations * positions * positions;
  }
}
