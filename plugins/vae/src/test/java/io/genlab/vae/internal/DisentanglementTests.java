package io.genlab.vae.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.api.ExampleFactors;
import io.genlab.api.RandomSource;
import java.util.List;
import java.util.random.RandomGenerator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The disentanglement scores on synthetic codes: codes that are the factors (permuted, scaled, with a little
 * noise) score near 1, random codes near chance (0 for MIG and DCI), codes that mix two factors in between.
 */
class DisentanglementTests {
  /** A full grid of 4 factors, 3 x 4 x 5 x 6 = 360 combinations, each 5 times. */
  private static final int[] SIZES = {3, 4, 5, 6};
  private static final ExampleFactors GRID = grid(5);

  private static ExampleFactors grid(int repeats) {
    int total = 3 * 4 * 5 * 6;
    int[] values = new int[total * repeats * 4];
    for (int r = 0; r < repeats; r++) {
      for (int g = 0; g < total; g++) {
        int rest = g;
        for (int k = 3; k >= 0; k--) {
          values[(r * total + g) * 4 + k] = rest % SIZES[k];
          rest /= SIZES[k];
        }
      }
    }
    return new ExampleFactors(List.of("a", "b", "c", "d"), SIZES, values, total * repeats);
  }

  private static RandomGenerator random(long seed) {
    return RandomSource.seeded(seed).generator();
  }

  /**
   * Codes: 6 dimensions, factor k in dimension order[k] scaled by 0.5 + k plus N(0, noise^2); dimensions 1 and 3
   * N(0, 1) noise, active but uninformative.
   */
  private static double[][] faithful(ExampleFactors f, double noise, long seed) {
    int[] order = {4, 0, 5, 2};
    RandomGenerator g = random(seed);
    double[][] codes = new double[f.count()][6];
    for (int i = 0; i < f.count(); i++) {
      for (int j = 0; j < 6; j++) {
        codes[i][j] = (j == 1 || j == 3 ? 1 : noise) * g.nextGaussian();
      }
      for (int k = 0; k < 4; k++) {
        codes[i][order[k]] += (0.5 + k) * f.value(i, k);
      }
    }
    return codes;
  }

  private static double[][] noise(int n, int d, long seed) {
    RandomGenerator g = random(seed);
    double[][] codes = new double[n][d];
    for (double[] row : codes) {
      for (int j = 0; j < d; j++) {
        row[j] = g.nextGaussian();
      }
    }
    return codes;
  }

  /** Factors a and b rotated by 45 degrees into two dimensions; c and d faithful. */
  private static double[][] entangled(ExampleFactors f) {
    double[][] codes = faithful(f, 0.05, 3);
    for (int i = 0; i < f.count(); i++) {
      double a = f.value(i, 0) - 1.0;
      double b = (f.value(i, 1) - 1.5) * 2 / 3.0;
      codes[i][4] = a + b;
      codes[i][0] = a - b;
    }
    return codes;
  }

  @Test
  void betaVaeScoreIsOneForFaithfulCodesChanceForNoiseAndBetweenForMixedOnes() {
    double faithful = Disentanglement.betaVae(faithful(GRID, 0.05, 1), GRID, 64, 400, 200, random(1)).eval();
    double noise = Disentanglement.betaVae(noise(GRID.count(), 6, 2), GRID, 64, 400, 200, random(1)).eval();
    double mixed = Disentanglement.betaVae(entangled(GRID), GRID, 64, 400, 200, random(1)).eval();
    assertThat(faithful).isGreaterThan(0.98);
    assertThat(noise).isCloseTo(0.25, Offset.offset(0.1));
    // a and b share two dimensions: fixing either shrinks both, so the classifier confuses them at times.
    assertThat(mixed).isBetween(noise + 0.2, faithful - 0.05);
  }

