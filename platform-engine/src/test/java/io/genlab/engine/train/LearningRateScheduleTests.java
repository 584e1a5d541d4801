package io.genlab.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The learning-rate schedules' factors, against PyTorch's definitions. */
class LearningRateScheduleTests {

  @Test
  void constantWithoutWarmupIsExactlyOneAndDoesNotVary() {
    assertThat(LearningRateSchedule.DEFAULTS.varies()).isFalse();
    for (long u = 0; u < 50; u++) {
      assertThat(LearningRateSchedule.DEFAULTS.factor(u, 50)).isEqualTo(1.0);
    }
  }

  @Test
  void warmupRisesLinearlyToOne() {
    LearningRateSchedule warmup = new LearningRateSchedule("constant", 4, 1000, 0.1, 0.0);
    assertThat(warmup.varies()).isTrue();
    assertThat(new double[] {warmup.factor(0, 10), warmup.factor(1, 10), warmup.factor(3, 10), warmup.factor(9, 10)})
        .containsExactly(0.25, 0.5, 1.0, 1.0);
  }

  @Test
  void cosineFallsFromOneToTheMinimumOverTheUpdatesAfterWarmup() {
    LearningRateSchedule cosine = new LearningRateSchedule("cosine", 10, 1000, 0.1, 0.1);
    assertThat(cosine.factor(9, 110)).isEqualTo(1.0);
    assertThat(cosine.factor(10, 110)).isEqualTo(1.0);
    // Halfway through the cosine part, halfway between 1 and the minimum.
    assertThat(cosine.factor(60, 110)).isCloseTo(0.55, within(1e-12));
    assertThat(cosine.factor(110, 110)).isCloseTo(0.1, within(1e-12));
    assertThat(cosine.factor(500, 110)).isCloseTo(0.1, within(1e-12));
    // PyTorch's CosineAnnealingLR(T_max = 100, eta_min = 0.1 lr) at step 25: 0.1 + 0.9 (1 + cos(pi/4)) / 2.
    assertThat(cosine.factor(35, 110)).isCloseTo(0.1 + 0.45 * (1 + Math.sqrt(0.5)), within(1e-12));
  }

  @Test
  void stepMultipliesByGammaEveryStepSizeUpdates() {
    LearningRateSchedule step = new LearningRateSchedule("step", 0, 3, 0.5, 0.0);
    assertThat(new double[] {step.factor(0, 9), step.factor(2, 9), step.factor(3, 9), step.factor(8, 9)})
        .containsExactly(1.0, 1.0, 0.5, 0.25);
  }

  @Test
  void badFieldsAreRefusedNamingFieldAndValue() {
    assertThatThrownBy(() -> new LearningRateSchedule("cosin", 0, 1, 0.1, 0)).hasMessageContaining("cosine");
    assertThatThrownBy(() -> new LearningRateSchedule("step", -1, 1, 0.1, 0)).hasMessageContaining("warmupSteps");
    assertThatThrownBy(() -> new LearningRateSchedule("step", 0, 0, 0.1, 0)).hasMessageContaining("stepSize");
    assertThatThrownBy(() -> new LearningRateSchedule("step", 0, 1, 1.5, 0)).hasMessageContaining("gamma must be in (0, 1], found 1.5");
    assertThatThrownBy(() -> new LearningRateSchedule("cosine", 0, 1, 0.1, 2)).hasMessageContaining("minFactor");
  }
}
