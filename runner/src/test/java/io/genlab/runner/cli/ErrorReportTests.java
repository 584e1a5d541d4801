package io.genlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.engine.config.InvalidConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** How the command line's exception handler tells the user's problems from genlab's defects. */
class ErrorReportTests {
  private final StringWriter printed = new StringWriter();

  private int print(Throwable e, boolean debug) {
    return ErrorReport.print(e, new PrintWriter(printed), debug);
  }

  @Test
  void invalidConfigAnywhereInTheCauseChainIsBadInputWithOneMessageAndNoTrace() {
    var cause = new InvalidConfigException("data.config.file", "no such file 'x.idx'");
    assertThat(print(new IllegalStateException("while training", cause), false)).isEqualTo(GenlabCli.EXIT_BAD_INPUT);
    assertThat(printed.toString()).isEqualTo("error: data.config.file: no such file 'x.idx'" + System.lineSeparator());
  }

  @Test
  void ioFailuresAreBadInputNamingTheFile() {
    assertThat(print(new UncheckedIOException(new NoSuchFileException("/data/mnist/train.idx")), false))
        .isEqualTo(GenlabCli.EXIT_BAD_INPUT);
    assertThat(print(new AccessDeniedException("/store/1/meta.yaml"), false)).isEqualTo(GenlabCli.EXIT_BAD_INPUT);
    assertThat(print(new FileSystemException("/store/1/x", null, "No space left on device"), false))
        .isEqualTo(GenlabCli.EXIT_BAD_INPUT);
    assertThat(print(new IOException(), false)).isEqualTo(GenlabCli.EXIT_BAD_INPUT);
    assertThat(printed.toString()).contains("/data/mnist/train.idx: no such file or folder",
        "/store/1/meta.yaml: permission denied", "/store/1/x: No space left on device", "input/output error (IOException)")
        .doesNotContain("\tat ");
  }

  @Test
  void anIoMessageOfSeveralLinesKeepsThemEachEscapedAndIndented() {
    print(new IOException("mnist: IDX files not found. Looked in:\n  /data/mnist\u001b[2J\nTo fix: set directory:"), false);
    assertThat(printed.toString()).isEqualTo(String.join(System.lineSeparator(), "error: mnist: IDX files not found. "
        + "Looked in:", "    /data/mnist\\u001b[2J", "  To fix: set directory:", ""));
  }

  @Test
  void debugAddsTheTraceToBadInput() {
    assertThat(print(new InvalidConfigException("seed", "bad"), true)).isEqualTo(GenlabCli.EXIT_BAD_INPUT);
    assertThat(printed.toString()).startsWith("error: seed: bad").contains("\tat io.genlab.runner.cli.ErrorReportTests");
  }

  @Test
  void anythingElseIsADefectWithItsTraceAndARequestToReportIt() {
    assertThat(print(new IllegalStateException("plan has no step for 'x'"), false)).isEqualTo(GenlabCli.EXIT_DEFECT);
    assertThat(printed.toString()).startsWith("error: java.lang.IllegalStateException: plan has no step for 'x'")
        .contains("\tat io.genlab.runner.cli.ErrorReportTests", ErrorReport.REPORT_DEFECTS);
  }

  @Test
  void aMessageQuotingControlCharactersPrintsThemEscaped() {
    print(new InvalidConfigException("name", "found '\u001b[2Jx\ny'"), false);
    assertThat(printed.toString()).isEqualTo("error: name: found '\\u001b[2Jx\\ny'" + System.lineSeparator());
  }

  @Test
  void debugIsTakenFromAnyPlaceBeforeTheEndOfOptions() {
    assertThat(io.genlab.runner.badinput.CliRun.of("--debug", "plugins", "--debug").code()).isZero();
  }
}
