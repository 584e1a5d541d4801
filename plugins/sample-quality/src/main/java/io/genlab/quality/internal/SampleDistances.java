package io.genlab.quality.internal;

import io.genlab.api.RandomSource;
import java.util.Arrays;

/**
 * The math of the sample-quality metrics on plain {@code double[][]} point sets (one row per
 * example, flattened): mode coverage, MMD and the sliced Wasserstein distance. Stateless and
 * thread-safe.
 */
public final class SampleDistances {
  private SampleDistances() {}

  /**
   * The result of the mode-coverage protocol.
   *
   * @param covered modes that are the nearest mode of at least {@code minSamplesPerMode} high-quality samples
   * @param total the number of modes
   * @param highQuality the share of samples within the radius of their nearest mode, in [0, 1]
   */
  public record Coverage(int covered, int total, double highQuality) {}

  /** The per-class means of {@code points}; classes without points are left out. */
  public static double[][] classMeans(double[][] points, int[] labels, int classes) {
    double[][] sums = new double[classes][points.length == 0 ? 0 : points[0].length];
    int[] counts = new int[classes];
    for (int i = 0; i < points.length; i++) {
      counts[labels[i]]++;
      for (int k = 0; k < points[i].length; k++) {
        sums[labels[i]][k] += points[i][k];
      }
    }
    return java.util.stream.IntStream.range(0, classes).filter(c -> counts[c] > 0)
        .mapToObj(c -> Arrays.stream(sums[c]).map(s -> s / counts[c]).toArray()).toArray(double[][]::new);
  }

  /**
   * The pooled within-class standard deviation: {@code sqrt} of the mean, over the classes that have
   * points and over the coordinates, of the per-class population variance (divided by the class's count).
   */
  public static double pooledStd(double[][] points, int[] labels, int classes) {
    int dim = points[0].length;
    double[][] means = new double[classes][dim];
    int[] counts = new int[classes];
    for (int i = 0; i < points.length; i++) {
      counts[labels[i]]++;
      for (int k = 0; k < dim; k++) {
        means[labels[i]][k] += points[i][k];
      }
    }
    for (int c = 0; c < classes; c++) {
      for (int k = 0; k < dim; k++) {
        means[c][k] /= Math.max(1, counts[c]);
      }
    }
    double[] variance = new double[classes]; // summed over coordinates, two-pass for accuracy
    for (int i = 0; i < points.length; i++) {
      variance[labels[i]] += squaredDistance(points[i], means[labels[i]]) / counts[labels[i]];
    }
    int present = (int) Arrays.stream(counts).filter(c -> c > 0).count();
    return Math.sqrt(Arrays.stream(variance).sum() / ((double) present * dim));
  }

  /**
   * The VEEGAN mode-coverage protocol: a sample is high quality when its Euclidean distance to the
   * nearest mode is at most {@code radius}; a mode is covered when at least {@code minSamplesPerMode}
   * high-quality samples have it as their nearest mode.
   */
  public static Coverage modeCoverage(double[][] samples, double[][] modes, double radius, int minSamplesPerMode) {
    int[] hits = new int[modes.length];
    int good = 0;
    for (double[] x : samples) {
      int nearest = 0;
      double best = Double.POSITIVE_INFINITY;
      for (int m = 0; m < modes.length; m++) {
        double d = squaredDistance(x, modes[m]);
        if (d < best) {
          best = d;
          nearest = m;
        }
      }
      if (Math.sqrt(best) <= radius) {
        good++;
        hits[nearest]++;
      }
    }
    int covered = (int) Arrays.stream(hits).filter(h -> h >= minSamplesPerMode).count();
    return new Coverage(covered, modes.length, samples.length == 0 ? 0 : good / (double) samples.length);
  }

  /**
   * The unbiased estimate of MMD^2 (Gretton et al., 2012) with the kernel {@code sum_b exp(-|x - y|^2 /
   * (2 b^2))}; both sets need at least 2 points.
   */
  public static double mmd2(double[][] x, double[][] y, double[] bandwidths) {
    if (x.length < 2 || y.length < 2) {
      throw new IllegalArgumentException("the unbiased MMD needs at least 2 points in each set, found "
          + x.length + " and " + y.length);
    }
    int m = x.length;
    int n = y.length;
    return 2 * kernelSum(x, x, bandwidths, true) / ((double) m * (m - 1))
        + 2 * kernelSum(y, y, bandwidths, true) / ((double) n * (n - 1))
        - 2 * kernelSum(x, y, bandwidths, false) / ((double) m * n);
  }

