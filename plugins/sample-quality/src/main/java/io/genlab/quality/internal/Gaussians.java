package io.genlab.quality.internal;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Gaussians fitted to feature vectors and the Fréchet distance between them, in {@code double}.
 * Stateless and thread-safe, except for {@link Accumulator}, which is not thread-safe.
 */
public final class Gaussians {
  private Gaussians() {}

  /**
   * A Gaussian fitted to {@code count} points.
   *
   * @param count the number of points, at least 2
   * @param mean the points' mean
   * @param covariance the unbiased sample covariance (divided by {@code count - 1}), symmetric
   */
  public record Fit(int count, double[] mean, double[][] covariance) {}

  /**
   * Fits a Gaussian to points that arrive in batches, with memory independent of their number: each
   * batch's mean and scatter are computed in two passes, then merged with Chan et al.'s pairwise update,
   * which keeps the covariance accurate where the textbook sum of squares would cancel.
   */
  public static final class Accumulator {
    private final int dim;
    private final double[] mean;
    private final double[][] scatter; // sum of (x - mean)(x - mean)^T
    private int count;

    /** An empty accumulator for points of {@code dim} coordinates. */
    public Accumulator(int dim) {
      this.dim = dim;
      this.mean = new double[dim];
      this.scatter = new double[dim][dim];
    }

    /** Adds {@code n} points stored row after row in {@code rows} ({@code [n * dim]}). */
    public void add(double[] rows, int n) {
      if (n == 0) {
        return;
      }
      double[] batchMean = new double[dim];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < dim; k++) {
          batchMean[k] += rows[i * dim + k];
        }
      }
      for (int k = 0; k < dim; k++) {
        batchMean[k] /= n;
      }
      double[] centred = new double[dim];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < dim; k++) {
          centred[k] = rows[i * dim + k] - batchMean[k];
        }
        addOuter(centred, 1);
      }
      int total = count + n;
      double[] delta = new double[dim];
      for (int k = 0; k < dim; k++) {
        delta[k] = batchMean[k] - mean[k];
      }
      addOuter(delta, (double) count * n / total);
      for (int k = 0; k < dim; k++) {
        mean[k] += delta[k] * n / total;
      }
      count = total;
    }

    /** {@code scatter += weight * v v^T}, upper triangle only; {@link #fit()} mirrors it. */
    private void addOuter(double[] v, double weight) {
      for (int a = 0; a < dim; a++) {
        double va = weight * v[a];
        if (va != 0) {
          double[] row = scatter[a];
          for (int b = a; b < dim; b++) {
            row[b] += va * v[b];
          }
        }
      }
    }

    /**
     * The Gaussian fitted to the points added so far.
     *
     * @throws IllegalStateException with fewer than 2 points
     */
    public Fit fit() {
      if (count < 2) {
        throw new IllegalStateException("a covariance needs at least 2 points, found " + count);
      }
      double[][] covariance = new double[dim][dim];
      for (int a = 0; a < dim; a++) {
        for (int b = a; b < dim; b++) {
          covariance[a][b] = scatter[a][b] / (count - 1);
          covariance[b][a] = covariance[a][b];
        }
      }
      return new Fit(count, mean.clone(), covariance);
    }
  }

  /**
   * The Fréchet distance between two fitted Gaussians; see {@link #frechetDistance(double[], double[][],
   * double[], double[][])}.
   */
  public static double frechetDistance(Fit a, Fit b) {
    return frechetDistance(a.mean(), a.covariance(), b.mean(), b.covariance());
  }

  /**
   * The Fréchet (2-Wasserstein) distance between N(mu1, s1) and N(mu2, s2), squared as FID reports it:
   * {@code |mu1 - mu2|^2 + tr(s1) + tr(s2) - 2 tr(sqrt(s1^1/2 s2 s1^1/2))}. The square roots come from
   * eigendecompositions of symmetric matrices, with eigenvalues that rounding made slightly negative
   * taken as 0; the result may be a rounding error below 0 for equal Gaussians.
   *
   * @param s1 a symmetric positive semi-definite matrix
   * @param s2 a symmetric positive semi-definite matrix of the same size
   */
  public static double frechetDistance(double[] mu1, double[][] s1, double[] mu2, double[][] s2) {
    double meanTerm = 0;
    for (int k = 0; k < mu1.length; k++) {
      double d = mu1[k] - mu2[k];
      meanTerm += d * d;
    }
    RealMatrix root1 = sqrtSymmetric(new Array2DRowRealMatrix(s1));
    RealMatrix inner = root1.multiply(new Array2DRowRealMatrix(s2)).multiply(root1);
    double crossTrace = 0;
    for (double lambda : eigenvalues(inner)) {
      crossTrace += Math.sqrt(lambda);
    }
    return meanTerm + trace(s1) + trace(s2) - 2 * crossTrace;
  }

  /** The symmetric square root {@code V sqrt(L) V^T} of a symmetric positive semi-definite matrix. */
  static RealMatrix sqrtSymmetric(RealMatrix s) {
    EigenDecomposition eigen = new EigenDecomposition(symmetrised(s));
    double[] lambda = eigen.getRealEigenvalues();
    RealMatrix v = eigen.getV();
    int n = lambda.length;
    double[][] out = new double[n][n];
    for (int m = 0; m < n; m++) {
      double root = Math.sqrt(Math.max(lambda[m], 0));
      if (root == 0) {
        continue;
      }
      for (int a = 0; a < n; a++) {
        double va = root * v.getEntry(a, m);
        for (int b = 0; b < n; b++) {
          out[a][b] += va * v.getEntry(b, m);
        }
      }
    }
    return new Array2DRowRealMatrix(out, false);
  }

  /** The eigenvalues of a symmetric matrix, those below 0 (rounding) clipped to 0. */
  private static double[] eigenvalues(RealMatrix s) {
    double[] lambda = new EigenDecomposition(symmetrised(s)).getRealEigenvalues();
    for (int m = 0; m < lambda.length; m++) {
      lambda[m] = Math.max(lambda[m], 0);
    }
    return lambda;
  }

  /** {@code (s + s^T) / 2}: products of symmetric matrices are symmetric only up to rounding. */
  private static RealMatrix symmetrised(RealMatrix s) {
    return s.add(s.transpose()).scalarMultiply(0.5);
  }

  private static double trace(double[][] s) {
    double t = 0;
    for (int k = 0; k < s.length; k++) {
      t += s[k][k];
    }
    return t;
  }
}
