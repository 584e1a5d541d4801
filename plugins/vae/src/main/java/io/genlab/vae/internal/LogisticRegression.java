package io.genlab.vae.internal;

/**
 * Multinomial logistic regression with an L2 penalty, scikit-learn's default linear classifier (C = 1), fitted
 * by full-batch Adam on standardised features; the beta-VAE metric's classifier. Immutable once fitted.
 *
 * <p>The objective is the mean cross-entropy plus {@code ||W||^2 / (2 C n)}, scikit-learn's
 * {@code C * sum(loss) + ||W||^2 / 2} divided by {@code C n}. Features are standardised with the training
 * points' mean and standard deviation (scikit-learn's lbfgs needs no such help; Adam converges faster with
 * it), which a linear classifier can undo, so only the penalty's scale differs.
 */
final class LogisticRegression {
  private static final int STEPS = 500;
  private static final double LEARNING_RATE = 0.05;

  private final double[] mean;
  private final double[] scale;
  /** {@code [classes][features + 1]}, the bias last. */
  private final double[][] weights;

  private LogisticRegression(double[] mean, double[] scale, double[][] weights) {
    this.mean = mean;
    this.scale = scale;
    this.weights = weights;
  }

  /** Fits a classifier of {@code x} (rows of equal length) to {@code y} in {@code [0, classes)}. */
  static LogisticRegression fit(double[][] x, int[] y, int classes) {
    int n = x.length;
    int d = x[0].length;
    double[] mean = new double[d];
    double[] scale = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
      }
    }
    for (int j = 0; j < d; j++) {
      scale[j] = scale[j] > 1e-24 ? Math.sqrt(scale[j]) : 1;
    }
    double[][] z = new double[n][d + 1];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        z[i][j] = (x[i][j] - mean[j]) / scale[j];
      }
      z[i][d] = 1;
    }
    double[][] w = new double[classes][d + 1];
    double[][] m = new double[classes][d + 1];
    double[][] v = new double[classes][d + 1];
    double penalty = 1.0 / n;
    double[] p = new double[classes];
    for (int step = 1; step <= STEPS; step++) {
      double[][] grad = new double[classes][d + 1];
      for (int i = 0; i < n; i++) {
        softmax(w, z[i], p);
        p[y[i]] -= 1;
        for (int c = 0; c < classes; c++) {
          for (int j = 0; j <= d; j++) {
            grad[c][j] += p[c] * z[i][j] / n;
          }
        }
      }
      double correction1 = 1 - Math.pow(0.9, step);
      double correction2 = 1 - Math.pow(0.999, step);
      for (int c = 0; c < classes; c++) {
        for (int j = 0; j <= d; j++) {
          // The bias goes unpenalised, as in scikit-learn.
          double g = grad[c][j] + (j < d ? penalty * w[c][j] : 0);
          m[c][j] = 0.9 * m[c][j] + 0.1 * g;
          v[c][j] = 0.999 * v[c][j] + 0.001 * g * g;
          w[c][j] -= LEARNING_RATE * (m[c][j] / correction1) / (Math.sqrt(v[c][j] / correction2) + 1e-8);
        }
      }
    }
    return new LogisticRegression(mean, scale, w);
  }

  private static void softmax(double[][] w, double[] z, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < w.length; c++) {
      double s = 0;
      for (int j = 0; j < z.length; j++) {
        s += w[c][j] * z[j];
      }
      out[c] = s;
      max = Math.max(max, s);
    }
    double total = 0;
    for (int c = 0; c < w.length; c++) {
      out[c] = Math.exp(out[c] - max);
      total += out[c];
    }
    for (int c = 0; c < w.length; c++) {
      out[c] /= total;
    }
  }

  /** The most probable class of {@code x}. */
  int predict(double[] x) {
    int d = mean.length;
    double[] z = new double[d + 1];
    for (int j = 0; j < d; j++) {
      z[j] = (x[j] - mean[j]) / scale[j];
    }
    z[d] = 1;
    double[] p = new double[weights.length];
    softmax(weights, z, p);
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return best;
  }

  /** The share of {@code x} classified as {@code y}. */
  double accuracy(double[][] x, int[] y) {
    int right = 0;
    for (int i = 0; i < x.length; i++) {
      right += predict(x[i]) == y[i] ? 1 : 0;
    }
    return (double) right / x.length;
  }
}
