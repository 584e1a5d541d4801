package io.genlab.runner.badinput;

import static io.genlab.runner.badinput.BadInputCase.of;
import static io.genlab.runner.badinput.BadInputCase.runValid;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Bad command lines: unknown commands and options, missing or unreadable files, malformed {@code --set}. */
class ArgumentsCorpusTests {
  @TempDir static Path dir;

  static final List<BadInputCase> CASES = List.of(
      of("no command", ws -> List.of(), "no command given", "run, sweep"),
      of("unknown command", ws -> List.of("rnu", "x.yaml"), "rnu", "run"),
      of("unknown option", ws -> List.of("run", ws.spec(Workspace.VALID_SPEC), "--dryrun"), "--dryrun"),
      of("spec file missing", ws -> List.of("run", ws.root().resolve("absent.yaml").toString()), "absent.yaml"),
      of("spec is a folder", ws -> List.of("run", ws.folder("folder.yaml").toString()), "folder.yaml"),
      runValid("--set without '='", List.of("--set", "training.epochs"), "--set training.epochs", "path=value"),
      runValid("--set unknown key", List.of("--set", "trainig.epochs=2"), "trainig", "training"));

  @TestFactory
  Stream<DynamicTest> refused() {
    return BadInputCase.tests(new Workspace(dir), CASES);
  }
}
