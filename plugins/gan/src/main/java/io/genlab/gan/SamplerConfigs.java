package io.genlab.gan;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * The config records of the family's samplers. Conditional models (CGAN, ACGAN, InfoGAN) get labels
 * and codes drawn from their prior unless a sampler says otherwise.
 *
 * @since 0.2
 */
@API(status = EXPERIMENTAL, since = "0.2")
public final class SamplerConfigs {
  private SamplerConfigs() {}

  /**
   * Config of {@code prior}: generate from z ~ N(0, I) (with uniform labels or codes).
   *
   * @param count how many samples
   */
  @API(status = EXPERIMENTAL, since = "0.2")
  public record Prior(@Description("how many samples") int count) {
    /** 64 samples. */
    public static final Prior DEFAULTS = new Prior(64);

    public Prior {
      Check.samples("count", count);
    }
  }

  /**
   * Config of {@code truncated}: the truncation trick (Brock et al., 2019): every latent component with
   * {@code |z| > threshold} is redrawn until it lies inside, trading diversity for fidelity.
   *
   * @param count how many samples
   * @param threshold the largest absolute value a latent component may keep
   */
  @API(status = EXPERIMENTAL, since = "0.2")
  public record Truncated(
      @Description("how many samples") int count,
      @Description("latent components with |z| above it are redrawn") double threshold) {
    /** 64 samples truncated at 1. */
    public static final Truncated DEFAULTS = new Truncated(64, 1.0);

    public Truncated {
      Check.samples("count", count);
      Check.positive("threshold", threshold);
    }
  }

  /**
   * Config of {@code latent-walk}: each grid row walks from one random latent to another.
   *
   * @param rows how many walks (grid rows)
   * @param steps points per walk, ends included
   * @param spherical interpolate along the great circle (slerp) rather than the straight line
   */
  @API(status = EXPERIMENTAL, since = "0.2")
  public record LatentWalk(
      @Description("how many walks, one grid row each") int rows,
      @Description("points per walk, ends included") int steps,
      @Description("spherical (slerp) instead of linear interpolation") boolean spherical) {
    /** 8 spherical walks of 10 steps. */
    public static final LatentWalk DEFAULTS = new LatentWalk(8, 10, true);

    public LatentWalk {
      Check.positive("rows", rows);
      if (steps < 2) {
        throw new ConfigException("steps", "steps must be >= 2, found " + steps);
      }
    }
  }

  /**
   * Config of {@code class-sweep}: one grid row per class (CGAN/ACGAN label, InfoGAN categorical code
   * value); column {@code j} uses the same latent in every row, so the style stays while the class changes.
   *
   * @param perClass samples per class (grid columns)
   */
  @API(status = EXPERIMENTAL, since = "0.2")
  public record ClassSweep(@Description("samples per class, one grid column per shared latent") int perClass) {
    /** 8 per class. */
    public static final ClassSweep DEFAULTS = new ClassSweep(8);

    public ClassSweep {
      Check.samples("perClass", perClass);
    }
  }
}
