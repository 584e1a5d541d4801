package io.genlab.runner.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The allow-list of trial JVM options: sizes, collectors and counts pass; options that run or read things do not. */
class TrialJvmOptionsTests {

  @Test
  void allowsMemoryCollectorAndProcessorSettings() {
    List<String> allowed = List.of("-Xmx2g", "-Xms512m", "-Xss1024k", "-Xmx1073741824", "-XX:MaxRAMPercentage=75",
        "-XX:MaxRAMPercentage=100", "-XX:InitialRAMPercentage=12.5", "-XX:MaxDirectMemorySize=4G", "-XX:+UseG1GC",
        "-XX:+UseParallelGC", "-XX:+UseSerialGC", "-XX:+UseZGC", "-XX:ActiveProcessorCount=4",
        "-XX:ActiveProcessorCount=4096", "-Dorg.bytedeco.javacpp.maxphysicalbytes=12g",
        "-Dorg.bytedeco.javacpp.maxbytes=8g");
    assertThat(allowed).allSatisfy(option -> assertThat(TrialJvmOptions.problem(option)).as(option).isEmpty());
  }

  @Test
  void refusesOptionsThatRunCommandsLoadCodeOrReadFiles() {
    List<String> refused = List.of("-XX:OnOutOfMemoryError=sh -c id", "-XX:OnError=id", "-javaagent:/tmp/a.jar",
        "-agentpath:/tmp/a.so", "-agentlib:jdwp=transport=dt_socket", "-cp", "-classpath", "--class-path=/tmp",
        "@/tmp/args", "-Djava.library.path=/tmp", "-XX:Flags=/tmp/f", "-XX:VMOptionsFile=/tmp/f",
        "-Djava.security.manager=allow", "--add-opens=java.base/java.lang=ALL-UNNAMED", "-XX:+UseG1GC -javaagent:x",
        "-XX:+UseG1GCX", "", " -Xmx2g", "-jar", "-version");
    assertThat(refused).allSatisfy(option -> assertThat(TrialJvmOptions.problem(option)).as(option).get()
        .asString().contains("not allowed", "-Xmx, -Xms, -Xss <size>"));
  }

  @Test
  void namesTheRuleOfAMalformedValue() {
    assertThat(TrialJvmOptions.problem("-Xmx2gb")).contains("'-Xmx2gb': -Xmx takes a size such as 512m, 4g or 1024k "
        + "(digits, then k, m, g or t)");
    assertThat(TrialJvmOptions.problem("-Xmx2g -javaagent:x")).get().asString().contains("-Xmx takes a size");
    assertThat(TrialJvmOptions.problem("-Xmx2g\n-javaagent:x")).get().asString().contains("-Xmx takes a size");
    assertThat(TrialJvmOptions.problem("-Xmx0")).get().asString().contains("-Xmx takes a size");
    assertThat(TrialJvmOptions.problem("-Xmx99999999999999g")).get().asString().contains("-Xmx takes a size");
    assertThat(TrialJvmOptions.problem("-XX:MaxRAMPercentage=100.5")).get().asString().contains("percentage");
    assertThat(TrialJvmOptions.problem("-XX:ActiveProcessorCount=4097")).get().asString().contains("1 to 4096");
    assertThat(TrialJvmOptions.problem("-Dorg.bytedeco.javacpp.maxbytes=$(id)")).get().asString()
        .contains("-Dorg.bytedeco.javacpp.maxbytes= takes a size");
  }

  @Test
  void aRequestRefusesWhatTheSpecCheckWouldHaveRefused() {
    assertThatThrownBy(() -> new TrialRequest(0, "run1", "/store", 1, List.of("-Xmx1g", "-XX:OnError=id"),
        java.nio.file.Path.of("t.log"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OnError");
  }
}
