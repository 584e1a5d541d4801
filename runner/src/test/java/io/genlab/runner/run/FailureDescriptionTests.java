package io.genlab.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A failed run's genlab.failure tag says what to do where genlab knows. */
class FailureDescriptionTests {

  @Test
  void outOfMemoryNamesTheLauncherCapsAndTheWayToRaiseThem() {
    String text = ExperimentRunner.describeFailure(
        new OutOfMemoryError("Physical memory usage is too high: physicalBytes (4111M) > maxPhysicalBytes (4096M)"));
    assertThat(text).contains("physicalBytes (4111M)", "maxphysicalbytes", "GENLAB_JAVA_OPTS", "training.batchSize");
  }

  @Test
  void otherFailuresAreReportedAsTheyAre() {
    assertThat(ExperimentRunner.describeFailure(new IllegalStateException("boom")))
        .isEqualTo("java.lang.IllegalStateException: boom");
  }
}