  @Test
  void factorVaeScoreIsOneForFaithfulCodesChanceForNoiseAndBetweenForMixedOnes() {
    Disentanglement.FactorVaeScore faithful =
        Disentanglement.factorVae(faithful(GRID, 0.05, 1), GRID, 64, 400, 200, 1000, 0.05, random(1));
    Disentanglement.FactorVaeScore noise =
        Disentanglement.factorVae(noise(GRID.count(), 6, 2), GRID, 64, 400, 200, 1000, 0.05, random(1));
    Disentanglement.FactorVaeScore mixed =
        Disentanglement.factorVae(entangled(GRID), GRID, 64, 400, 200, 1000, 0.05, random(1));
    assertThat(faithful.eval()).isGreaterThan(0.98);
    assertThat(faithful.activeDims()).isEqualTo(6);
    // With 6 dimensions and 4 factors, a majority vote over noise still finds some pattern: near 0.25-0.4.
    assertThat(noise.eval()).isLessThan(0.45);
    // Two dimensions for two factors, each a mix: a dimension's variance drops by half for either factor.
    assertThat(mixed.eval()).isBetween(noise.eval() + 0.1, faithful.eval() - 0.1);
  }

  @Test
  void factorVaePrunesCollapsedDimensionsAndScoresZeroWhenAllCollapse() {
    double[][] codes = faithful(GRID, 0.05, 1);
    for (double[] row : codes) {
      row[1] = 1e-3 * row[1]; // pure noise of tiny scale: a collapsed unit
    }
    assertThat(Disentanglement.factorVae(codes, GRID, 64, 100, 100, 500, 0.05, random(1)).activeDims()).isEqualTo(5);
    double[][] flat = new double[GRID.count()][3];
    Disentanglement.FactorVaeScore none = Disentanglement.factorVae(flat, GRID, 64, 100, 100, 500, 0.05, random(1));
    assertThat(none).isEqualTo(new Disentanglement.FactorVaeScore(0, 0, 0));
  }

  @Test
  void migIsOneForFaithfulCodesNearZeroForNoiseAndBetweenForMixedOnes() {
    double faithful = Disentanglement.mig(faithful(GRID, 0, 1), GRID, 20);
    double noisy = Disentanglement.mig(faithful(GRID, 0.05, 1), GRID, 20);
    double noise = Disentanglement.mig(noise(GRID.count(), 6, 2), GRID, 20);
    double mixed = Disentanglement.mig(entangled(GRID), GRID, 20);
    // The noise dimensions' plug-in MI with a factor is small but not 0 on 1,800 examples: the gap stays below 1.
    assertThat(faithful).isBetween(0.95, 1.0);
    assertThat(noisy).isGreaterThan(0.9);
    assertThat(noise).isLessThan(0.05);
    assertThat(mixed).isBetween(noise + 0.2, noisy - 0.2);
    // Per factor: the rotated pair (a, b) loses its gap, the faithful c and d keep theirs.
    var perFactor = Disentanglement.migPerFactor(entangled(GRID), GRID, 20);
    assertThat(perFactor.keySet()).containsExactly("a", "b", "c", "d");
    assertThat(perFactor.get("a")).isLessThan(0.5);
    assertThat(perFactor.get("c")).isGreaterThan(0.9);
    assertThat(perFactor.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow()).isEqualTo(mixed);
  }

  @Test
  void migMatchesAHandComputedCase() {
    // One binary factor, codes: dim 0 copies it, dim 1 is constant: MI(0) = H = log 2, MI(1) = 0, gap 1.
    ExampleFactors f = new ExampleFactors(List.of("x"), new int[] {2}, new int[] {0, 1, 0, 1}, 4);
    double[][] codes = {{0, 7}, {1, 7}, {0, 7}, {1, 7}};
    assertThat(Disentanglement.mig(codes, f, 20)).isCloseTo(1, Offset.offset(1e-12));
    // Dim 1 now agrees with x on 3 of 4: MI = log 2 - H(x | dim1) = 0.2158 nats, gap (log 2 - 0.2158) / log 2.
    double[][] half = {{0, 0}, {1, 1}, {0, 1}, {1, 1}};
    double mi = Disentanglement.mutualInformation(new int[] {0, 1, 1, 1}, 2, new int[] {0, 1, 0, 1}, 2);
    assertThat(mi).isCloseTo(Math.log(2) - 0.75 * (-(2 / 3.0) * Math.log(2 / 3.0) - (1 / 3.0) * Math.log(1 / 3.0)),
        Offset.offset(1e-12));
    assertThat(Disentanglement.mig(half, f, 20)).isCloseTo((Math.log(2) - mi) / Math.log(2), Offset.offset(1e-12));
  }

