package io.genlab.diffusion;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import org.apiguardian.api.API;

/**
 * A forward-process variance schedule: beta_t, alpha_t = 1 - beta_t and alphaBar_t = prod alpha_s for
 * t = 0 .. T-1 (index t is the paper's step t + 1), in double precision.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.3
 */
@API(status = EXPERIMENTAL, since = "0.3")
public final class NoiseSchedule {
  /** The largest beta the cosine schedule allows, as in Nichol and Dhariwal (2021). */
  public static final double MAX_COSINE_BETA = 0.999;

  /** The schedules. */
  public enum Kind {
    /** betas linear from betaStart to betaEnd (Ho et al., 2020). */
    LINEAR,
    /** alphaBar(t) = f(t) / f(0), f(t) = cos^2(((t / T) + s) / (1 + s) * pi / 2) (Nichol and Dhariwal, 2021). */
    COSINE
  }

  private final double[] betas;
  private final double[] alphaBars;

  private NoiseSchedule(double[] betas) {
    this.betas = betas;
    this.alphaBars = new double[betas.length];
    double product = 1;
    for (int t = 0; t < betas.length; t++) {
      product *= 1 - betas[t];
      alphaBars[t] = product;
    }
  }

  /** Linearly spaced betas from {@code betaStart} to {@code betaEnd} over {@code timesteps} steps. */
  public static NoiseSchedule linear(int timesteps, double betaStart, double betaEnd) {
    Check.positive("timesteps", timesteps);
    double[] betas = new double[timesteps];
    for (int t = 0; t < timesteps; t++) {
      betas[t] = timesteps == 1 ? betaStart : betaStart + (betaEnd - betaStart) * t / (timesteps - 1);
    }
    return new NoiseSchedule(betas);
  }

  /** The cosine schedule with offset {@code s}; betas are clipped at {@value #MAX_COSINE_BETA}. */
  public static NoiseSchedule cosine(int timesteps, double s) {
    Check.positive("timesteps", timesteps);
    double[] betas = new double[timesteps];
    for (int t = 0; t < timesteps; t++) {
      double ratio = cosineF(t + 1, timesteps, s) / cosineF(t, timesteps, s);
      betas[t] = Math.min(1 - ratio, MAX_COSINE_BETA);
    }
    return new NoiseSchedule(betas);
  }

  private static double cosineF(double t, int timesteps, double s) {
    double c = Math.cos((t / timesteps + s) / (1 + s) * Math.PI / 2);
    return c * c;
  }

  /** T. */
  public int timesteps() {
    return betas.length;
  }

  /** beta at index {@code t}. */
  public double beta(int t) {
    return betas[t];
  }

  /** alpha = 1 - beta at index {@code t}. */
  public double alpha(int t) {
    return 1 - betas[t];
  }

  /** The cumulative product of alphas up to and including index {@code t}; 1 for {@code t = -1}. */
  public double alphaBar(int t) {
    return t < 0 ? 1.0 : alphaBars[t];
  }

  /**
   * The variance of the true posterior q(x_{t-1} | x_t, x0): beta~_t = (1 - alphaBar_{t-1}) / (1 -
   * alphaBar_t) beta_t; 0 at index 0.
   */
  public double posteriorVariance(int t) {
    return (1 - alphaBar(t - 1)) / (1 - alphaBar(t)) * betas[t];
  }

  /** sqrt(alphaBar) for every index, as floats (the training graph's lookup table). */
  public float[] sqrtAlphaBars() {
    float[] out = new float[betas.length];
    for (int t = 0; t < out.length; t++) {
      out[t] = (float) Math.sqrt(alphaBars[t]);
    }
    return out;
  }

  /** sqrt(1 - alphaBar) for every index, as floats. */
  public float[] sqrtOneMinusAlphaBars() {
    float[] out = new float[betas.length];
    for (int t = 0; t < out.length; t++) {
      out[t] = (float) Math.sqrt(1 - alphaBars[t]);
    }
    return out;
  }

  /** Equal when every beta is equal, so that a classifier's noisy inputs match a diffusion model's. */
  @Override
  public boolean equals(Object o) {
    return o instanceof NoiseSchedule other && java.util.Arrays.equals(betas, other.betas);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(betas);
  }

  /** T and the betas at the start, middle and end, enough to tell schedules apart in a message. */
  @Override
  public String toString() {
    int t = betas.length;
    return String.format(java.util.Locale.ROOT, "T=%d, beta_1=%.6g, beta_%d=%.6g, beta_T=%.6g", t, betas[0],
        t / 2 + 1, betas[t / 2], betas[t - 1]);
  }
}
