package io.genlab.runner.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.tracking.RunStatus;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import io.genlab.tracking.Trackers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from specs and shared runs cannot drive the terminal, forge a console line, break a report's table
 * or run as a spreadsheet formula: runs with hostile names, params and tags are run, reported and reproduced.
 */
class EscapingTests {
  static final String ESC = "\u001b";

  /** A store (as a colleague might share it) whose runs carry terminal escapes, markup and formulas. */
  static Path hostileStore(Path root) {
    Path store = root.resolve("shared");
    try (Tracker tracker = Trackers.fileStore(store)) {
      TrackedRun a = tracker.startRun("paper", "=HYPERLINK(\"http://evil\")", null);
      a.logParams(Map.of("note", "line one\nline two | " + ESC + "[2J", "lr", "-1.5"));
      a.setTag("genlab.protocol.levels", "<script>alert(1)</script>");
      a.logMetric("test/neg_elbo", -1.5, 1);
      a.end(RunStatus.FINISHED);
      TrackedRun b = tracker.startRun("paper", "# not a heading\n- not a list " + ESC + "]0;title\u0007", null);
      b.logParams(Map.of("note", "[link](javascript:alert(1))", "lr", "+SUM(A1)"));
      b.setTag("genlab.protocol.levels", "2");
      b.end(RunStatus.KILLED); // no metric: its cell is a dash, named under the table
    }
    return store;
  }

  @Test
  void markdownReportsOfHostileRunsKeepTheirShape(@TempDir Path tmp) {
    Path store = hostileStore(tmp);
    CliRun md = CliRun.of("report", "paper", "--tracking-uri", store.toString());
    assertThat(md.code()).as("%s", md).isZero();
    String out = md.out();
    assertThat(out).doesNotContain(ESC, "\u0007", "<script>").doesNotContain("\n# not", "\n- not")
        .doesNotContainPattern("(?<!\\\\)\\]\\(javascript");
    String[] rows = Arrays.stream(out.split("\n")).filter(l -> l.startsWith("|")).toArray(String[]::new);
    assertThat(rows).hasSize(4); // header, rule, two runs: no line break or pipe escaped a cell
    for (String row : rows) {
      assertThat(row.split("(?<!\\\\)\\|", -1)).as(row).hasSize(rows[0].split("\\|", -1).length);
    }
    assertThat(out).contains("\\=HYPERLINK(\"http://evil\")", "line one line two \\| \\\\u001b\\[2J",
        "\\<script\\>alert(1)\\</script\\>", "\\# not a heading - not a list", "Not logged (–):",
        "- `test/neg_elbo`: \\# not a heading");
  }

  @Test
  void csvReportsDefuseFormulasButKeepNumbers(@TempDir Path tmp) {
    Path store = hostileStore(tmp);
    CliRun csv = CliRun.of("report", "paper", "--csv", "--tracking-uri", store.toString());
    assertThat(csv.code()).as("%s", csv).isZero();
    assertThat(csv.out()).startsWith("run_name,run_id,status,params.lr,params.note,tags.genlab.protocol.levels,metrics.test/neg_elbo\n")
        .contains("\"'=HYPERLINK(\"\"http://evil\"\")\",", ",'-1.5,", ",-1.5\n", ",'+SUM(A1),");
    assertThat(csv.out()).doesNotContain(ESC, "\u0007").contains("\\u001b[2J\"", "\\u001b]0;title\\u0007\"");
  }

  @Test
  void htmlReportsOfHostileRunsShowTheirTextAsText(@TempDir Path tmp) throws Exception {
    Path store = hostileStore(tmp);
    Path out = tmp.resolve("report.html");
    CliRun html = CliRun.of("report", "paper", "--html", "--out", out.toString(), "--tracking-uri", store.toString());
    assertThat(html.code()).as("%s", html).isZero();
    String page = java.nio.file.Files.readString(out);
    assertThat(page.contains(ESC) || page.contains("\u0007") || page.contains("<script>alert")).isFalse();
    assertThat(page.contains("=HYPERLINK(&quot;http://evil&quot;)")).isTrue();
    CliRun both = CliRun.of("report", "paper", "--html", "--csv", "--tracking-uri", store.toString());
    assertThat(both.code()).as("%s", both).isEqualTo(Workspace.badInputCode());
    assertThat(both.err()).contains("--csv: does not go with --html");
  }

  @Test
  void aRunNamedWithTerminalEscapesPrintsThemVisibly(@TempDir Path tmp) {
    Workspace ws = new Workspace(tmp);
    CliRun run = CliRun.of("run", ws.spec(Workspace.VALID_SPEC
        .replace("name: tiny\nexperiment: tiny", "name: tiny\nexperiment: \"tiny\\e[31m\\nforged: line\"")));
    assertThat(run.out() + run.err()).as("%s", run).doesNotContain(ESC).doesNotContainPattern("(?m)^forged");
    if (run.code() == 0) {
      assertThat(run.err()).contains("tiny\\u001b[31m\\nforged: line");
    } else {
      assertThat(run.code()).as("%s", run).isEqualTo(Workspace.badInputCode());
    }
  }

  @Test
  void aReproductionPrintsTamperedTagsVisibly(@TempDir Path tmp) throws IOException {
    Workspace ws = new Workspace(tmp);
    String id = ws.finishedRun();
    Path tag;
    try (Stream<Path> walk = Files.walk(ws.store())) {
      tag = walk.filter(p -> p.endsWith(Path.of(id, "tags", "genlab.java.version"))).findFirst().orElseThrow();
    }
    Files.writeString(tag, "Plan9" + ESC + "[2K\nwarning: forged", StandardCharsets.UTF_8);
    CliRun again = CliRun.of("reproduce", id, "--tracking-uri", ws.store().toString());
    assertThat(again.out() + again.err()).as("%s", again).doesNotContain(ESC)
        .doesNotContainPattern("(?m)^warning: forged").contains("Plan9\\u001b[2K\\nwarning: forged");
  }
}
