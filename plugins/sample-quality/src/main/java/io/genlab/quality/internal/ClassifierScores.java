package io.genlab.quality.internal;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The math of the classifier-based sample metrics as pure functions of feature and logit rows, apart
 * from the classifier that produced them, so that a reference computation can feed them directly.
 * Stateless and thread-safe.
 */
public final class ClassifierScores {
  private ClassifierScores() {}

  /**
   * The share of rows whose most likely class (the first on ties) is their label.
   *
   * @param logits one row of class scores per example
   * @param labels one label per row
   * @throws IllegalArgumentException when a label is outside the classes or the counts differ
   */
  public static double accuracy(double[][] logits, int[] labels) {
    if (logits.length != labels.length || logits.length == 0) {
      throw new IllegalArgumentException("accuracy needs one label per row and at least one row, found "
          + logits.length + " rows and " + labels.length + " labels");
    }
    int correct = 0;
    for (int i = 0; i < logits.length; i++) {
      int classes = logits[i].length;
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("label " + i + " must be in [0, " + classes + "), found " + labels[i]);
      }
      correct += Metrics.argmax(logits[i], 0, classes) == labels[i] ? 1 : 0;
    }
    return correct / (double) logits.length;
  }

  /**
   * A mean and a standard deviation over repetitions (splits, subsets).
   *
   * @param mean the mean
   * @param std the population standard deviation (numpy's {@code np.std}, as torch-fidelity reports it)
   */
  public record MeanStd(double mean, double std) {
    /** The mean and population standard deviation of {@code values}, at least one. */
    public static MeanStd of(double[] values) {
      double mean = 0;
      for (double v : values) {
        mean += v;
      }
      mean /= values.length;
      double var = 0;
      for (double v : values) {
        var += (v - mean) * (v - mean);
      }
      return new MeanStd(mean, Math.sqrt(var / values.length));
    }
  }

  /**
   * The inception score of each split (Salimans et al., 2016): {@code exp(E_x KL(p(y|x) || p(y)))} with
   * {@code p(y|x)} the softmax of a row's logits and {@code p(y)} its mean over the split, computed as
   * torch-fidelity does: rows taken in {@code order}, split {@code i} holding positions {@code
   * [i n / splits, (i + 1) n / splits)}, log-probabilities from a log-softmax so that a vanishing
   * probability contributes 0 rather than NaN.
   *
   * @param logits one row of class scores per example
   * @param order a permutation of the rows (torch-fidelity shuffles; class-ordered samples would otherwise
   *     give splits of one class each)
   * @param splits at least 1 and at most the number of rows
   * @return one score per split, each in {@code [1, classes]}
   */
  public static double[] inceptionScores(double[][] logits, int[] order, int splits) {
    int n = logits.length;
    if (order.length != n || splits < 1 || splits > n) {
      throw new IllegalArgumentException("inception score needs an order of every row and 1 to " + n
          + " splits, found an order of " + order.length + " and " + splits + " splits");
    }
    int classes = logits[0].length;
    double[][] logP = new double[n][];
    for (int i = 0; i < n; i++) {
      logP[i] = logSoftmax(logits[i]);
    }
    double[] scores = new double[splits];
    for (int s = 0; s < splits; s++) {
      int from = (int) ((long) s * n / splits);
      int to = (int) ((long) (s + 1) * n / splits);
      double[] q = new double[classes];
      for (int j = from; j < to; j++) {
        double[] row = logP[order[j]];
        for (int c = 0; c < classes; c++) {
          q[c] += StrictMath.exp(row[c]);
        }
      }
      double[] logQ = new double[classes];
      for (int c = 0; c < classes; c++) {
        logQ[c] = StrictMath.log(q[c] / (to - from));
      }
      double kl = 0;
      for (int j = from; j < to; j++) {
        double[] row = logP[order[j]];
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          sum += StrictMath.exp(row[c]) * (row[c] - logQ[c]);
        }
        kl += sum;
      }
      scores[s] = StrictMath.exp(kl / (to - from));
    }
    return scores;
  }

  /** {@code log softmax(logits)}, shifted by the largest logit so that nothing overflows. */
  static double[] logSoftmax(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    for (double l : logits) {
      sum += StrictMath.exp(l - max);
    }
    double logSum = max + StrictMath.log(sum);
    double[] out = new double[logits.length];
    for (int c = 0; c < logits.length; c++) {
      out[c] = logits[c] - logSum;
    }
    return out;
  }

  /**
   * The unbiased estimate of squared MMD between subsets of {@code x} and {@code y} under the cubic
   * polynomial kernel {@code k(a, b) = (a.b / d + 1)^3}, the estimator of KID (Binkowski et al., 2018)
   * as torch-fidelity computes it: {@code (sum_{i != j} k(x_i, x_j) + sum_{i != j} k(y_i, y_j)) / (m (m -
   * 1)) - 2 sum_{i, j} k(x_i, y_j) / m^2}.
   *
   * @param x rows of one set, {@code d} features each
   * @param y rows of the other set
   * @param xSubset the indices of {@code m >= 2} rows of {@code x}
   * @param ySubset the indices of as many rows of {@code y}
   */
  public static double polynomialMmd2(double[][] x, double[][] y, int[] xSubset, int[] ySubset) {
    int m = xSubset.length;
    if (m < 2 || ySubset.length != m) {
      throw new IllegalArgumentException("the unbiased MMD needs two subsets of the same size, at least 2, found "
          + m + " and " + ySubset.length);
    }
    int d = x[0].length;
    // The Gram matrices by BLAS (three m x m x d products): a Java loop took a minute for KID's 100 subsets
    // of 1000 at d = 128.
    INDArray xs = Nd4j.create(gather(x, xSubset, d), new long[] {m, d}, 'c');
    INDArray ys = Nd4j.create(gather(y, ySubset, d), new long[] {m, d}, 'c');
    double gamma = 1.0 / d;
    double xx = kernelSum(Nd4j.gemm(xs, xs, false, true), gamma, m, true);
    double yy = kernelSum(Nd4j.gemm(ys, ys, false, true), gamma, m, true);
    double xy = kernelSum(Nd4j.gemm(xs, ys, false, true), gamma, m, false);
    return (xx + yy) / ((double) m * (m - 1)) - 2 * xy / ((double) m * m);
  }

  /** The sum of {@code (gamma g + 1)^3} over the {@code m x m} dot products {@code g}, the diagonal left out when asked. */
  private static double kernelSum(INDArray dots, double gamma, int m, boolean offDiagonal) {
    double[] g = new double[m * m];
    dots.data().asNioDouble().get(g); // one block copy (data().asDouble() copies value by value)
    double sum = 0;
    for (int i = 0; i < m; i++) {
      double row = 0;
      for (int j = 0; j < m; j++) {
        if (!offDiagonal || i != j) {
          row += cube(g[i * m + j] * gamma + 1);
        }
      }
      sum += row;
    }
    return sum;
  }

  /** {@link #polynomialMmd2} of every subset pair {@code (xSubsets[s], ySubsets[s])}. */
  public static double[] kid(double[][] x, double[][] y, int[][] xSubsets, int[][] ySubsets) {
    if (xSubsets.length != ySubsets.length || xSubsets.length == 0) {
      throw new IllegalArgumentException("KID needs as many subsets of each set, at least one, found "
          + xSubsets.length + " and " + ySubsets.length);
    }
    double[] mmds = new double[xSubsets.length];
    for (int s = 0; s < mmds.length; s++) {
      mmds[s] = polynomialMmd2(x, y, xSubsets[s], ySubsets[s]);
    }
    return mmds;
  }

  /**
   * Improved precision and recall (Kynkäänniemi et al., 2019) and density and coverage (Naeem et al.,
   * 2020) between real and generated feature rows.
   *
   * @param precision the share of generated rows inside some real row's k-NN ball
   * @param recall the share of real rows inside some generated row's k-NN ball
   * @param density the number of real k-NN balls holding a generated row, over {@code k}, averaged over
   *     generated rows (1 in expectation for identical distributions; may exceed 1)
   * @param coverage the share of real rows whose k-NN ball holds some generated row
   */
  public record Prdc(double precision, double recall, double density, double coverage) {}

  /**
   * {@link Prdc} with {@code k}-nearest-neighbour balls in Euclidean distance: a row's radius is the
   * distance to its {@code k}-th nearest other row of its own set (the {@code (k + 1)}-th smallest
   * distance counting itself, as both papers' code does). Precision and recall count a point on a ball's
   * boundary as inside ({@code <=}, the NVlabs and torch-fidelity code), density and coverage as outside
   * ({@code <}, the prdc code); they differ only on ties.
   *
   * <p>Streams over the pairs, holding {@code k + 1} distances per row rather than distance matrices:
   * memory is linear in the rows and the cost {@code (n_real^2 + n_fake^2) / 2 + n_real n_fake} squared
   * distances.
   *
   * @param real at least {@code k + 1} rows
   * @param fake at least {@code k + 1} rows of as many features
   * @param k at least 1
   */
  public static Prdc prdc(double[][] real, double[][] fake, int k) {
    if (k < 1 || real.length <= k || fake.length <= k) {
      throw new IllegalArgumentException("precision and recall with k = " + k + " need k >= 1 and more than k "
          + "rows of each set, found " + real.length + " real and " + fake.length + " generated");
    }
    int d = real[0].length;
    double[] r = gather(real, null, d);
    double[] f = gather(fake, null, d);
    int nr = real.length;
    int nf = fake.length;
    double[] realRadius = radii(r, nr, d, k); // squared, as every distance below
    double[] fakeRadius = radii(f, nf, d, k);
    boolean[] fakeInReal = new boolean[nf];
    boolean[] realInFake = new boolean[nr];
    long inBalls = 0;
    double[] nearestFake = new double[nr];
    Arrays.fill(nearestFake, Double.POSITIVE_INFINITY);
    for (int j = 0; j < nf; j++) {
      for (int i = 0; i < nr; i++) {
        double dist = squaredDistance(r, i * d, f, j * d, d);
        fakeInReal[j] |= dist <= realRadius[i];
        realInFake[i] |= dist <= fakeRadius[j];
        inBalls += dist < realRadius[i] ? 1 : 0;
        nearestFake[i] = Math.min(nearestFake[i], dist);
      }
    }
    int covered = 0;
    for (int i = 0; i < nr; i++) {
      covered += nearestFake[i] < realRadius[i] ? 1 : 0;
    }
    return new Prdc(share(fakeInReal), share(realInFake), inBalls / ((double) k * nf), covered / (double) nr);
  }

  /** The squared distance of each of {@code n} rows to its {@code k}-th nearest other row. */
  private static double[] radii(double[] rows, int n, int d, int k) {
    // nearest[i] holds row i's k + 1 smallest distances counting itself (0), ascending.
    double[][] nearest = new double[n][k + 1];
    for (double[] row : nearest) {
      Arrays.fill(row, Double.POSITIVE_INFINITY);
      row[0] = 0;
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double dist = squaredDistance(rows, i * d, rows, j * d, d);
        insert(nearest[i], dist);
        insert(nearest[j], dist);
      }
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = nearest[i][k];
    }
    return out;
  }

  /** Inserts {@code value} into ascending {@code sorted}, dropping the largest, when it is smaller. */
  private static void insert(double[] sorted, double value) {
    int at = sorted.length - 1;
    if (!(value < sorted[at])) {
      return;
    }
    while (at > 0 && sorted[at - 1] > value) {
      sorted[at] = sorted[at - 1];
      at--;
    }
    sorted[at] = value;
  }

  private static double share(boolean[] flags) {
    int n = 0;
    for (boolean f : flags) {
      n += f ? 1 : 0;
    }
    return n / (double) flags.length;
  }

  /** Rows {@code indices} of {@code rows} (all when {@code null}) one after another in one array. */
  private static double[] gather(double[][] rows, int[] indices, int d) {
    int n = indices == null ? rows.length : indices.length;
    double[] out = new double[n * d];
    for (int i = 0; i < n; i++) {
      double[] row = rows[indices == null ? i : indices[i]];
      if (row.length != d) {
        throw new IllegalArgumentException("every row must have " + d + " features, found " + row.length);
      }
      System.arraycopy(row, 0, out, i * d, d);
    }
    return out;
  }

  private static double cube(double v) {
    return v * v * v;
  }

  private static double squaredDistance(double[] a, int ai, double[] b, int bi, int d) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int k = 0;
    for (; k + 3 < d; k += 4) {
      double e0 = a[ai + k] - b[bi + k];
      double e1 = a[ai + k + 1] - b[bi + k + 1];
      double e2 = a[ai + k + 2] - b[bi + k + 2];
      double e3 = a[ai + k + 3] - b[bi + k + 3];
      s0 += e0 * e0;
      s1 += e1 * e1;
      s2 += e2 * e2;
      s3 += e3 * e3;
    }
    for (; k < d; k++) {
      double e = a[ai + k] - b[bi + k];
      s0 += e * e;
    }
    return (s0 + s1) + (s2 + s3);
  }
}
