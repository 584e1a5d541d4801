package io.genlab.runner.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line of a local trial: only checked values, each one argument, none readable as an option. */
class LocalProcessLauncherTests {

  @Test
  void trialsResumeTheirRunWithThisJvmsVectorModule() {
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).as("tests run with the Vector API").isPresent();
    TrialRequest request = new TrialRequest(0, "run1", "/store", 2, List.of("-Xmx1g"), Path.of("trial.log"));
    List<String> command = new LocalProcessLauncher("/jdk/bin/java", "a.jar:b.jar").command(request);
    assertThat(command).containsExactly("/jdk/bin/java", "-Xmx1g", "--add-modules=jdk.incubator.vector", "-cp",
        "a.jar:b.jar", "io.genlab.runner.cli.GenlabCli", "trial", "--tracking-uri=/store", "--watch-parent", "--",
        "run1");
  }

  @Test
  void aStoreUriThatLooksLikeAnOptionStaysTheOptionsValue() {
    TrialRequest request = new TrialRequest(0, "run1", "--debug --watch-parent", 2, List.of(), Path.of("trial.log"));
    List<String> command = new LocalProcessLauncher("/jdk/bin/java", "a.jar").command(request);
    assertThat(command).contains("--tracking-uri=--debug --watch-parent").doesNotContain("--debug");
  }

  @Test
  void refusesRunIdsFromTheStoreThatAreNotPlainIds() {
    for (String id : List.of("../../etc", "-javaagent:x", "--debug", "a b", "a/b", "", "x".repeat(129), "id\n")) {
      assertThatThrownBy(() -> new TrialRequest(0, id, "/store", 1, List.of(), Path.of("t.log")))
          .as(id).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> new TrialRequest(0, "run1", "/store\u0000x", 1, List.of(), Path.of("t.log")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TrialRequest(0, "run1", "/store", 0, List.of(), Path.of("t.log")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