  @Test
  void discretisationPutsTheMaximumInTheLastBinAsNumpyDigitizeDoes() {
    double[][] codes = {{0}, {0.5}, {0.99}, {1}, {2}};
    assertThat(Disentanglement.discretise(codes, 0, 4)).containsExactly(0, 1, 1, 2, 3);
  }

  @Test
  void dciIsOneForFaithfulCodesNearZeroForNoiseAndBetweenForMixedOnes() {
    ExampleFactors test = grid(2);
    Disentanglement.Dci faithful = Disentanglement.dci(faithful(GRID, 0.05, 1), GRID, faithful(test, 0.05, 7), test,
        10, 8, random(1));
    Disentanglement.Dci noise = Disentanglement.dci(noise(GRID.count(), 6, 2), GRID, noise(test.count(), 6, 8), test,
        10, 8, random(1));
    Disentanglement.Dci mixed = Disentanglement.dci(entangled(GRID), GRID, entangled(test), test, 10, 8, random(1));
    assertThat(faithful.disentanglement()).isGreaterThan(0.9);
    assertThat(faithful.completeness()).isGreaterThan(0.9);
    assertThat(faithful.informativenessTest()).isGreaterThan(0.98);
    assertThat(noise.disentanglement()).isLessThan(0.2);
    assertThat(noise.completeness()).isLessThan(0.2);
    assertThat(noise.informativenessTest()).isLessThan(0.4);
    assertThat(mixed.disentanglement()).isBetween(noise.disentanglement() + 0.2, faithful.disentanglement() - 0.1);
    assertThat(mixed.informativenessTest()).isGreaterThan(0.9);
    assertThat(noise.informativenessPerFactor().keySet()).containsExactly("a", "b", "c", "d");
    assertThat(faithful.informativenessPerFactor().values()).allSatisfy(v -> assertThat(v).isGreaterThan(0.95));
  }

  @Test
  void dciScoresOfAnImportanceMatrixMatchTheFormula() {
    // Two codes, two factors: code 0 explains factor 0 alone, code 1 both equally.
    double[][] r = {{1, 0}, {0.5, 0.5}};
    // D: code 0 weight 0.5, 1 - H = 1; code 1 weight 0.5, 1 - H = 0: 0.5.
    assertThat(Disentanglement.disentanglement(r)).isCloseTo(0.5, Offset.offset(1e-6));
    // C: factor 0 weight 0.75, distribution (2/3, 1/3); factor 1 weight 0.25, (0, 1) so 1 - H = 1.
    double h = -(2 / 3.0) * Math.log(2 / 3.0) / Math.log(2) - (1 / 3.0) * Math.log(1 / 3.0) / Math.log(2);
    assertThat(Disentanglement.completeness(r)).isCloseTo(0.75 * (1 - h) + 0.25, Offset.offset(1e-6));
  }

  @Test
  void theSameGeneratorSeedGivesTheSameScores() {
    double[][] codes = entangled(GRID);
    assertThat(Disentanglement.betaVae(codes, GRID, 16, 100, 100, random(5)))
        .isEqualTo(Disentanglement.betaVae(codes, GRID, 16, 100, 100, random(5)));
    assertThat(Disentanglement.dci(codes, GRID, codes, GRID, 3, 4, random(5)).disentanglement())
        .isEqualTo(Disentanglement.dci(codes, GRID, codes, GRID, 3, 4, random(5)).disentanglement());
  }

  @Test
  void metricsOnDataWithoutFactorsSayWhichDataHaveThem() {
    io.genlab.api.Examples plain = io.genlab.tck.TinyData.labelledImages();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DisentanglementMetrics.factors(plain, "mig", "test"))
        .isInstanceOf(io.genlab.api.ConfigException.class)
        .hasMessage("mig needs data with known generative factors (e.g. dataset dsprites-grid), but the test split has none");
  }
}
