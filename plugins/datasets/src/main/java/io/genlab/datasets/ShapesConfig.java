package io.genlab.datasets;

import static org.apiguardian.api.API.Status.STABLE;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Configures the {@code shapes} dataset: procedural greyscale images of one white shape on black
 * with known generative factors (class, scale, rotation, position).
 *
 * <p>Classes: 0 square, 1 circle, 2 triangle, 3 cross, 4 ring. Images are {@code [1, size, size]}
 * with values in [0, 1]; edges are anti-aliased. Immutable and thread-safe.
 *
 * @param trainSize the number of training images
 * @param testSize the number of test images
 * @param size the image side in pixels, 8 to 256
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record ShapesConfig(
    @Description("Number of training images") int trainSize,
    @Description("Number of test images") int testSize,
    @Description("Image side in pixels, 8 to 256") int size) {

  /** 10,000 train and 2,000 test images of 28x28 pixels. */
  public static final ShapesConfig DEFAULTS = new ShapesConfig(10_000, 2_000, 28);

  /** Validates the fields; throws {@link ConfigException} naming the field at fault. */
  public ShapesConfig {
    Check.positive("trainSize", trainSize);
    Check.positive("testSize", testSize);
    Check.inRange("size", size, 8, 256);
    for (String field : new String[] {"trainSize", "testSize"}) {
      long n = field.equals("trainSize") ? trainSize : testSize;
      // All images of a split live in one float array.
      if (n * size * size > Integer.MAX_VALUE - 8) {
        throw new ConfigException(
            field,
            field + " * size * size must fit in one array (at most " + (Integer.MAX_VALUE - 8)
                + " pixels), found " + n + " * " + size + " * " + size + " = " + n * size * size);
      }
    }
  }
}
