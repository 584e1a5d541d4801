package io.genlab.quality;

import static java.lang.Math.exp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.RandomSource;
import io.genlab.quality.internal.SampleDistances;
import io.genlab.quality.internal.SampleDistances.Coverage;
import org.junit.jupiter.api.Test;

/** The metrics' math against values computed by hand on tiny point sets. */
class SampleDistancesTests {
  private static final double EPS = 1e-12;

  /** The 8gaussians modes: radius 2, angles k * 45 degrees. */
  private static double[][] eightModes() {
    double[][] modes = new double[8][];
    for (int k = 0; k < 8; k++) {
      modes[k] = new double[] {2 * Math.cos(Math.PI * k / 4), 2 * Math.sin(Math.PI * k / 4)};
    }
    return modes;
  }

  @Test
  void unbiasedMmdOfOneDimensionalPairsMatchesTheHandComputation() {
    // X = {0, 1}, Y = {1, 3}, k(d) = exp(-d^2 / 2) (bandwidth 1).
    // XX: one pair, d = 1 -> (2 / (2 * 1)) * e^-0.5 = e^-0.5
    // YY: one pair, d = 2 -> e^-2
    // XY: d = 1, 3, 0, 2 -> (2 / 4) * (e^-0.5 + e^-4.5 + 1 + e^-2)
    // MMD^2 = e^-0.5 + e^-2 - 0.5 * (1 + e^-0.5 + e^-2 + e^-4.5) = -0.134621526794498
    double expected = exp(-0.5) + exp(-2) - 0.5 * (1 + exp(-0.5) + exp(-2) + exp(-4.5));
    double mmd = SampleDistances.mmd2(new double[][] {{0}, {1}}, new double[][] {{1}, {3}}, new double[] {1});
    assertThat(mmd).isCloseTo(expected, within(EPS)).isCloseTo(-0.134621526794498, within(1e-12));
  }

  @Test
  void unbiasedMmdSumsTheKernelsOfAllBandwidthsInTwoDimensions() {
    // X = {(0,0), (3,4)}, Y = {(0,0), (0,1)}, k(d2) = exp(-d2 / 2) + exp(-d2 / 8) (bandwidths 1 and 2).
    // Squared distances: XX 25; YY 1; XY (0,0)-(0,0) 0, (0,0)-(0,1) 1, (3,4)-(0,0) 25, (3,4)-(0,1) 9 + 9 = 18.
    // MMD^2 = k(25) + k(1) - (2 / 4) * (k(0) + k(1) + k(25) + k(18)) = -0.286277205896071
    double expected = k2(25) + k2(1) - 0.5 * (k2(0) + k2(1) + k2(25) + k2(18));
    double mmd = SampleDistances.mmd2(new double[][] {{0, 0}, {3, 4}}, new double[][] {{0, 0}, {0, 1}},
        new double[] {1, 2});
    assertThat(mmd).isCloseTo(expected, within(EPS)).isCloseTo(-0.286277205896071, within(1e-12));
  }

  private static double k2(double d2) {
    return exp(-d2 / 2) + exp(-d2 / 8);
  }

  @Test
  void distantSetsHaveALargeMmdAndTheBiasedEstimateAddsTheDiagonal() {
    // X = {0, 1}, Y = {5, 6}, bandwidth 1: XX and YY pairs at d = 1, XY at d = 5, 6, 4, 5.
    // S = sum_XY k = 2 e^-12.5 + e^-18 + e^-8
    // unbiased = 2 e^-0.5 - 0.5 S = 1.212889853843154
    // biased = (2 e^-0.5 + 2) / 4 + (2 e^-0.5 + 2) / 4 - 0.5 S = 1 + e^-0.5 - 0.5 S
    double s = 2 * exp(-12.5) + exp(-18) + exp(-8);
    double[][] x = {{0}, {1}};
    double[][] y = {{5}, {6}};
    assertThat(SampleDistances.mmd2(x, y, new double[] {1})).isCloseTo(2 * exp(-0.5) - 0.5 * s, within(EPS))
        .isCloseTo(1.212889853843154, within(1e-12));
    assertThat(SampleDistances.mmd2Biased(x, y, new double[] {1})).isCloseTo(1 + exp(-0.5) - 0.5 * s, within(EPS));
  }

