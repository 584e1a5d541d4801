package io.genlab.runner.badinput;

import static io.genlab.runner.badinput.BadInputCase.of;
import static io.genlab.runner.badinput.UncheckedFiles.delete;
import static io.genlab.runner.badinput.UncheckedFiles.read;
import static io.genlab.runner.badinput.UncheckedFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad tracking store: a file or an unwritable folder in its place, unsupported URIs, malformed and unknown
 * run ids, corrupt meta.yaml, params, tags, metric histories, specs and checkpoints. Each is refused with the
 * place named, and the store stays byte for byte as it was (no run created, none reopened).
 */
class StoreCorpusTests {
  @TempDir static Path dir;

  static final String UNKNOWN_ID = "0123456789abcdef0123456789abcdef";

  /** A spec for the store at {@code uri}. */
  static String specAt(Workspace ws, String uri) {
    return ws.spec(Workspace.VALID_SPEC + "tracking: {uri: '" + uri + "'}\n");
  }

  /**
   * {@code command <run> --tracking-uri <copy>} on a copy of the workspace's store whose finished run was
   * ended KILLED (so that resume goes past "already finished") and then damaged in its folder.
   */
  static BadInputCase onDamagedRun(String name, String command, boolean killed, BiConsumer<Path, String> damage,
      String... mentions) {
    BadInputCase damaged = of(name, ws -> {
      Path store = ws.copyStore("store-" + Math.abs((name + command).hashCode()));
      String id = ws.finishedRun();
      Path run = Workspace.runFolder(store, id);
      if (killed) {
        rewrite(run.resolve("meta.yaml"), "status: 3", "status: 5");
      }
      damage.accept(run, id);
      return List.of(command, id, "--tracking-uri", store.toString());
    }, mentions);
    if (!command.equals("reproduce")) {
      DAMAGED_RESUMES_AND_EVALUATIONS.add(damaged);
    }
    return damaged;
  }

