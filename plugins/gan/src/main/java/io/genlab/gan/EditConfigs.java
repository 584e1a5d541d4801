package io.genlab.gan;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import java.util.HashSet;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The config records of latent arithmetic on unconditional GANs: the {@code latent-arithmetic} sampler and metric.
 *
 * <p>The attribute is a class as the platform's feature classifier (the Fréchet distance's, trained on the labelled
 * training split) sees generated samples: {@code target} the class moved to, {@code source} the class moved from
 * ({@code null}: every class but the target). Its direction in latent space is found on {@code fitSamples}
 * prior draws, by one of {@link Method}.
 *
 * @since 0.6
 */
@API(status = EXPERIMENTAL, since = "0.6")
public final class EditConfigs {
  /** The most edit strengths a config may list (grid columns). */
  public static final int MAX_ALPHAS = 16;

  private EditConfigs() {}

  /** How the latent direction of the attribute is found. */
  @API(status = EXPERIMENTAL, since = "0.6")
  public enum Method {
    /**
     * Least squares of the classifier's log-odds of the target against every other class, {@code log p_t - log(1 -
     * p_t)}, on z (with an intercept); the direction is the coefficient vector scaled to length 1, so alpha is a
     * distance in latent space. The source only chooses the draws that are edited: log-odds against the source alone
     * rise fastest away from the source into third classes (measured: BENCHMARKS.md).
     */
    REGRESSION,
    /**
     * Radford et al.'s arithmetic: the mean z of draws classified as the target minus the mean z of draws
     * classified as the source; alpha = 1 moves an average source draw onto an average target draw.
     */
    MEAN_DIFFERENCE
  }

  /**
   * Config of the {@code latent-arithmetic} sampler: grid rows are prior draws the classifier assigns to the
   * source, the first column the draw itself, then one column per alpha of {@code z + alpha * d}; its samples are
   * the edits at the last alpha, labelled with the target.
   *
   * @param target the class moved to
   * @param source the class moved from, or {@code null} for every class but the target
   * @param method how the direction is found
   * @param fitSamples prior draws generated and classified to find the direction
   * @param alphas edit strengths, in grid order
   * @param rows draws of the source to edit, one grid row each
   */
  @API(status = EXPERIMENTAL, since = "0.6")
  public record LatentArithmetic(
      @Description("the class moved to (as the feature classifier judges samples)") int target,
      @Description("the class moved from; null: every class but the target") Integer source,
      @Description("regression (of the classifier's log-odds of the target on z) or mean-difference (of class means of z)")
      Method method,
      @Description("prior draws generated and classified to find the direction") int fitSamples,
      @Description("edit strengths alpha of z + alpha * d, one grid column each after the draw") List<Double> alphas,
      @Description("draws classified as the source to edit, one grid row each") int rows) {
    /** From any other class to 1 by regression on 5000 draws, alphas 0 to 8, 8 rows. */
    public static final LatentArithmetic DEFAULTS = new LatentArithmetic(1, null, Method.REGRESSION, 5000,
        List.of(0.0, 2.0, 4.0, 6.0, 8.0), 8);

    public LatentArithmetic {
      checkAttribute(target, source);
      Check.notNull("method", method);
      Check.samples("fitSamples", fitSamples);
      alphas = checkAlphas(alphas);
      Check.samples("rows", rows);
    }
  }

  /**
   * Config of the {@code latent-arithmetic} metric: edits {@code samples} fresh prior draws the classifier assigns
   * to the source by each alpha and logs, per alpha, the share of edits it assigns to the target (and to the
   * source), and the mean absolute change per value from the unedited sample.
   *
   * @param target the class moved to
   * @param source the class moved from, or {@code null} for every class but the target
   * @param method how the direction is found
   * @param fitSamples prior draws generated and classified to find the direction
   * @param alphas edit strengths
   * @param samples draws classified as the source to edit
   */
  @API(status = EXPERIMENTAL, since = "0.6")
  public record LatentArithmeticMetric(
      @Description("the class moved to (as the feature classifier judges samples)") int target,
      @Description("the class moved from; null: every class but the target") Integer source,
      @Description("regression (of the classifier's log-odds of the target on z) or mean-difference (of class means of z)")
      Method method,
      @Description("prior draws generated and classified to find the direction") int fitSamples,
      @Description("edit strengths alpha of z + alpha * d, each measured") List<Double> alphas,
      @Description("fresh draws classified as the source to edit") int samples) {
    /** From any other class to 1 by regression on 5000 draws, alphas 0 to 8, 1000 edited draws. */
    public static final LatentArithmeticMetric DEFAULTS = new LatentArithmeticMetric(1, null, Method.REGRESSION, 5000,
        List.of(0.0, 2.0, 4.0, 6.0, 8.0), 1000);

    public LatentArithmeticMetric {
      checkAttribute(target, source);
      Check.notNull("method", method);
      Check.samples("fitSamples", fitSamples);
      alphas = checkAlphas(alphas);
      Check.samples("samples", samples);
    }
  }

  /** Refuses a negative class and a source equal to the target. */
  static void checkAttribute(int target, Integer source) {
    Check.nonNegative("target", target);
    if (source != null) {
      Check.nonNegative("source", source);
      if (source == target) {
        throw new ConfigException("source", "source must differ from target (both are " + target
            + "); leave source out (null) to move from every other class");
      }
    }
  }

  /** Requires 1 to {@link #MAX_ALPHAS} distinct finite alphas; returns an unmodifiable copy. */
  static List<Double> checkAlphas(List<Double> alphas) {
    Check.notNull("alphas", alphas);
    if (alphas.isEmpty() || alphas.size() > MAX_ALPHAS) {
      throw new ConfigException("alphas", "alphas must list 1 to " + MAX_ALPHAS + " edit strengths, found "
          + alphas.size());
    }
    var seen = new HashSet<Double>();
    for (Double a : alphas) {
      if (a == null || !Double.isFinite(a)) {
        throw new ConfigException("alphas", "alphas must be finite numbers, found " + a + " in " + alphas);
      }
      // -0.0 and 0.0 are one strength (and one metric key)
      if (!seen.add(a == 0 ? 0.0 : a)) {
        throw new ConfigException("alphas", "alphas must be distinct, found " + a + " twice in " + alphas);
      }
    }
    return List.copyOf(alphas);
  }
}
