package io.genlab.datasets;

import static org.apiguardian.api.API.Status.STABLE;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Configures the {@code toy2d} dataset: procedural 2-D distributions for quick density-model checks.
 *
 * <p>Distributions (each example is a point {@code [x, y]}):
 * <ul>
 *   <li>{@code 8gaussians}: 8 Gaussians on a circle of radius 2, std {@code noise}; label = component.
 *   <li>{@code 25gaussians}: a 5x5 grid of Gaussians at {-3, -1.5, 0, 1.5, 3}, std {@code noise};
 *       label = component (row * 5 + column).
 *   <li>{@code swissroll}: a 2-D Swiss roll (radius up to 2.83) plus Gaussian {@code noise}; unlabelled.
 *   <li>{@code moons}: two interleaving half circles spanning [-3, 3] plus Gaussian {@code noise};
 *       label = moon.
 *   <li>{@code checkerboard}: uniform on the 8 dark cells of a 4x4 board over [-3, 3]^2;
 *       {@code noise} is unused; unlabelled.
 *   <li>{@code rings}: 4 concentric circles of radius 0.75, 1.5, 2.25, 3 plus Gaussian {@code noise};
 *       label = ring.
 * </ul>
 * Immutable and thread-safe.
 *
 * @param distribution which distribution, one of {@link #DISTRIBUTIONS}
 * @param trainSize the number of training points
 * @param testSize the number of test points
 * @param noise the standard deviation of the Gaussian noise, in data units
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record Toy2dConfig(
    @Description("One of 8gaussians, 25gaussians, swissroll, moons, checkerboard, rings")
        String distribution,
    @Description("Number of training points") int trainSize,
    @Description("Number of test points") int testSize,
    @Description("Standard deviation of the Gaussian noise in data units (unused by checkerboard)")
        double noise) {

  /** The allowed values of {@code distribution}. */
  public static final List<String> DISTRIBUTIONS =
      List.of("8gaussians", "25gaussians", "swissroll", "moons", "checkerboard", "rings");

  /** 8 Gaussians, 20,000 train and 5,000 test points, noise std 0.02. */
  public static final Toy2dConfig DEFAULTS = new Toy2dConfig("8gaussians", 20_000, 5_000, 0.02);

  /** Validates the fields; throws {@link ConfigException} naming the field at fault. */
  public Toy2dConfig {
    Check.oneOf("distribution", distribution, DISTRIBUTIONS.toArray(String[]::new));
    // 2 floats per point must fit one Java array.
    Check.inRange("trainSize", trainSize, 1, Integer.MAX_VALUE / 2 - 8);
    Check.inRange("testSize", testSize, 1, Integer.MAX_VALUE / 2 - 8);
    Check.nonNegative("noise", noise);
  }
}
