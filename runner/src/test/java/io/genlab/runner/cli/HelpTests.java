package io.genlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.runner.badinput.CliRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command answers --help with its own usage and exit 0, before it checks its arguments. */
class HelpTests {
  @ParameterizedTest(name = "genlab {0} --help")
  @ValueSource(strings = {"run", "sweep", "sweep status", "sweep cancel", "trial", "resume", "reproduce", "evaluate",
      "plugins", "report", "sync"})
  void everyCommandShowsItsUsage(String command) {
    String[] words = command.split(" ");
    String[] args = java.util.Arrays.copyOf(words, words.length + 1);
    args[words.length] = "--help";
    CliRun run = CliRun.of(args);
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out() + run.err()).contains("Usage: genlab " + command);
  }
}
