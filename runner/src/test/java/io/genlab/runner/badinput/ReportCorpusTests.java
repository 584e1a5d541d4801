package io.genlab.runner.badinput;

import static io.genlab.runner.badinput.BadInputCase.of;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genlab report} on bad input: unknown experiments and metrics (did-you-mean), missing or foreign
 * stores, and {@code --out} paths that cannot or must not be written; each refused before anything is written.
 */
class ReportCorpusTests {
  @TempDir static Path dir;

  /** {@code genlab report <experiment> --tracking-uri <workspace store> extra...}, the store holding a finished run. */
  static BadInputCase report(String name, String experiment, List<String> extra, String... mentions) {
    return of(name, ws -> {
      ws.finishedRun();
      return BadInputCase.concat(List.of("report", experiment, "--tracking-uri", ws.store().toString()), extra);
    }, mentions);
  }

  /** {@code genlab report tiny --tracking-uri <uri built in the workspace>}. */
  static BadInputCase store(String name, java.util.function.Function<Workspace, String> uri, String... mentions) {
    return of(name, ws -> List.of("report", "tiny", "--tracking-uri", uri.apply(ws)), mentions);
  }

  /** {@code genlab report tiny --out <path built in the workspace>}. */
  static BadInputCase out(String name, java.util.function.Function<Workspace, String> path, String... mentions) {
    return of(name, ws -> {
      ws.finishedRun();
      return List.of("report", "tiny", "--tracking-uri", ws.store().toString(), "--out", path.apply(ws));
    }, mentions);
  }

  static final List<BadInputCase> CASES = List.of(
      report("unknown experiment, a typo", "tiyn", List.of(), "experiment 'tiyn'", "did you mean 'tiny'?"),
      report("unknown experiment, nothing close", "cifar-gan", List.of(), "'cifar-gan'", "allowed: [Default, tiny]"),
      report("experiment name in another case", "TINY", List.of(), "'TINY'", "did you mean 'tiny'?"),
      report("empty experiment name", "", List.of(), "experiment ''", "allowed: [Default, tiny]"),
      report("experiment name with a terminal escape", "ti\u001b[2Jny", List.of(), "ti\\u001b[2Jny"),
      report("--sort-by a metric no run logged, a typo", "tiny", List.of("--sort-by", "test/neg_elob"),
          "--sort-by test/neg_elob", "did you mean 'test/neg_elbo'?"),
      report("--sort-by a metric nothing like the logged ones", "tiny", List.of("--sort-by", "fid"),
          "--sort-by fid", "allowed: [", "test/neg_elbo", "system/ metrics of the machine"),
      report("--sort-by a param's name", "tiny", List.of("--sort-by", "seed"), "--sort-by seed", "allowed: ["),
      report("--sort-by with no value", "tiny", List.of("--sort-by"), "--sort-by"),
      report("unknown option", "tiny", List.of("--sortby", "x"), "--sortby"),
      of("no experiment argument", ws -> List.of("report"), "<experiment>"),
      store("store folder missing", ws -> ws.root().resolve("absent-store").toString(), "absent-store", "no such folder"),
      store("store is a file", ws -> ws.file("store.txt", new byte[] {1}).toString(), "store.txt", "not a folder"),
      store("store folder empty", ws -> ws.folder("empty-store").toString(), "empty-store", "not an MLflow file store"),
      store("store folder of other files", ws -> {
        ws.file("notes/a.md", "# notes\n".getBytes(StandardCharsets.UTF_8));
        return ws.root().resolve("notes").toString();
      }, "notes", "not an MLflow file store"),
      store("store given as an experiment folder", ws -> {
        ws.finishedRun();
        return experimentFolder(ws).toString();
      }, "not an MLflow file store"),
      store("store as a file: URI to a missing folder", ws -> ws.root().resolve("gone").toUri().toString(), "gone",
          "no such folder"),
      store("store URI naming a host", ws -> "file://example.com/x", "--tracking-uri", "not a local file URI"),
      store("store URI of an unsupported scheme", ws -> "ftp://host/mlruns", "--tracking-uri", "unsupported"),
      store("store URI of a tracking server with a password", ws -> "https://user:hunter2@mlflow.example/",
          "https://***@mlflow.example/", "holds credentials", "MLFLOW_TRACKING_USERNAME"),
      out("--out is a folder", ws -> ws.folder("reports").toString(), "--out", "reports", "is a folder"),
      out("--out in a missing folder", ws -> ws.root().resolve("no/such/dir/r.md").toString(), "--out", "does not exist"),
      out("--out under a file", ws -> ws.file("plain.txt", new byte[] {1}).resolve("r.md").toString(), "plain.txt",
          "is not a folder"),
      out("--out inside the store", ws -> ws.store().resolve("report.md").toString(), "inside the tracking store"),
      out("--out over a store file", ws -> ws.store().resolve("0/meta.yaml").toString(), "inside the tracking store"),
      out("--out over a run's meta.yaml", ws -> experimentFolder(ws).resolve(ws.finishedRun() + "/meta.yaml").toString(),
          "inside the tracking store"),
      out("--out into the store by ..", ws -> ws.root().resolve("x/../mlruns/r.md").toString(), "inside the tracking store"),
      out("--out through a link to the store", ws -> link(ws).resolve("r.md").toString(), "inside the tracking store"),
      out("--out is the store folder", ws -> ws.store().toString(), "is a folder"),
      out("--out on a file system that refuses files", ws -> "/proc/genlab-report.md",
          "--out /proc/genlab-report.md: cannot be written"),
      report("--sort-by with a line break", "tiny", List.of("--sort-by", "test/neg_elbo\nforged"),
          "--sort-by test/neg_elbo\\nforged"),
      report("experiment name with a bidi override", "\u202etiny", List.of(), "\\u202etiny"),
      store("store path with a token, missing", ws -> ws.root().resolve("s").toString() + "?token=hunter2",
          "?token=***", "no such folder"));

  @TestFactory
  Stream<DynamicTest> refused() {
    return BadInputCase.tests(new Workspace(dir), CASES);
  }

  @Test
  void aFinishedRunIsReportedToAFileWrittenWhole(@TempDir Path tmp) throws IOException {
    Workspace ws = new Workspace(tmp);
    String id = ws.finishedRun();
    Path out = tmp.resolve("report.md");
    Files.writeString(out, "old report");
    CliRun run = CliRun.of("report", "tiny", "--tracking-uri", ws.store().toString(), "--sort-by", "test/neg_elbo",
        "--out", out.toString());
    assertThat(run.code()).as("%s", run).isZero();
    assertThat(Files.readString(out)).startsWith("## Experiment `tiny`: 1 run").contains(id.substring(0, 8));
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).isEmpty();
    }
  }

  @Test
  void anExperimentWithoutRunsSaysSo(@TempDir Path tmp) {
    Workspace ws = new Workspace(tmp);
    ws.finishedRun();
    CliRun run = CliRun.of("report", "Default", "--tracking-uri", ws.store().toString(), "--sort-by", "any");
    assertThat(run.code()).as("%s", run).isZero();
    assertThat(run.out()).isEqualTo("## Experiment `Default`: 0 runs\n\nNo runs.\n");
  }

  static Path experimentFolder(Workspace ws) {
    try (Stream<Path> experiments = Files.list(ws.store())) {
      return experiments.filter(p -> Files.isDirectory(p.resolve(ws.finishedRun()))).findFirst().orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path link(Workspace ws) {
    Path link = ws.root().resolve("store-link");
    try {
      if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, ws.store());
      }
      return link;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
