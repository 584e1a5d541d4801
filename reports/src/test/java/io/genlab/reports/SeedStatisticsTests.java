package io.genlab.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedStatisticsTests {
  @Test
  void meanAndStudentTHalfWidth() {
    SeedStatistics.Summary s = SeedStatistics.of(List.of(101.0, 102.0, 103.0));
    assertThat(s.n()).isEqualTo(3);
    assertThat(s.mean()).isEqualTo(102.0);
    assertThat(s.standardDeviation()).isCloseTo(1.0, within(1e-12));
    // t(0.975, 2 df) = 4.302653 (tables); half-width = t * sd / sqrt(n)
    assertThat(s.halfWidth()).hasValueCloseTo(4.302653 / Math.sqrt(3), within(1e-5));
  }

  @Test
  void tQuantileApproachesTheNormalOne() {
    assertThat(SeedStatistics.tQuantile(1)).isCloseTo(12.7062, within(1e-3));
    assertThat(SeedStatistics.tQuantile(10_000)).isCloseTo(1.960, within(1e-3));
  }

  @Test
  void oneSeedGivesAMeanButNoInterval() {
    SeedStatistics.Summary s = SeedStatistics.of(List.of(7.5));
    assertThat(s.n()).isEqualTo(1);
    assertThat(s.mean()).isEqualTo(7.5);
    assertThat(s.halfWidth()).isEmpty();
  }

  @Test
  void nonFiniteValuesAreLeftOutAndNoneGiveNothing() {
    SeedStatistics.Summary s = SeedStatistics.of(Arrays.asList(1.0, Double.NaN, 3.0, null, Double.POSITIVE_INFINITY));
    assertThat(s.n()).isEqualTo(2);
    assertThat(s.mean()).isEqualTo(2.0);
    assertThat(SeedStatistics.of(List.of()).n()).isZero();
    assertThat(SeedStatistics.of(List.of()).mean()).isNaN();
  }
}
