package io.genlab.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.RandomSource;
import io.genlab.quality.internal.ClassifierMetrics;
import io.genlab.quality.internal.ClassifierScores;
import io.genlab.quality.internal.ClassifierScores.MeanStd;
import io.genlab.quality.internal.ClassifierScores.Prdc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The math of the classifier-based metrics on features given directly: numpy's reference numbers from a
 * committed feature file (experiments/bench/quality_reference.py), closed forms and limits.
 */
class ClassifierScoresTests {

  // ---- the numpy reference

  /** The sections of a file {@code quality_reference.py} wrote: name to rows. */
  private static Map<String, double[][]> sections(String resource) throws IOException {
    Map<String, double[][]> out = new HashMap<>();
    try (var in = new BufferedReader(new InputStreamReader(
        ClassifierScoresTests.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] header = line.split(" ");
        double[][] rows = new double[Integer.parseInt(header[1])][];
        for (int r = 0; r < rows.length; r++) {
          rows[r] = Arrays.stream(in.readLine().split(" ")).mapToDouble(Double::parseDouble).toArray();
          assertThat(rows[r]).as(header[0]).hasSize(Integer.parseInt(header[2]));
        }
        out.put(header[0], rows);
      }
    }
    return out;
  }

  private static Map<String, Double> expected() throws IOException {
    Map<String, Double> out = new HashMap<>();
    try (var in = new BufferedReader(new InputStreamReader(
        ClassifierScoresTests.class.getResourceAsStream("quality-reference-expected.txt"), StandardCharsets.UTF_8))) {
      in.lines().filter(l -> !l.startsWith("#")).forEach(l -> out.put(l.split(" ")[0],
          Double.parseDouble(l.split(" ")[1])));
    }
    return out;
  }

  private static int[] ints(double[] row) {
    return Arrays.stream(row).mapToInt(v -> (int) v).toArray();
  }

  private static int[][] ints(double[][] rows) {
    return Arrays.stream(rows).map(ClassifierScoresTests::ints).toArray(int[][]::new);
  }

  private static void matches(double actual, double reference, String name) {
    assertThat(actual).as(name).isCloseTo(reference, within(1e-9 * Math.abs(reference)));
  }

  @Test
  void everyScoreMatchesNumpyOnTheReferenceFeatures() throws IOException {
    Map<String, double[][]> s = sections("quality-reference-features.txt");
    Map<String, Double> numpy = expected();
    assertThat(numpy).hasSize(10);
    double[][] real = s.get("real");
    double[][] fake = s.get("fake");
    int splits = (int) s.get("params")[0][0];
    int k = (int) s.get("params")[0][1];

    matches(ClassifierScores.accuracy(s.get("logits"), ints(s.get("labels")[0])), numpy.get("accuracy"), "accuracy");
    MeanStd is = MeanStd.of(ClassifierScores.inceptionScores(s.get("logits"), ints(s.get("order")[0]), splits));
    matches(is.mean(), numpy.get("inception_score_mean"), "inception score mean");
    matches(is.std(), numpy.get("inception_score_std"), "inception score std");
    int[][] xs = ints(s.get("x_subsets"));
    int[][] ys = ints(s.get("y_subsets"));
    MeanStd kid = MeanStd.of(ClassifierScores.kid(fake, real, xs, ys));
    matches(kid.mean(), numpy.get("kid_mean"), "kid mean");
    matches(kid.std(), numpy.get("kid_std"), "kid std");
    matches(MeanStd.of(ClassifierScores.kid(real, real, xs, ys)).mean(), numpy.get("kid_same_set_mean"), "same set");
    Prdc prdc = ClassifierScores.prdc(real, fake, k);
    matches(prdc.precision(), numpy.get("precision"), "precision");
    matches(prdc.recall(), numpy.get("recall"), "recall");
    matches(prdc.density(), numpy.get("density"), "density");
    matches(prdc.coverage(), numpy.get("coverage"), "coverage");
    // None of them is a trivial 0 or 1 that a wrong formula could also reach.
    assertThat(numpy.values()).allSatisfy(v -> assertThat(v).isNotIn(0.0, 1.0));
  }

  // ---- inception score

