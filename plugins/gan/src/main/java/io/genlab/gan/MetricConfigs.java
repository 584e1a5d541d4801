package io.genlab.gan;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The config records of the family's sample-based metrics. Conditional models generate with labels
 * and codes drawn from their prior.
 *
 * @since 0.2
 */
@API(status = EXPERIMENTAL, since = "0.2")
public final class MetricConfigs {
  private MetricConfigs() {}

  /**
   * Config of {@code mode-coverage}, the protocol of VEEGAN (Srivastava et al., 2017) for data whose
   * labels name the modes (toy2d 8gaussians, 25gaussians): modes are the per-class means of the
   * training split; a sample is high quality when its nearest mode is within {@code stdMultiple * std};
   * a mode is covered when at least {@code minSamplesPerMode} high-quality samples are nearest to it.
   *
   * @param samples how many samples to generate
   * @param stdMultiple the high-quality radius in mode standard deviations
   * @param minSamplesPerMode high-quality samples a mode needs to count as covered
   * @param std the modes' standard deviation; 0 estimates it as the pooled within-class standard
   *     deviation of the training split
   */
  @API(status = EXPERIMENTAL, since = "0.2")
  public record ModeCoverage(
      @Description("samples to generate") int samples,
      @Description("high-quality radius in mode standard deviations") double stdMultiple,
      @Description("high-quality samples a mode needs to count as covered") int minSamplesPerMode,
      @Description("mode standard deviation (0: pooled within-class std of the training split)") double std) {
    /** 2500 samples, 3 standard deviations estimated from the data, 1 sample per mode. */
    public static final ModeCoverage DEFAULTS = new ModeCoverage(2500, 3.0, 1, 0.0);

    public ModeCoverage {
      Check.positive("samples", samples);
      Check.positive("stdMultiple", stdMultiple);
      Check.positive("minSamplesPerMode", minSamplesPerMode);
      Check.nonNegative("std", std);
    }
  }

  /**
   * Config of {@code mmd}: the unbiased estimate of squared maximum mean discrepancy (Gretton et al.,
   * 2012) between generated samples and as many test examples, with a sum of Gaussian RBF kernels.
   *
   * @param samples generated samples, and test examples (the first ones; all when fewer), at least 2
   * @param bandwidths the kernels' standard deviations; empty: the median pairwise distance
   */
  @API(status = EXPERIMENTAL, since = "0.2")
  public record Mmd(
      @Description("generated samples and test examples compared, at least 2") int samples,
      @Description("RBF kernel bandwidths summed over (empty: median heuristic)") List<Double> bandwidths) {
    /** 1000 samples, median-heuristic bandwidth. */
    public static final Mmd DEFAULTS = new Mmd(1000, List.of());

    public Mmd {
      if (samples < 2) {
        throw new ConfigException("samples", "samples must be >= 2, found " + samples);
      }
      Check.notNull("bandwidths", bandwidths);
      for (int i = 0; i < bandwidths.size(); i++) {
        Double b = bandwidths.get(i);
        if (b == null || !(b > 0) || b.isInfinite()) {
          throw new ConfigException("bandwidths",
              "bandwidths[" + i + "] must be > 0 and finite, found " + b + " in " + bandwidths);
        }
      }
      bandwidths = List.copyOf(bandwidths);
    }
  }

  /**
   * Config of {@code sliced-wasserstein}: W1 between the 1-D projections of generated samples and as
   * many test examples on random unit directions, averaged over directions.
   *
   * @param samples generated samples, and test examples (the first ones; all when fewer)
   * @param projections random directions
   */
  @API(status = EXPERIMENTAL, since = "0.2")
  public record SlicedWasserstein(
      @Description("generated samples and test examples compared") int samples,
      @Description("random projection directions") int projections) {
    /** 1000 samples, 128 directions. */
    public static final SlicedWasserstein DEFAULTS = new SlicedWasserstein(1000, 128);

    public SlicedWasserstein {
      Check.positive("samples", samples);
      Check.positive("projections", projections);
    }
  }
}
