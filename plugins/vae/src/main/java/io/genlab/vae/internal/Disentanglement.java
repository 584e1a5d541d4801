package io.genlab.vae.internal;

import io.genlab.api.ExampleFactors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Disentanglement scores of a representation against known generative factors, as disentanglement_lib
 * (Locatello et al. 2019) computes them: pure functions of codes ({@code codes[i]} the representation of
 * example {@code i}) and the examples' factor indices, so that tests can feed them synthetic codes.
 *
 * <p>Where disentanglement_lib draws observations from the factors' generative process, these functions
 * draw examples of the given split: an example whose factor {@code k} has value {@code v} is drawn uniformly
 * among the split's examples with that value, which on a whole grid is the same distribution. Factors that
 * take a single value in the split (dSprites' colour) are left out, as disentanglement_lib leaves them out of
 * its latent factors. Stateless: thread-safe when every call gets a generator of its own.
 */
public final class Disentanglement {
  private Disentanglement() {}

  /** The two accuracies of a classifier-based score: on the points it was fitted to and on fresh points. */
  public record Accuracy(double train, double eval) {}

  /** The FactorVAE score with the number of latent dimensions that were not pruned as collapsed. */
  public record FactorVaeScore(double train, double eval, int activeDims) {}

  /**
   * DCI: disentanglement, completeness and informativeness (the classifiers' mean accuracy), with each factor's
   * test accuracy by name.
   */
  public record Dci(double disentanglement, double completeness, double informativenessTrain,
      double informativenessTest, Map<String, Double> informativenessPerFactor, double[][] importance) {}

  /** For each factor and value, the examples holding that value: {@code [factor][value][]}. */
  static int[][][] buckets(ExampleFactors factors) {
    int[] sizes = factors.sizes();
    int[][][] out = new int[sizes.length][][];
    for (int k = 0; k < sizes.length; k++) {
      int[] counts = new int[sizes[k]];
      for (int i = 0; i < factors.count(); i++) {
        counts[factors.value(i, k)]++;
      }
      out[k] = new int[sizes[k]][];
      for (int v = 0; v < sizes[k]; v++) {
        out[k][v] = new int[counts[v]];
      }
      int[] filled = new int[sizes[k]];
      for (int i = 0; i < factors.count(); i++) {
        int v = factors.value(i, k);
        out[k][v][filled[v]++] = i;
      }
    }
    return out;
  }

  /** The factors that take at least two values among the examples. */
  static int[] varyingFactors(int[][][] buckets) {
    List<Integer> out = new ArrayList<>();
    for (int k = 0; k < buckets.length; k++) {
      int present = 0;
      for (int[] bucket : buckets[k]) {
        present += bucket.length > 0 ? 1 : 0;
      }
      if (present > 1) {
        out.add(k);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static void requireShapes(double[][] codes, ExampleFactors factors) {
    if (codes.length != factors.count() || codes.length < 2) {
      throw new IllegalArgumentException("need codes for every example (at least 2), found " + codes.length
          + " codes for " + factors.count() + " examples");
    }
  }

  private static int[] varying(ExampleFactors factors, int[][][] buckets) {
    int[] varying = varyingFactors(buckets);
    if (varying.length == 0) {
      throw new IllegalArgumentException("every factor takes a single value in these examples: " + factors);
    }
    return varying;
  }

  /**
   * The beta-VAE metric (Higgins et al. 2017): each point fixes one factor of {@code batchSize} pairs of
   * examples and averages {@code |z1 - z2|} over the pairs; a linear classifier (multinomial logistic
   * regression, as disentanglement_lib's scikit-learn one) predicts the fixed factor from that average.
   *
   * @param codes one representation per example, never {@code null}
   * @param factors the examples' factors, never {@code null}
   * @param batchSize pairs averaged per point (disentanglement_lib: 64)
   * @param numTrain points the classifier is fitted to (disentanglement_lib: 10,000)
   * @param numEval fresh points it is scored on (disentanglement_lib: 5,000)
   * @param random the generator every draw comes from, never {@code null}
   * @return the classifier's accuracy on both sets; chance is one over the number of varying factors
   */
  public static Accuracy betaVae(double[][] codes, ExampleFactors factors, int batchSize, int numTrain,
      int numEval, RandomGenerator random) {
    requireShapes(codes, factors);
    int[][][] buckets = buckets(factors);
    int[] varying = varying(factors, buckets);
    int[] trainLabels = new int[numTrain];
    double[][] train = betaVaePoints(codes, factors, buckets, varying, batchSize, trainLabels, random);
    int[] evalLabels = new int[numEval];
    double[][] eval = betaVaePoints(codes, factors, buckets, varying, batchSize, evalLabels, random);
    LogisticRegression classifier = LogisticRegression.fit(train, trainLabels, varying.length);
    return new Accuracy(classifier.accuracy(train, trainLabels), classifier.accuracy(eval, evalLabels));
  }

  private static double[][] betaVaePoints(double[][] codes, ExampleFactors factors, int[][][] buckets,
      int[] varying, int batchSize, int[] labels, RandomGenerator random) {
    int d = codes[0].length;
    double[][] points = new double[labels.length][d];
    for (int p = 0; p < labels.length; p++) {
      labels[p] = random.nextInt(varying.length);
      int k = varying[labels[p]];
      for (int b = 0; b < batchSize; b++) {
        int first = random.nextInt(codes.length);
        int[] same = buckets[k][factors.value(first, k)];
        int second = same[random.nextInt(same.length)];
        for (int j = 0; j < d; j++) {
          points[p][j] += Math.abs(codes[first][j] - codes[second][j]) / batchSize;
        }
      }
    }
    return points;
  }

  /**
   * The FactorVAE metric (Kim and Mnih 2018): codes are divided by their standard deviation over
   * {@code varianceExamples} examples, dimensions whose standard deviation is below {@code pruneThreshold}
   * dropped as collapsed; each point fixes one factor over {@code batchSize} examples and votes for the
   * dimension of least normalised variance; the majority-vote classifier maps each dimension to the factor
   * it was most often the vote for.
   *
   * @param codes one representation per example, never {@code null}
   * @param factors the examples' factors, never {@code null}
   * @param batchSize examples per vote (disentanglement_lib: 64)
   * @param numTrain votes the classifier is built from (disentanglement_lib: 10,000)
   * @param numEval fresh votes it is scored on (disentanglement_lib: 5,000)
   * @param varianceExamples examples the global variances are estimated from (disentanglement_lib: 10,000)
   * @param pruneThreshold the standard deviation below which a dimension counts as collapsed
   *     (disentanglement_lib's configuration: 0.05)
   * @param random the generator every draw comes from, never {@code null}
   * @return the accuracies (0 when every dimension collapsed) and the number of dimensions kept
   */
  public static FactorVaeScore factorVae(double[][] codes, ExampleFactors factors, int batchSize, int numTrain,
      int numEval, int varianceExamples, double pruneThreshold, RandomGenerator random) {
    requireShapes(codes, factors);
    int[][][] buckets = buckets(factors);
    int[] varying = varying(factors, buckets);
    int d = codes[0].length;
    int[] sample = new int[Math.max(2, varianceExamples)];
    for (int i = 0; i < sample.length; i++) {
      sample[i] = random.nextInt(codes.length);
    }
    double[] global = variances(codes, sample);
    List<Integer> activeList = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      if (Math.sqrt(global[j]) >= pruneThreshold && global[j] > 0) {
        activeList.add(j);
      }
    }
    int[] active = activeList.stream().mapToInt(Integer::intValue).toArray();
    if (active.length == 0) {
      return new FactorVaeScore(0, 0, 0);
    }
    long[][] trainVotes = factorVaeVotes(codes, factors, buckets, varying, batchSize, numTrain, global, active, random);
    int[] classifier = new int[d];
    for (int j = 0; j < d; j++) {
      for (int f = 1; f < varying.length; f++) {
        if (trainVotes[f][j] > trainVotes[classifier[j]][j]) {
          classifier[j] = f;
        }
      }
    }
    long[][] evalVotes = factorVaeVotes(codes, factors, buckets, varying, batchSize, numEval, global, active, random);
    return new FactorVaeScore(voteAccuracy(trainVotes, classifier), voteAccuracy(evalVotes, classifier), active.length);
  }

  private static long[][] factorVaeVotes(double[][] codes, ExampleFactors factors, int[][][] buckets, int[] varying,
      int batchSize, int points, double[] global, int[] active, RandomGenerator random) {
    long[][] votes = new long[varying.length][codes[0].length];
    int[] batch = new int[Math.max(2, batchSize)];
    for (int p = 0; p < points; p++) {
      int label = random.nextInt(varying.length);
      int k = varying[label];
      int[] same = buckets[k][factors.value(random.nextInt(codes.length), k)];
      for (int b = 0; b < batch.length; b++) {
        batch[b] = same[random.nextInt(same.length)];
      }
      double[] local = variances(codes, batch);
      int best = active[0];
      for (int j : active) {
        if (local[j] / global[j] < local[best] / global[best]) {
          best = j;
        }
      }
      votes[label][best]++;
    }
    return votes;
  }

  private static double voteAccuracy(long[][] votes, int[] classifier) {
    long right = 0;
    long total = 0;
    for (int j = 0; j < classifier.length; j++) {
      right += votes[classifier[j]][j];
      for (long[] row : votes) {
        total += row[j];
      }
    }
    return total == 0 ? 0 : (double) right / total;
  }

  /** The unbiased (ddof 1) variance of each dimension over the examples {@code rows}. */
  static double[] variances(double[][] codes, int[] rows) {
    int d = codes[0].length;
    double[] mean = new double[d];
    for (int i : rows) {
      for (int j = 0; j < d; j++) {
        mean[j] += codes[i][j] / rows.length;
      }
    }
    double[] out = new double[d];
    for (int i : rows) {
      for (int j = 0; j < d; j++) {
        double c = codes[i][j] - mean[j];
        out[j] += c * c / (rows.length - 1);
      }
    }
    return out;
  }

  /**
   * The mutual information gap (Chen et al. 2018) as disentanglement_lib's {@code discrete_mig}: each code
   * dimension is discretised into {@code bins} equal-width bins between its minimum and maximum, its mutual
   * information with each factor estimated from counts (nats); per factor, the gap between the two most
   * informative dimensions divided by the factor's entropy, averaged over factors.
   *
   * @param codes one representation per example, never {@code null}
   * @param factors the examples' factors, never {@code null}
   * @param bins the histogram bins per dimension (disentanglement_lib: 20)
   * @return the MIG in [0, 1]
   */
  public static double mig(double[][] codes, ExampleFactors factors, int bins) {
    return migPerFactor(codes, factors, bins).values().stream().mapToDouble(Double::doubleValue).average()
        .orElseThrow();
  }

  /**
   * Each varying factor's normalised gap (the terms {@link #mig} averages), by factor name in factor order.
   *
   * @param codes one representation per example, never {@code null}
   * @param factors the examples' factors, never {@code null}
   * @param bins the histogram bins per dimension (disentanglement_lib: 20)
   * @return factor name to gap in [0, 1], never {@code null} or empty
   */
  public static Map<String, Double> migPerFactor(double[][] codes, ExampleFactors factors, int bins) {
    requireShapes(codes, factors);
    int[][][] buckets = buckets(factors);
    int[] varying = varying(factors, buckets);
    int d = codes[0].length;
    int n = codes.length;
    int[][] discrete = new int[d][];
    for (int j = 0; j < d; j++) {
      discrete[j] = discretise(codes, j, bins);
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (int k : varying) {
      int[] y = column(factors, k);
      int size = factors.sizes()[k];
      double entropy = mutualInformation(y, size, y, size);
      double first = 0;
      double second = 0;
      for (int j = 0; j < d; j++) {
        double m = mutualInformation(discrete[j], bins, y, size);
        if (m > first) {
          second = first;
          first = m;
        } else if (m > second) {
          second = m;
        }
      }
      out.put(factors.names().get(k), (first - second) / entropy);
    }
    return out;
  }

  /**
   * Bin indices in {@code [0, bins)} of dimension {@code j}: numpy's {@code digitize(x, histogram(x,
   * bins)[1][:-1]) - 1}, so the maximum falls in the last bin; a constant dimension falls in one bin.
   */
  static int[] discretise(double[][] codes, int j, int bins) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[] row : codes) {
      min = Math.min(min, row[j]);
      max = Math.max(max, row[j]);
    }
    int[] out = new int[codes.length];
    if (!(max > min)) {
      return out;
    }
    double width = (max - min) / bins;
    for (int i = 0; i < codes.length; i++) {
      int b = 0;
      // The number of left edges min + b * width (b >= 1) at or below the value, as digitize counts them.
      while (b + 1 < bins && min + (b + 1) * width <= codes[i][j]) {
        b++;
      }
      out[i] = b;
    }
    return out;
  }

  /** The plug-in mutual information in nats between two discrete variables, from their joint counts. */
  static double mutualInformation(int[] a, int sizeA, int[] b, int sizeB) {
    int n = a.length;
    long[][] joint = new long[sizeA][sizeB];
    long[] countA = new long[sizeA];
    long[] countB = new long[sizeB];
    for (int i = 0; i < n; i++) {
      joint[a[i]][b[i]]++;
      countA[a[i]]++;
      countB[b[i]]++;
    }
    double mi = 0;
    for (int x = 0; x < sizeA; x++) {
      for (int y = 0; y < sizeB; y++) {
        if (joint[x][y] > 0) {
          mi += (double) joint[x][y] / n * Math.log((double) joint[x][y] * n / ((double) countA[x] * countB[y]));
        }
      }
    }
    return Math.max(0, mi);
  }

  /**
   * DCI (Eastwood and Williams 2018): per factor a random forest classifier predicts the factor from the
   * codes; its impurity-based feature importances form the column of the importance matrix {@code R}
   * ({@code [code][factor]}). Disentanglement weighs each code's {@code 1 - H_K(R_j.)} by its share of the
   * importance, completeness each factor's {@code 1 - H_D(R_.k)}; informativeness is the classifiers' mean
   * accuracy, as disentanglement_lib reports it (which uses gradient-boosted trees instead).
   *
   * @param trainCodes the codes the forests are fitted to, never {@code null}
   * @param trainFactors their factors, never {@code null}
   * @param testCodes the codes informativeness is measured on, never {@code null}
   * @param testFactors their factors, never {@code null}
   * @param trees trees per forest
   * @param maxDepth the deepest a tree grows
   * @param random the generator the bootstrap samples come from, never {@code null}
   * @return the scores and the importance matrix
   */
  public static Dci dci(double[][] trainCodes, ExampleFactors trainFactors, double[][] testCodes,
      ExampleFactors testFactors, int trees, int maxDepth, RandomGenerator random) {
    requireShapes(trainCodes, trainFactors);
    requireShapes(testCodes, testFactors);
    int[] varying = varying(trainFactors, buckets(trainFactors));
    int d = trainCodes[0].length;
    double[][] importance = new double[d][varying.length];
    double trainAccuracy = 0;
    double testAccuracy = 0;
    Map<String, Double> perFactor = new LinkedHashMap<>();
    for (int f = 0; f < varying.length; f++) {
      int k = varying[f];
      int size = trainFactors.sizes()[k];
      int[] y = column(trainFactors, k);
      RandomForest forest = RandomForest.fit(trainCodes, y, size, trees, maxDepth, random);
      double[] imp = forest.importances();
      for (int j = 0; j < d; j++) {
        importance[j][f] = Math.abs(imp[j]);
      }
      trainAccuracy += forest.accuracy(trainCodes, y) / varying.length;
      double accuracy = forest.accuracy(testCodes, column(testFactors, k));
      perFactor.put(trainFactors.names().get(k), accuracy);
      testAccuracy += accuracy / varying.length;
    }
    return new Dci(disentanglement(importance), completeness(importance), trainAccuracy, testAccuracy, perFactor,
        importance);
  }

  private static int[] column(ExampleFactors factors, int k) {
    int[] y = new int[factors.count()];
    for (int i = 0; i < y.length; i++) {
      y[i] = factors.value(i, k);
    }
    return y;
  }

  /** DCI disentanglement of an importance matrix {@code [code][factor]}. */
  static double disentanglement(double[][] importance) {
    int d = importance.length;
    int factors = importance[0].length;
    double total = 0;
    for (double[] row : importance) {
      total += Arrays.stream(row).sum();
    }
    double score = 0;
    for (double[] row : importance) {
      double weight = total == 0 ? 1.0 / d : Arrays.stream(row).sum() / total;
      score += weight * (1 - entropy(row, factors));
    }
    return score;
  }

  /** DCI completeness of an importance matrix {@code [code][factor]}. */
  static double completeness(double[][] importance) {
    int d = importance.length;
    int factors = importance[0].length;
    double total = 0;
    for (double[] row : importance) {
      total += Arrays.stream(row).sum();
    }
    double score = 0;
    for (int k = 0; k < factors; k++) {
      double[] column = new double[d];
      for (int j = 0; j < d; j++) {
        column[j] = importance[j][k];
      }
      double weight = total == 0 ? 1.0 / factors : Arrays.stream(column).sum() / total;
      score += weight * (1 - entropy(column, d));
    }
    return score;
  }

  /**
   * The entropy in base {@code base} of {@code weights + 1e-11}, normalised to a distribution, as
   * scipy.stats.entropy computes it in disentanglement_lib; 0 for a single outcome (base 1).
   */
  static double entropy(double[] weights, int base) {
    if (base < 2) {
      return 0;
    }
    double total = 0;
    for (double w : weights) {
      total += w + 1e-11;
    }
    double h = 0;
    for (double w : weights) {
      double p = (w + 1e-11) / total;
      h -= p * Math.log(p);
    }
    return h / Math.log(base);
  }
}