  @Test
  void identicalSetsGiveZeroOnlyForTheBiasedEstimate() {
    // X = Y = {0, 1}, bandwidth 1, k01 = e^-0.5.
    // biased: 2 * (2 + 2 k01) / 4 - 2 * (2 + 2 k01) / 4 = 0
    // unbiased: k01 + k01 - (2 / 4) * (1 + 1 + 2 k01) = k01 - 1 = -0.393469340287367
    double[][] x = {{0}, {1}};
    assertThat(SampleDistances.mmd2Biased(x, x, new double[] {1})).isCloseTo(0, within(EPS));
    assertThat(SampleDistances.mmd2(x, x, new double[] {1})).isCloseTo(exp(-0.5) - 1, within(EPS))
        .isCloseTo(-0.393469340287367, within(1e-12));
  }

  @Test
  void unbiasedMmdNeedsTwoPointsPerSet() {
    assertThatThrownBy(() -> SampleDistances.mmd2(new double[][] {{0}}, new double[][] {{0}, {1}}, new double[] {1}))
        .hasMessageContaining("at least 2 points");
  }

  @Test
  void medianHeuristicIsTheMedianPairwiseDistanceOfThePooledSets() {
    // {0, 1, 3}: distances 1, 3, 2 -> median 2
    assertThat(SampleDistances.medianDistance(new double[][] {{0}, {1}}, new double[][] {{3}}))
        .isEqualTo(2.0);
    // {0, 1, 3, 7}: distances 1, 3, 7, 2, 6, 4 -> sorted 1 2 3 4 6 7 -> (3 + 4) / 2
    assertThat(SampleDistances.medianDistance(new double[][] {{0}, {1}}, new double[][] {{3}, {7}}))
        .isEqualTo(3.5);
    // 2-D: (0,0), (3,4), (0,4): distances 5, 4, 3 -> 4
    assertThat(SampleDistances.medianDistance(new double[][] {{0, 0}, {3, 4}, {0, 4}})).isEqualTo(4.0);
    // all identical: no scale to tell, falls back to 1
    assertThat(SampleDistances.medianDistance(new double[][] {{2}, {2}, {2}})).isEqualTo(1.0);
  }

  @Test
  void slicedWassersteinInOneDimensionIsTheExactW1() {
    // X = {5, 0, 1}, Y = {3, 4, 2}: sorted 0 1 5 vs 2 3 4 -> (2 + 2 + 1) / 3 = 5/3 on u = +1;
    // on u = -1 the sorted projections are -5 -1 0 vs -4 -3 -2 -> (1 + 2 + 2) / 3 = 5/3.
    double[][] x = {{5}, {0}, {1}};
    double[][] y = {{3}, {4}, {2}};
    assertThat(SampleDistances.slicedWasserstein(x, y, new double[][] {{1}})).isCloseTo(5.0 / 3, within(EPS));
    assertThat(SampleDistances.slicedWasserstein(x, y, new double[][] {{1}, {-1}})).isCloseTo(5.0 / 3, within(EPS));
  }

