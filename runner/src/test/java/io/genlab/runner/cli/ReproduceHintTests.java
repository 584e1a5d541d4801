package io.genlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hint a reproduction prints when a bit-relevant environment tag differs. */
class ReproduceHintTests {

  @Test
  void namesTheVariableAndItsRecordedValue() {
    assertThat(GenlabCli.matchingHint("genlab.omp_num_threads", "2"))
        .isEqualTo(" (run OMP_NUM_THREADS=2 ./genlab reproduce ... to match)");
    assertThat(GenlabCli.matchingHint("genlab.openblas_coretype", "SkylakeX"))
        .isEqualTo(" (run OPENBLAS_CORETYPE=SkylakeX ./genlab reproduce ... to match)");
  }

  @Test
  void staysSilentForValuesAShellWouldNotTakeLiterally() {
    // Tags come from the tracking store, which may hold anyone's runs.
    assertThat(GenlabCli.matchingHint("genlab.openblas_coretype", "Haswell; rm -rf ~")).isEmpty();
    assertThat(GenlabCli.matchingHint("genlab.omp_num_threads", "$(id)")).isEmpty();
    assertThat(GenlabCli.matchingHint("genlab.openblas_coretype", "unset")).isEmpty();
    assertThat(GenlabCli.matchingHint("genlab.java.version", "17")).isEmpty();
  }
}