  /** Logits {@code scale} at row {@code i}'s class {@code classOf[i]}, 0 elsewhere. */
  private static double[][] oneHot(int[] classOf, int classes, double scale) {
    double[][] logits = new double[classOf.length][classes];
    for (int i = 0; i < classOf.length; i++) {
      logits[i][classOf[i]] = scale;
    }
    return logits;
  }

  private static java.util.List<Double> boxed(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    return order;
  }

  @Test
  void confidentPredictionsSpreadEvenlyOverTheClassesScoreTheNumberOfClasses() {
    int[] classes = new int[200];
    Arrays.setAll(classes, i -> i % 10);
    double[] scores = ClassifierScores.inceptionScores(oneHot(classes, 10, 200), identity(200), 10);
    assertThat(boxed(scores)).hasSize(10).allSatisfy(v -> assertThat(v).isCloseTo(10, within(1e-9)));
    assertThat(MeanStd.of(scores).std()).isCloseTo(0, within(1e-9));
    // ... one class everywhere scores 1, and so do uniform predictions
    assertThat(boxed(ClassifierScores.inceptionScores(oneHot(new int[200], 10, 200), identity(200), 10)))
        .allSatisfy(v -> assertThat(v).isCloseTo(1, within(1e-12)));
    assertThat(boxed(ClassifierScores.inceptionScores(new double[200][10], identity(200), 4)))
        .allSatisfy(v -> assertThat(v).isCloseTo(1, within(1e-12)));
  }

  @Test
  void theScoreLiesBetweenOneAndTheNumberOfClasses() {
    float[] z = new float[500 * 7];
    RandomSource.seeded(4).fillNormal(z);
    for (double scale : new double[] {0.1, 1, 10, 1000}) {
      double[][] logits = new double[500][7];
      for (int i = 0; i < 500; i++) {
        for (int c = 0; c < 7; c++) {
          logits[i][c] = scale * z[i * 7 + c];
        }
      }
      assertThat(boxed(ClassifierScores.inceptionScores(logits, identity(500), 10))).as("scale %s", scale)
          .allSatisfy(v -> assertThat(v).isBetween(1.0, 7.0).isFinite());
    }
  }