  /** The biased (V-statistic) estimate of MMD^2, which is never negative and 0 for identical sets. */
  public static double mmd2Biased(double[][] x, double[][] y, double[] bandwidths) {
    double m = x.length;
    double n = y.length;
    double diagonal = bandwidths.length; // k(x, x) = 1 per bandwidth
    return (2 * kernelSum(x, x, bandwidths, true) + m * diagonal) / (m * m)
        + (2 * kernelSum(y, y, bandwidths, true) + n * diagonal) / (n * n)
        - 2 * kernelSum(x, y, bandwidths, false) / (m * n);
  }

  /** Sum of the kernel over pairs {@code (a_i, b_j)}; over {@code i < j} only when {@code upper}. */
  private static double kernelSum(double[][] a, double[][] b, double[] bandwidths, boolean upper) {
    double[] scale = Arrays.stream(bandwidths).map(h -> -1 / (2 * h * h)).toArray();
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = upper ? i + 1 : 0; j < b.length; j++) {
        double d = squaredDistance(a[i], b[j]);
        for (double s : scale) {
          sum += Math.exp(s * d);
        }
      }
    }
    return sum;
  }

  /**
   * The median heuristic bandwidth: the median Euclidean distance between distinct points of the
   * union of {@code sets}; 1 when that median is 0 (too many identical points to tell a scale).
   */
  public static double medianDistance(double[][]... sets) {
    double[][] all = Arrays.stream(sets).flatMap(Arrays::stream).toArray(double[][]::new);
    double[] d = new double[all.length * (all.length - 1) / 2];
    int k = 0;
    for (int i = 0; i < all.length; i++) {
      for (int j = i + 1; j < all.length; j++) {
        d[k++] = Math.sqrt(squaredDistance(all[i], all[j]));
      }
    }
    if (d.length == 0) {
      return 1;
    }
    Arrays.sort(d);
    double median = d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
    return median > 0 ? median : 1;
  }

  /** {@code count} directions drawn uniformly on the unit sphere of dimension {@code dim}. */
  public static double[][] randomDirections(int count, int dim, RandomSource random) {
    float[] normal = new float[count * dim];
    random.fillNormal(normal);
    double[][] out = new double[count][dim];
    for (int p = 0; p < count; p++) {
      double norm = 0;
      for (int k = 0; k < dim; k++) {
        out[p][k] = normal[p * dim + k];
        norm += out[p][k] * out[p][k];
      }
      double scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (int k = 0; k < dim; k++) {
        out[p][k] = norm > 0 ? out[p][k] * scale : (k == 0 ? 1 : 0); // a zero draw becomes e_1
      }
    }
    return out;
  }

  /**
   * The sliced 1-Wasserstein distance: for each unit direction {@code u}, W1 between the 1-D
   * projections {@code <x_i, u>} and {@code <y_i, u>} (the mean absolute difference of the sorted
   * projections, sets of equal size), averaged over directions.
   */
  public static double slicedWasserstein(double[][] x, double[][] y, double[][] directions) {
    if (x.length != y.length || x.length == 0) {
      throw new IllegalArgumentException("sliced Wasserstein needs two non-empty sets of equal size, found "
          + x.length + " and " + y.length);
    }
    double total = 0;
    for (double[] u : directions) {
      double[] px = project(x, u);
      double[] py = project(y, u);
      double w = 0;
      for (int i = 0; i < px.length; i++) {
        w += Math.abs(px[i] - py[i]);
      }
      total += w / px.length;
    }
    return total / directions.length;
  }

  /** The sorted projections {@code <p_i, u>}. */
  private static double[] project(double[][] points, double[] u) {
    double[] out = new double[points.length];
    for (int i = 0; i < points.length; i++) {
      for (int k = 0; k < u.length; k++) {
        out[i] += points[i][k] * u[k];
      }
    }
    Arrays.sort(out);
    return out;
  }

  private static double squaredDistance(double[] a, double[] b) {
    double d = 0;
    for (int k = 0; k < a.length; k++) {
      double t = a[k] - b[k];
      d += t * t;
    }
    return d;
  }
}
