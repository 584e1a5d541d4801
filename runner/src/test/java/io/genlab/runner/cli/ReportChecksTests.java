package io.genlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.engine.config.InvalidConfigException;
import org.junit.jupiter.api.Test;

/** What {@link ReportChecks} names when it refuses a store URI. */
class ReportChecksTests {
  @Test
  void aStoreUriThatCannotBeOpenedIsNamedWhereItCameFrom() {
    // MLFLOW_TRACKING_URI was reported as --tracking-uri, an option the user never gave.
    assertThatThrownBy(() -> ReportChecks.existingStore("ftp://host/mlruns", "MLFLOW_TRACKING_URI"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("MLFLOW_TRACKING_URI ftp://host/mlruns")
        .hasMessageNotContaining("--tracking-uri");
  }
}
