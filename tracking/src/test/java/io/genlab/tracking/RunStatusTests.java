package io.genlab.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunStatusTests {
  @Test
  void codesAreMlflows() {
    assertThat(RunStatus.values()).extracting(RunStatus::code).containsExactly(1, 2, 3, 4, 5);
    assertThat(RunStatus.values()).extracting(RunStatus::name)
        .containsExactly("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED");
    for (RunStatus s : RunStatus.values()) {
      assertThat(RunStatus.fromCode(s.code())).isSameAs(s);
    }
    assertThatThrownBy(() -> RunStatus.fromCode(6)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6");
  }

  @Test
  void onlyFinishedFailedAndKilledAreTerminal() {
    assertThat(RunStatus.values()).filteredOn(RunStatus::isTerminal)
        .containsExactly(RunStatus.FINISHED, RunStatus.FAILED, RunStatus.KILLED);
  }
}