  static void rewrite(Path file, String from, String to) {
    try {
      String text = Files.readString(file);
      assertThat(text).contains(from);
      Files.writeString(file, text.replace(from, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void link(Path link, Path target) {
    try {
      Files.createSymbolicLink(link, target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path checkpoint(Path run) {
    return run.resolve("artifacts/checkpoints/last.ckpt");
  }

  static Path firstMetric(Path run) {
    try (Stream<Path> files = Files.walk(run.resolve("metrics"))) {
      return files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final List<BadInputCase> CASES = new ArrayList<>();
  /** The cases of {@link #onDamagedRun} that resume or evaluate: their --dry-run must refuse the same damage. */
  static final List<BadInputCase> DAMAGED_RESUMES_AND_EVALUATIONS = new ArrayList<>();

  static {
    // The store itself.
    CASES.add(of("store is a file", ws -> List.of("run", specAt(ws, ws.file("store-file", new byte[1]).toString())),
        "store-file", "is a file, not a folder"));
    CASES.add(of("store is a file (--dry-run)", ws -> List.of("run", specAt(ws, ws.file("store-file-dry", new byte[1])
        .toString()), "--dry-run"), "store-file-dry", "is a file, not a folder"));
    CASES.add(of("store inside a file", ws -> List.of("run", specAt(ws, ws.file("parent-file", new byte[1])
        .resolve("mlruns").toString()), "--dry-run"), "parent-file", "not a folder"));
    CASES.add(of("store in a folder nobody can write", ws -> List.of("run", specAt(ws, "/proc/genlab-store")),
        "/proc", "not writable"));
    CASES.add(of("store in a folder nobody can write (--dry-run)", ws -> List.of("run", specAt(ws, "/proc/genlab-store"),
        "--dry-run"), "/proc", "not writable"));
    CASES.add(of("store as a file: URI of a file", ws -> List.of("run", specAt(ws, ws.file("uri-file", new byte[1])
        .toUri().toString())), "uri-file", "not a folder"));
    CASES.add(of("unknown URI scheme", ws -> List.of("run", specAt(ws, "sqlite:///mlflow.db")),
        "tracking.uri", "'sqlite'", "supported are a folder path and a file: URI"));
    CASES.add(of("unknown URI scheme (--dry-run)", ws -> List.of("run", specAt(ws, "s3://bucket/mlruns"), "--dry-run"),
        "tracking.uri", "'s3'"));
    CASES.add(of("tracking server URI without a host", ws -> List.of("run", specAt(ws, "http://:5000/")),
        "tracking.uri", "names no host", "http://host:port"));
    CASES.add(of("tracking server URI with credentials", ws -> List.of("run", specAt(ws, "https://alice:s3cret@ml.example.com")),
        "https://***@ml.example.com", "MLFLOW_TRACKING_USERNAME"));
    CASES.add(of("tracking server URI with credentials (--dry-run)", ws -> List.of("run",
        specAt(ws, "https://alice:s3cret@ml.example.com"), "--dry-run"), "tracking.uri", "https://***@ml.example.com"));
    CASES.add(of("sync to a local store", ws -> List.of("sync", "--tracking-uri", ws.root().resolve("m").toString()),
        "--tracking-uri", "sync sends runs to a tracking server"));
    CASES.add(of("sync from a folder that is no store", ws -> List.of("sync", "--tracking-uri", "http://127.0.0.1:9",
        "--from", ws.folder("not-a-store").toString()), "not an MLflow file store"));
    CASES.add(of("file: URI naming a host", ws -> List.of("run", specAt(ws, "file://host/share")),
        "tracking.uri", "not a local file URI"));
    CASES.add(of("--tracking-uri with an unknown scheme", ws -> List.of("resume", ws.finishedRun(), "--tracking-uri",
        "ftp://token@host/store"), "--tracking-uri", "'ftp'", "ftp://***@host/store"));
    CASES.add(of("--tracking-uri is a file", ws -> List.of("evaluate", ws.finishedRun(), "--tracking-uri",
        ws.file("tracking-file", new byte[1]).toString()), "tracking-file", "is a file"));
    CASES.add(of("--tracking-uri names no store", ws -> List.of("resume", UNKNOWN_ID, "--tracking-uri",
        ws.root().resolve("no-store").toString()), UNKNOWN_ID, "no such run", "no-store"));
    CASES.add(of("experiment meta.yaml corrupt", ws -> {
      Path store = ws.copyStore("store-exp-meta");
      Path run = Workspace.runFolder(store, ws.finishedRun());
      write(run.getParent().resolve("meta.yaml"), "experiment_id: '1'\n".getBytes(StandardCharsets.UTF_8));
      return List.of("run", specAt(ws, store.toString()));
    }, "store-exp-meta", "meta.yaml", "has no 'name'"));

    // Run ids.
    for (String command : List.of("resume", "evaluate", "reproduce")) {
      CASES.add(of(command + " of '../x'", ws -> List.of(command, "../x", "--tracking-uri", ws.store().toString()),
          "run id", "'../x' is not a run id"));
      CASES.add(of(command + " of an unknown run", ws -> List.of(command, UNKNOWN_ID, "--tracking-uri",
          ws.store().toString()), UNKNOWN_ID, "no such run"));
    }
    CASES.add(of("resume of an absolute path", ws -> List.of("resume", "/etc/passwd", "--tracking-uri",
        ws.store().toString()), "'/etc/passwd' is not a run id"));
    CASES.add(of("resume of a name with a slash", ws -> List.of("resume", "0/abc", "--tracking-uri",
        ws.store().toString()), "'0/abc' is not a run id"));
    CASES.add(of("evaluate of an id with a control character", ws -> List.of("evaluate", "ab\u001b[31mc", "--tracking-uri",
        ws.store().toString()), "is not a run id"));
    CASES.add(of("resume of a mistyped id", ws -> {
      String id = ws.finishedRun();
      String typo = id.substring(0, 10) + (id.charAt(10) == 'a' ? 'b' : 'a') + id.substring(11);
      return List.of("resume", typo, "--tracking-uri", ws.store().toString());
    }, "no such run", "did you mean"));
    CASES.add(of("reproduce of an id prefix", ws -> List.of("reproduce", ws.finishedRun().substring(0, 8),
        "--tracking-uri", ws.store().toString()), "no such run", "did you mean"));

    // Corrupt run contents: resume reads and checks everything before changing the run.
    CASES.add(onDamagedRun("meta.yaml garbled", "resume", false, (run, id) -> write(run.resolve("meta.yaml"),
        "{{{ not yaml\n".getBytes(StandardCharsets.UTF_8)), "meta.yaml", "not a run's meta.yaml"));
    CASES.add(onDamagedRun("meta.yaml with an unknown status", "resume", false, (run, id) -> rewrite(run.resolve("meta.yaml"),
        "status: 3", "status: 9"), "meta.yaml", "status code 9"));
    CASES.add(onDamagedRun("meta.yaml without start_time", "evaluate", false, (run, id) -> {
      String text = new String(read(run.resolve("meta.yaml")), StandardCharsets.UTF_8);
      write(run.resolve("meta.yaml"), text.replaceAll("(?m)^start_time:.*\\n", "").getBytes(StandardCharsets.UTF_8));
    }, "meta.yaml", "missing 'start_time'"));
    CASES.add(onDamagedRun("meta.yaml missing", "resume", false, (run, id) -> delete(run.resolve("meta.yaml")),
        "the run's folder has no meta.yaml"));
    CASES.add(of("run folder linked from outside the store", ws -> {
      Path store = ws.copyStore("store-linked-run");
      Path run = Workspace.runFolder(store, ws.finishedRun());
      Path outside = ws.root().resolve("moved-run");
      try {
        Files.move(run, outside);
        Files.createSymbolicLink(run, outside);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return List.of("evaluate", ws.finishedRun(), "--tracking-uri", store.toString());
    }, "a link to", "moved-run", "outside"));
    CASES.add(onDamagedRun("metric line that does not parse", "resume", true, (run, id) -> {
      Path metric = firstMetric(run);
      write(metric, ("1 not-a-number 0\n" + new String(read(metric), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }, "metrics/", "line 1", "is not a metric line"));
    CASES.add(onDamagedRun("last metric line that does not parse", "reproduce", false, (run, id) -> {
      Path metric = firstMetric(run);
      write(metric, (new String(read(metric), StandardCharsets.UTF_8) + "x y z\n").getBytes(StandardCharsets.UTF_8));
    }, "metrics/", "is not a metric line"));
    CASES.add(onDamagedRun("param not UTF-8", "resume", true, (run, id) -> write(run.resolve("params/seed"),
        new byte[] {(byte) 0xc3, (byte) 0x28}), "params/seed", "not UTF-8"));
    CASES.add(onDamagedRun("tag not UTF-8", "evaluate", false, (run, id) -> write(run.resolve("tags/mlflow.user"),
        new byte[] {(byte) 0xff}), "tags/mlflow.user", "not UTF-8"));
    CASES.add(onDamagedRun("resolved spec missing", "resume", true, (run, id) -> delete(run.resolve("artifacts/spec/resolved.yaml")),
        "spec/resolved.yaml"));
    CASES.add(onDamagedRun("resolved spec not YAML", "reproduce", false, (run, id) -> write(run.resolve("artifacts/spec/resolved.yaml"),
        "model: [unclosed\n".getBytes(StandardCharsets.UTF_8)), "resolved.yaml"));

    CASES.add(onDamagedRun("resolved spec linked out of the run", "reproduce", false, (run, id) -> {
      Path spec = run.resolve("artifacts/spec/resolved.yaml");
      delete(spec);
      link(spec, run.getParent().getParent().getParent().resolve("spec-1.yaml"));
    }, "spec/resolved.yaml", "a link to", "outside"));
    CASES.add(onDamagedRun("tag linked out of the run", "resume", true, (run, id) ->
        link(run.resolve("tags/stolen"), run.getParent().getParent().getParent().resolve("spec-1.yaml")),
        "tags/stolen", "a link to"));
    CASES.add(onDamagedRun("checkpoint linked out of the run", "evaluate", false, (run, id) -> {
      Path copy = run.getParent().getParent().resolve("elsewhere.ckpt");
      write(copy, read(checkpoint(run)));
      delete(checkpoint(run));
      link(checkpoint(run), copy);
    }, "checkpoints/last.ckpt", "a link to"));

    // Checkpoints.
    for (String command : List.of("resume", "evaluate")) {
      CASES.add(onDamagedRun("truncated checkpoint, " + command, command, true, (run, id) -> {
        byte[] bytes = read(checkpoint(run));
        write(checkpoint(run), Arrays.copyOf(bytes, bytes.length / 2));
      }, "checkpoints/last.ckpt", "truncated or corrupt"));
      CASES.add(onDamagedRun("empty checkpoint, " + command, command, true, (run, id) -> write(checkpoint(run), new byte[0]),
          "checkpoints/last.ckpt", "not a zip archive"));
      CASES.add(onDamagedRun("text instead of a checkpoint, " + command, command, true, (run, id) ->
          write(checkpoint(run), "not a checkpoint\n".getBytes(StandardCharsets.UTF_8)), "checkpoints/last.ckpt", "cannot be restored"));
    }
    CASES.add(onDamagedRun("checkpoint bytes flipped, evaluate", "evaluate", false, (run, id) -> {
      byte[] bytes = read(checkpoint(run));
      for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) {
        bytes[i] ^= (byte) 0x5a;
      }
      write(checkpoint(run), bytes);
    }, "checkpoints/last.ckpt"));
    CASES.add(onDamagedRun("checkpoint missing, evaluate", "evaluate", false, (run, id) -> delete(checkpoint(run)),
        "checkpoints/last.ckpt"));
    // --dry-run of resume and evaluate makes the same checks, so it refuses the same damage.
    DAMAGED_RESUMES_AND_EVALUATIONS.forEach(c -> CASES.add(c.withArguments(", --dry-run", "--dry-run")));
  }

  @TestFactory
  Stream<DynamicTest> refused() {
    return BadInputCase.tests(new Workspace(dir), CASES);
  }

  @Test
  void aReadOnlyStoreIsRefusedBeforeTheRunStarts(@TempDir Path own) throws IOException {
    assumeThat(System.getProperty("user.name")).as("POSIX permissions do not bind root; skipped").isNotEqualTo("root");
    Workspace ws = new Workspace(own);
    ws.finishedRun();
    Path experiment = Workspace.runFolder(ws.store(), ws.finishedRun()).getParent();
    Files.setPosixFilePermissions(experiment, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      StoreSnapshot before = StoreSnapshot.of(ws.store());
      CliRun run = CliRun.of("run", ws.spec(Workspace.VALID_SPEC));
      assertThat(run.code()).as("%s", run).isEqualTo(2);
      assertThat(run.err()).contains(experiment.toString(), "not writable");
      assertThat(before.changedIn(StoreSnapshot.of(ws.store()))).isEmpty();
    } finally {
      Files.setPosixFilePermissions(experiment, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void credentialsInATrackingUriAreNeverEchoed(@TempDir Path own) {
    Workspace ws = new Workspace(own);
    CliRun run = CliRun.of("run", specAt(ws, "https://alice:s3cret@ml.example.com/x"), "--dry-run");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("***@ml.example.com").doesNotContain("s3cret").doesNotContain("alice");
    CliRun resume = CliRun.of("resume", UNKNOWN_ID, "--tracking-uri", "sqlite://bob:hunter2@db/x");
    assertThat(resume.err()).contains("sqlite://***@db/x").doesNotContain("hunter2");
  }
}