  @Test
  void slicedWassersteinOfATranslationIsTheMeanAbsoluteProjectedShift() {
    // t = (0.5, -2); directions (1,0), (0,1), (0.6,0.8): |<t,u>| = 0.5, 2, |0.3 - 1.6| = 1.3 -> mean 3.8 / 3
    double[][] x = {{0, 0}, {1, 2}, {-1, 3}, {2, -1}, {0.5, 0.5}};
    double[] t = {0.5, -2};
    double[][] y = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      y[i] = new double[] {x[i][0] + t[0], x[i][1] + t[1]};
    }
    double[][] directions = {{1, 0}, {0, 1}, {0.6, 0.8}};
    assertThat(SampleDistances.slicedWasserstein(x, y, directions)).isCloseTo(3.8 / 3, within(1e-12));
    assertThat(SampleDistances.slicedWasserstein(x, x, directions)).isZero();
  }

  @Test
  void slicedWassersteinOfATranslationMatchesRandomDirections() {
    double[][] directions = SampleDistances.randomDirections(16, 3, RandomSource.seeded(4));
    double[][] x = {{0, 0, 0}, {1, -2, 0.5}, {3, 1, -1}, {0.2, 0.4, 2}};
    double[] t = {1, -0.5, 2};
    double[][] y = new double[x.length][3];
    double expected = 0;
    for (double[] u : directions) {
      expected += Math.abs(t[0] * u[0] + t[1] * u[1] + t[2] * u[2]) / directions.length;
    }
    for (int i = 0; i < x.length; i++) {
      for (int k = 0; k < 3; k++) {
        y[i][k] = x[i][k] + t[k];
      }
    }
    assertThat(SampleDistances.slicedWasserstein(x, y, directions)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void randomDirectionsAreDeterministicUnitVectors() {
    double[][] a = SampleDistances.randomDirections(32, 5, RandomSource.seeded(1));
    assertThat(a).isDeepEqualTo(SampleDistances.randomDirections(32, 5, RandomSource.seeded(1)));
    assertThat(a).isNotEqualTo(SampleDistances.randomDirections(32, 5, RandomSource.seeded(2)));
    for (double[] u : a) {
      assertThat(u[0] * u[0] + u[1] * u[1] + u[2] * u[2] + u[3] * u[3] + u[4] * u[4]).isCloseTo(1, within(1e-12));
    }
    assertThat(a[0]).isNotEqualTo(a[1]);
  }

  @Test
  void slicedWassersteinNeedsEqualCounts() {
    assertThatThrownBy(() -> SampleDistances.slicedWasserstein(new double[][] {{0}}, new double[][] {{0}, {1}},
        new double[][] {{1}})).hasMessageContaining("equal size, found 1 and 2");
  }

  @Test
  void samplesNearOneModeCoverOneModeWithFullQuality() {
    double[][] samples = new double[20][];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = new double[] {2 + 0.01 * Math.cos(i), 0.01 * Math.sin(i)}; // within 0.01 of mode 0 = (2, 0)
    }
    Coverage c = SampleDistances.modeCoverage(samples, eightModes(), 3 * 0.02, 1);
    assertThat(c).isEqualTo(new Coverage(1, 8, 1.0));
  }

  @Test
  void spreadSamplesAreCountedByHand() {
    double r = Math.sqrt(2);
    double[][] samples = {
        {2, 0},       // mode 0, distance 0: high quality
        {r, r},       // mode 1 = (sqrt 2, sqrt 2): high quality
        {0, 2.05},    // mode 2 = (0, 2), distance 0.05 <= 0.0625: high quality
        {0, 2.1},     // mode 2, distance 0.1 > 0.0625: low quality
        {2, 0.0625},  // mode 0, distance exactly 0.0625 = radius: high quality (<=)
        {-2, 0},      // mode 4 = (-2, 0): high quality
        {0, 0},       // 2 from every mode: low quality
    };
    // high quality 5 of 7; covered modes {0, 1, 2, 4}
    Coverage c = SampleDistances.modeCoverage(samples, eightModes(), 0.0625, 1);
    assertThat(c.covered()).isEqualTo(4);
    assertThat(c.total()).isEqualTo(8);
    assertThat(c.highQuality()).isCloseTo(5.0 / 7, within(EPS));
  }

  @Test
  void aModeNeedsMinSamplesPerModeHighQualitySamples() {
    double[][] samples = {{2, 0}, {2.01, 0}, {-2, 0}, {-2, 0.5}}; // two at mode 0, one good + one bad at mode 4
    assertThat(SampleDistances.modeCoverage(samples, eightModes(), 0.1, 1)).isEqualTo(new Coverage(2, 8, 0.75));
    assertThat(SampleDistances.modeCoverage(samples, eightModes(), 0.1, 2)).isEqualTo(new Coverage(1, 8, 0.75));
    assertThat(SampleDistances.modeCoverage(samples, eightModes(), 0.1, 3)).isEqualTo(new Coverage(0, 8, 0.75));
  }

  @Test
  void pooledStdAveragesThePerClassVariancesOverClassesAndCoordinates() {
    // class 0: (0,0), (2,0) -> mean (1,0), variances x: (1 + 1) / 2 = 1, y: 0
    // class 1: (5,5), (5,7), (5,9) -> mean (5,7), variances x: 0, y: (4 + 0 + 4) / 3 = 8/3
    // class 2: no points, left out
    // std = sqrt((1 + 0 + 0 + 8/3) / 4) = sqrt(11/12) = 0.957427107756338
    double[][] points = {{0, 0}, {5, 5}, {2, 0}, {5, 7}, {5, 9}};
    int[] labels = {0, 1, 0, 1, 1};
    assertThat(SampleDistances.pooledStd(points, labels, 3)).isCloseTo(Math.sqrt(11.0 / 12), within(EPS))
        .isCloseTo(0.957427107756338, within(1e-12));
    assertThat(SampleDistances.classMeans(points, labels, 3)).isDeepEqualTo(new double[][] {{1, 0}, {5, 7}});
  }
}
