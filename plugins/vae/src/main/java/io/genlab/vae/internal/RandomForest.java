package io.genlab.vae.internal;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A random forest classifier of CART trees grown on bootstrap samples with the Gini impurity (Breiman 2001),
 * every feature considered at every split, and its impurity-based feature importances (mean decrease in
 * impurity, each tree's normalised to sum 1, as scikit-learn's {@code feature_importances_}); DCI's importance
 * model. Features are compared as floats (codes are float32). Immutable once fitted.
 */
final class RandomForest {
  private final Node[] trees;
  private final double[] importances;

  private RandomForest(Node[] trees, double[] importances) {
    this.trees = trees;
    this.importances = importances;
  }

  /** A tree node: a split ({@code feature >= 0}) or a leaf with class frequencies. */
  private record Node(int feature, double threshold, Node left, Node right, double[] distribution) {}

  /**
   * Fits {@code trees} trees to {@code x} (rows of equal length) and {@code y} in {@code [0, classes)}.
   *
   * @param maxDepth the deepest a tree grows (the root is depth 0)
   */
  static RandomForest fit(double[][] x, int[] y, int classes, int trees, int maxDepth, RandomGenerator random) {
    int n = x.length;
    int d = x[0].length;
    Node[] roots = new Node[trees];
    double[] importances = new double[d];
    for (int t = 0; t < trees; t++) {
      int[] rows = new int[n];
      for (int i = 0; i < n; i++) {
        rows[i] = random.nextInt(n);
      }
      double[] treeImportance = new double[d];
      roots[t] = grow(x, y, classes, rows, 0, maxDepth, treeImportance);
      double total = Arrays.stream(treeImportance).sum();
      for (int j = 0; j < d; j++) {
        importances[j] += total > 0 ? treeImportance[j] / total / trees : 0;
      }
    }
    return new RandomForest(roots, importances);
  }

  private static Node grow(double[][] x, int[] y, int classes, int[] rows, int depth, int maxDepth,
      double[] importance) {
    int m = rows.length;
    long[] counts = new long[classes];
    for (int i : rows) {
      counts[y[i]]++;
    }
    double impurity = gini(counts, m);
    if (depth >= maxDepth || impurity == 0 || m < 2) {
      return leaf(counts, m);
    }
    int bestFeature = -1;
    double bestThreshold = 0;
    double bestChildren = impurity * m;
    long[] keys = new long[m];
    long[] left = new long[classes];
    for (int j = 0; j < x[0].length; j++) {
      // Sort the rows by feature j: sortable float bits above, the position in rows below.
      for (int r = 0; r < m; r++) {
        keys[r] = ((long) sortable((float) x[rows[r]][j]) << 32) | r;
      }
      Arrays.sort(keys);
      Arrays.fill(left, 0);
      for (int r = 0; r < m - 1; r++) {
        int row = rows[(int) keys[r]];
        left[y[row]]++;
        int next = rows[(int) keys[r + 1]];
        float here = (float) x[row][j];
        float there = (float) x[next][j];
        if (here == there) {
          continue;
        }
        int nLeft = r + 1;
        double children = gini(left, nLeft) * nLeft + giniRest(counts, left, m - nLeft) * (m - nLeft);
        if (children < bestChildren - 1e-12) {
          bestChildren = children;
          bestFeature = j;
          bestThreshold = ((double) here + there) / 2;
        }
      }
    }
    if (bestFeature < 0) {
      return leaf(counts, m);
    }
    importance[bestFeature] += impurity * m - bestChildren;
    int nLeft = 0;
    for (int i : rows) {
      nLeft += (float) x[i][bestFeature] <= bestThreshold ? 1 : 0;
    }
    int[] leftRows = new int[nLeft];
    int[] rightRows = new int[m - nLeft];
    int a = 0;
    int b = 0;
    for (int i : rows) {
      if ((float) x[i][bestFeature] <= bestThreshold) {
        leftRows[a++] = i;
      } else {
        rightRows[b++] = i;
      }
    }
    return new Node(bestFeature, bestThreshold, grow(x, y, classes, leftRows, depth + 1, maxDepth, importance),
        grow(x, y, classes, rightRows, depth + 1, maxDepth, importance), null);
  }

  /** Int bits that sort (signed) as the floats do: negative floats' magnitude bits flipped. */
  private static int sortable(float v) {
    int bits = Float.floatToIntBits(v == 0f ? 0f : v);
    return bits < 0 ? bits ^ 0x7fffffff : bits;
  }

  private static Node leaf(long[] counts, int m) {
    double[] distribution = new double[counts.length];
    for (int c = 0; c < counts.length; c++) {
      distribution[c] = (double) counts[c] / m;
    }
    return new Node(-1, 0, null, null, distribution);
  }

  private static double gini(long[] counts, long n) {
    double sum = 0;
    for (long c : counts) {
      sum += (double) c * c;
    }
    return 1 - sum / ((double) n * n);
  }

  private static double giniRest(long[] all, long[] left, long n) {
    double sum = 0;
    for (int c = 0; c < all.length; c++) {
      double r = all[c] - left[c];
      sum += r * r;
    }
    return 1 - sum / ((double) n * n);
  }

  /** The impurity-based importance of each feature, summing to 1 unless no tree split. */
  double[] importances() {
    return importances.clone();
  }

  /** The class with the highest mean leaf frequency over the trees. */
  int predict(double[] x) {
    double[] votes = null;
    for (Node node : trees) {
      while (node.feature() >= 0) {
        node = (float) x[node.feature()] <= node.threshold() ? node.left() : node.right();
      }
      if (votes == null) {
        votes = new double[node.distribution().length];
      }
      for (int c = 0; c < votes.length; c++) {
        votes[c] += node.distribution()[c];
      }
    }
    int best = 0;
    for (int c = 1; c < votes.length; c++) {
      if (votes[c] > votes[best]) {
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
