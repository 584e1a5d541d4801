package io.genlab.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The one place where log-likelihoods change unit: nats per example, bits per dimension, the
 * discretisation term of dequantised data, the logit transform's Jacobian and stable log-mean-exp.
 *
 * <p>Every family that reports -log p(x) or a bound on it (a VAE's IWAE bound, MADE, PixelCNN, flows)
 * converts through these functions, so that their numbers are comparable when their
 * {@linkplain Metric#protocol protocols} agree. Stateless and thread-safe.
 *
 * @since 0.4
 */
@API(status = EXPERIMENTAL, since = "0.4")
public final class LikelihoodUnits {
  /** The prefix of the run tags that record how a likelihood was measured ({@link Metric#protocol}). */
  public static final String PROTOCOL_TAG_PREFIX = "genlab.protocol.";

  private static final double LN2 = Math.log(2);

  private LikelihoodUnits() {}

  /**
   * Converts a negative log-likelihood in nats per example into bits per dimension.
   *
   * @param natsPerExample -log p(x) in nats, averaged over examples
   * @param dimensions the number of values in one example, at least 1
   */
  public static double bitsPerDimension(double natsPerExample, int dimensions) {
    Check.positive("dimensions", dimensions);
    return natsPerExample / (dimensions * LN2);
  }

  /** The inverse of {@link #bitsPerDimension}: nats per example from bits per dimension. */
  public static double natsPerExample(double bitsPerDimension, int dimensions) {
    Check.positive("dimensions", dimensions);
    return bitsPerDimension * dimensions * LN2;
  }

  /**
   * The nats that turn a continuous density on data scaled to {@code [0, 1]} into a bound on the
   * discrete data's negative log-likelihood: with {@code y = (k + u) / levels}, {@code u ~ U[0,1)^D},
   * Jensen's inequality gives {@code -log P(k) <= E_u[-log p(y)] + D log(levels)}.
   *
   * @param dimensions values per example, at least 1
   * @param levels the number of discrete values each can take (256 for 8-bit images), at least 2
   */
  public static double discretizationNats(int dimensions, int levels) {
    Check.positive("dimensions", dimensions);
    if (levels < 2) {
      throw new ConfigException("levels", "levels must be >= 2, found " + levels);
    }
    return dimensions * Math.log(levels);
  }

  /**
   * The log-derivative of the logit transform {@code y = logit(alpha + (1 - 2 alpha) x)} at {@code x}
   * (RealNVP's preprocessing), to be summed over dimensions into the log-determinant:
   * {@code log(1 - 2 alpha) - log(s) - log(1 - s)} with {@code s = alpha + (1 - 2 alpha) x}.
   *
   * @param x a value in {@code [0, 1]}
   * @param alpha the boundary margin, in {@code [0, 0.5)}
   */
  public static double logitLogDerivative(double x, double alpha) {
    if (!(alpha >= 0 && alpha < 0.5)) {
      throw new ConfigException("alpha", "alpha must be in [0, 0.5), found " + alpha);
    }
    double s = alpha + (1 - 2 * alpha) * x;
    return Math.log1p(-2 * alpha) - Math.log(s) - Math.log1p(-s);
  }

  /**
   * The {@linkplain Metric#protocol protocol} of a likelihood measured on discrete data directly (a
   * Bernoulli or a 256-way softmax per value): {@code levels}, no dequantisation, no logit transform.
   *
   * @param levels values each dimension can take (2 for binarised data, 256 for 8-bit), at least 2
   */
  public static Map<String, String> discreteProtocol(int levels) {
    discretizationNats(1, levels);
    return protocol(Integer.toString(levels), "none", "none");
  }

  /**
   * The protocol of a continuous density on uniformly dequantised discrete data, optionally through the
   * logit transform with margin {@code logitAlpha}; its bound is converted with
   * {@link #discretizationNats}.
   *
   * @param levels values each dimension can take, at least 2
   * @param logitAlpha the logit transform's margin, or {@code null} when there is no logit transform
   */
  public static Map<String, String> dequantizedProtocol(int levels, Double logitAlpha) {
    discretizationNats(1, levels);
    if (logitAlpha != null) {
      logitLogDerivative(0.5, logitAlpha);
    }
    return protocol(Integer.toString(levels), "uniform", logitAlpha == null ? "none" : Double.toString(logitAlpha));
  }

  /** The protocol of a density on continuous data (2-D toys): nats of a density, not of a probability. */
  public static Map<String, String> continuousProtocol() {
    return protocol("continuous", "none", "none");
  }

  private static Map<String, String> protocol(String levels, String dequantization, String logitAlpha) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("levels", levels);
    p.put("dequantization", dequantization);
    p.put("logit_alpha", logitAlpha);
    return Collections.unmodifiableMap(p);
  }

  /** {@code log sum_i exp(v_i)}, computed without overflow; {@code -Infinity} for no values. */
  public static double logSumExp(double[] logValues) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logValues) {
      max = Math.max(max, v);
    }
    if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
      return max;
    }
    double sum = 0;
    for (double v : logValues) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum);
  }

  /**
   * {@code log (1/n) sum_i exp(v_i)}: how importance-weighted bounds (IWAE) and ensembles over
   * orderings (MADE) average probabilities given their logs.
   *
   * @param logValues at least one value
   */
  public static double logMeanExp(double[] logValues) {
    if (logValues.length == 0) {
      throw new IllegalArgumentException("logMeanExp needs at least one value");
    }
    return logSumExp(logValues) - Math.log(logValues.length);
  }
}
