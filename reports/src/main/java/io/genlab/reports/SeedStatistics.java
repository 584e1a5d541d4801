package io.genlab.reports;

import java.util.List;
import java.util.OptionalDouble;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Mean and a Student-t confidence interval of one metric over the seeds of a configuration. Stateless;
 * thread-safe.
 */
final class SeedStatistics {
  /** The confidence level of the intervals reports show. */
  static final double LEVEL = 0.95;

  private SeedStatistics() {}

  /**
   * The summary of {@code values}; NaN values are left out (a diverged run is noted, not averaged).
   *
   * @param n the values averaged; {@code halfWidth} is empty when {@code n < 2} (one seed gives no interval)
   */
  record Summary(int n, double mean, double standardDeviation, OptionalDouble halfWidth) {}

  static Summary of(List<Double> values) {
    double[] xs = values.stream().filter(v -> v != null && Double.isFinite(v)).mapToDouble(Double::doubleValue).toArray();
    int n = xs.length;
    if (n == 0) {
      return new Summary(0, Double.NaN, Double.NaN, OptionalDouble.empty());
    }
    double mean = 0;
    for (double x : xs) {
      mean += x;
    }
    mean /= n;
    if (n == 1) {
      return new Summary(1, mean, Double.NaN, OptionalDouble.empty());
    }
    double squares = 0;
    for (double x : xs) {
      squares += (x - mean) * (x - mean);
    }
    double sd = Math.sqrt(squares / (n - 1));
    return new Summary(n, mean, sd, OptionalDouble.of(tQuantile(n - 1) * sd / Math.sqrt(n)));
  }

  /** The two-sided {@link #LEVEL} quantile of Student's t with {@code degreesOfFreedom}. */
  static double tQuantile(int degreesOfFreedom) {
    return new TDistribution(null, degreesOfFreedom).inverseCumulativeProbability(1 - (1 - LEVEL) / 2);
  }
}