  @Test
  void splitsFollowTheOrderSoClassSortedRowsNeedShuffling() {
    // Ten classes in blocks: unshuffled, every split holds one class and scores 1; shuffled, about 10.
    int[] classes = new int[1000];
    Arrays.setAll(classes, i -> i / 100);
    double[][] logits = oneHot(classes, 10, 50);
    assertThat(MeanStd.of(ClassifierScores.inceptionScores(logits, identity(1000), 10)).mean())
        .isCloseTo(1, within(1e-9));
    double shuffled = MeanStd.of(ClassifierScores.inceptionScores(logits,
        RandomSource.seeded(1).permutation(1000), 10)).mean();
    assertThat(shuffled).isBetween(9.0, 10.0);
    // Uneven splits: 7 rows in 3 splits take [0, 2), [2, 4), [4, 7) as torch-fidelity's i * n // splits.
    double[] three = ClassifierScores.inceptionScores(oneHot(new int[] {0, 1, 0, 0, 0, 1, 2}, 3, 50), identity(7), 3);
    assertThat(three[0]).isCloseTo(2, within(1e-9));
    assertThat(three[1]).isCloseTo(1, within(1e-9));
    assertThat(three[2]).isCloseTo(3, within(1e-9));
    assertThatThrownBy(() -> ClassifierScores.inceptionScores(logits, identity(1000), 1001))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void meanAndStdAreNumpysPopulationOnes() {
    MeanStd m = MeanStd.of(new double[] {1, 2, 3, 4});
    assertThat(m.mean()).isEqualTo(2.5);
    assertThat(m.std()).isCloseTo(Math.sqrt(1.25), within(1e-15));
  }

  // ---- KID

  /** {@code n} points of {@code N(shift e_0, I_d)}, from {@code seed}. */
  private static double[][] gaussian(int n, int d, double shift, long seed) {
    float[] z = new float[n * d];
    RandomSource.seeded(seed).fillNormal(z);
    double[][] out = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        out[i][k] = z[i * d + k] + (k == 0 ? shift : 0);
      }
    }
    return out;
  }

  private static MeanStd kid(double[][] x, double[][] y, int subsets, int size, long seed) {
    int[][][] s = ClassifierMetrics.Kid.subsets(RandomSource.seeded(seed), subsets, size, x.length, y.length);
    return MeanStd.of(ClassifierScores.kid(x, y, s[0], s[1]));
  }

  @Test
  void kidOfShiftedGaussiansMatchesTheCubicKernelsClosedForm() {
    // For x ~ N(mu, I_d), y ~ N(0, I_d) and k = (x.y/d + 1)^3 = sum_j C(3,j) (x.y)^j / d^j, MMD^2 is
    // sum_j C(3,j)/d^j |E x^(j) - E y^(j)|^2 over the moment tensors:
    // 3|mu|^2/d + 3|mu|^4/d^2 + (|mu|^6 + 6|mu|^4 + (3d + 6)|mu|^2)/d^3; |mu| = 1, d = 4: 1.328125.
    int d = 4;
    double exact = 3.0 / d + 3.0 / (d * d) + (1 + 6 + 3 * d + 6.0) / (d * d * d);
    assertThat(exact).isEqualTo(1.328125);
    // KID over 30 subsets of 1000 from 4000 points a side scatters about it with a standard deviation of
    // 0.064 (numpy, 10 draws: mean 1.3286); one subset pair's, about 0.11.
    double[][] y = gaussian(4000, d, 0, 2);
    MeanStd shifted = kid(gaussian(4000, d, 1, 1), y, 30, 1000, 3);
    assertThat(shifted.mean()).isCloseTo(exact, within(0.2));
    assertThat(shifted.std()).isBetween(0.03, 0.3);
    // The same distribution: the unbiased estimate is 0 up to noise (numpy: standard deviation 0.002).
    assertThat(kid(gaussian(4000, d, 0, 4), y, 30, 1000, 3).mean()).isCloseTo(0, within(0.01));
  }

  @Test
  void kidIsTheUnbiasedEstimatorNotTheBiasedOne() {
    // One subset pair, brute force: off-diagonal means of k(x, x') and k(y, y') minus twice the mean k(x, y).
    double[][] x = gaussian(5, 3, 0.5, 6);
    double[][] y = gaussian(5, 3, 0, 7);
    int[] all = identity(5);
    double xx = 0;
    double yy = 0;
    double xy = 0;
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        xy += kernel(x[i], y[j]);
        if (i != j) {
          xx += kernel(x[i], x[j]);
          yy += kernel(y[i], y[j]);
        }
      }
    }
    double brute = (xx + yy) / 20 - 2 * xy / 25;
    assertThat(ClassifierScores.polynomialMmd2(x, y, all, all)).isCloseTo(brute, within(1e-12));
    // subsets pick rows: rows 1, 3 of x against rows 0, 4 of y
    double two = (2 * kernel(x[1], x[3]) + 2 * kernel(y[0], y[4])) / 2
        - 2 * (kernel(x[1], y[0]) + kernel(x[1], y[4]) + kernel(x[3], y[0]) + kernel(x[3], y[4])) / 4;
    assertThat(ClassifierScores.polynomialMmd2(x, y, new int[] {1, 3}, new int[] {0, 4})).isCloseTo(two, within(1e-12));
    assertThatThrownBy(() -> ClassifierScores.polynomialMmd2(x, y, new int[] {1}, new int[] {0}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static double kernel(double[] a, double[] b) {
    double dot = 0;
    for (int k = 0; k < a.length; k++) {
      dot += a[k] * b[k];
    }
    return Math.pow(dot / a.length + 1, 3);
  }

  @Test
  void subsetsAreDrawnWithoutReplacementAndDifferBetweenDraws() {
    int[][][] s = ClassifierMetrics.Kid.subsets(RandomSource.seeded(9), 20, 30, 50, 80);
    assertThat(s[0]).hasNumberOfRows(20);
    for (int i = 0; i < 20; i++) {
      assertThat(s[0][i]).hasSize(30).doesNotHaveDuplicates();
      assertThat(Arrays.stream(s[0][i]).boxed().toList()).allMatch(v -> v >= 0 && v < 50);
      assertThat(s[1][i]).hasSize(30).doesNotHaveDuplicates();
      assertThat(Arrays.stream(s[1][i]).boxed().toList()).allMatch(v -> v >= 0 && v < 80);
    }
    Set<String> distinct = new HashSet<>();
    for (int[] subset : s[0]) {
      distinct.add(Arrays.toString(subset));
    }
    assertThat(distinct).hasSize(20);
    assertThat(ClassifierMetrics.Kid.subsets(RandomSource.seeded(9), 20, 30, 50, 80)).isDeepEqualTo(s);
    // Every index is drawn about equally often: 20 * 30 / 50 = 12 times each, none never.
    int[] counts = new int[50];
    for (int[] subset : s[0]) {
      for (int v : subset) {
        counts[v]++;
      }
    }
    assertThat(Arrays.stream(counts).boxed().toList()).allMatch(c -> c > 2 && c < 25);
  }

  // ---- precision, recall, density, coverage

  @Test
  void identicalSetsHaveFullPrecisionRecallAndCoverage() {
    double[][] x = gaussian(200, 8, 0, 11);
    Prdc same = ClassifierScores.prdc(x, x.clone(), 3);
    assertThat(same.precision()).isEqualTo(1.0);
    assertThat(same.recall()).isEqualTo(1.0);
    assertThat(same.coverage()).isEqualTo(1.0);
    assertThat(same.density()).isBetween(0.5, 1.5);
  }

  @Test
  void disjointSetsScoreZeroEverywhere() {
    Prdc far = ClassifierScores.prdc(gaussian(200, 8, 0, 12), gaussian(150, 8, 100, 13), 3);
    assertThat(far).isEqualTo(new Prdc(0, 0, 0, 0));
  }

  @Test
  void aCollapsedGeneratorIsPreciseButRecallsAndCoversLittle() {
    // Generated rows repeat 10 real rows: all inside the real manifold, covering only their own balls.
    double[][] real = gaussian(300, 8, 0, 14);
    double[][] fake = new double[300][];
    for (int i = 0; i < fake.length; i++) {
      fake[i] = real[i % 10];
    }
    Prdc collapsed = ClassifierScores.prdc(real, fake, 3);
    assertThat(collapsed.precision()).isEqualTo(1.0);
    // every fake ball has radius 0 (each row has 29 copies), so only the 10 copied reals are recalled
    assertThat(collapsed.recall()).isEqualTo(10 / 300.0);
    assertThat(collapsed.coverage()).isLessThanOrEqualTo(0.2).isGreaterThanOrEqualTo(10 / 300.0);
    // Half the real rows as the generated ones: those all fall in real balls; recall counts real rows in
    // the generated ones' balls, which reach beyond the half.
    Prdc half = ClassifierScores.prdc(real, Arrays.copyOf(real, 150), 3);
    assertThat(half.precision()).isEqualTo(1.0);
    assertThat(half.recall()).isBetween(0.5, 1.0);
    assertThat(half.coverage()).isBetween(0.5, 1.0);
  }

  @Test
  void precisionAndRecallCountABoundaryAsInsideDensityAndCoverageAsOutside() {
    // 1-D: real {0, 1, 5, 6}, k = 1: every radius is 1. A generated row at 2 lies on real 1's boundary
    // and in no other ball: inside for precision, outside for density and coverage.
    double[][] real = {{0}, {1}, {5}, {6}};
    double[][] fake = {{2}, {10}};
    Prdc p = ClassifierScores.prdc(real, fake, 1);
    assertThat(p.precision()).isEqualTo(0.5);
    assertThat(p.density()).isEqualTo(0.0);
    assertThat(p.coverage()).isEqualTo(0.0);
    // fake radii: both 8; reals at distance <= 8 of 2 or 10: all four
    assertThat(p.recall()).isEqualTo(1.0);
    assertThatThrownBy(() -> ClassifierScores.prdc(real, fake, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("precision and recall with k = 2 need k >= 1 and more than k rows of each set, found 4 real "
            + "and 2 generated");
  }
}
