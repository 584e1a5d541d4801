package io.genlab.runner.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line of a local trial. */
class LocalProcessLauncherTests {

  @Test
  void trialsResumeTheirRunWithThisJvmsVectorModule() {
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).as("tests run with the Vector API").isPresent();
    TrialRequest request = new TrialRequest("run1", "/store", 2, List.of("-Xmx1g"), Path.of("trial.log"));
    List<String> command = new LocalProcessLauncher("/jdk/bin/java", "a.jar:b.jar").command(request);
    assertThat(command).containsExactly("/jdk/bin/java", "-Xmx1g", "--add-modules=jdk.incubator.vector", "-cp",
        "a.jar:b.jar", "io.genlab.runner.cli.GenlabCli", "resume", "run1", "--tracking-uri", "/store", "--trial");
  }
}
