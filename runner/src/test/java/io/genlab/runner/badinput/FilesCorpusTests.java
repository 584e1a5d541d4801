package io.genlab.runner.badinput;

import static io.genlab.runner.badinput.BadInputCase.of;
import static io.genlab.runner.badinput.UncheckedFiles.delete;
import static io.genlab.runner.badinput.UncheckedFiles.write;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad data files: missing, empty, truncated or corrupt IDX files, inconsistent headers, labels out of range,
 * names and links leading out of their folder, damaged MNIST and digits files. Each is refused by {@code run}
 * and by {@code run --dry-run} (the same checks) with the file's path, before anything is written.
 */
class FilesCorpusTests {
  @TempDir static Path dir;

  /** IDX images (magic 2051) with a header of {@code count x rows x columns} and {@code pixels} after it. */
  static byte[] images(int count, int rows, int columns, int pixels) {
    return idx(2051, new int[] {count, rows, columns}, new byte[pixels]);
  }

  /** IDX labels (magic 2049) holding {@code labels}. */
  static byte[] labels(int... labels) {
    byte[] bytes = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      bytes[i] = (byte) labels[i];
    }
    return idx(2049, new int[] {labels.length}, bytes);
  }

  static byte[] idx(int magic, int[] header, byte[] body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      for (int h : header) {
        out.writeInt(h);
      }
      out.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static int[] digits(int n) {
    int[] out = new int[n];
    Arrays.setAll(out, i -> i % 10);
    return out;
  }

  /** A valid folder of 16 training and 8 test 4x4 images, named ti, tl, si, sl. */
  static Path idxFolder(Workspace ws, String name) {
    ws.file(name + "/ti", images(16, 4, 4, 16 * 16));
    ws.file(name + "/tl", labels(digits(16)));
    ws.file(name + "/si", images(8, 4, 4, 8 * 16));
    ws.file(name + "/sl", labels(digits(8)));
    return ws.root().resolve(name);
  }

  /** A tiny spec training on the idx dataset in {@code directory} with the given file names and classes. */
  static String idxSpec(Workspace ws, Path directory, String trainImages, int numClasses) {
    return ws.spec("""
        name: tiny
        experiment: tiny
        seed: 5
        data: {name: idx, config: {directory: '%s', trainImages: '%s', trainLabels: tl, testImages: si, testLabels: sl, numClasses: %d}}
        model: {name: mlp-vae, config: {hiddenSizes: [8], latentDim: 2}}
        loss: elbo
        training: {epochs: 1, batchSize: 4, binarize: dynamic, logEvery: 1}
        metrics: [test-elbo]
        samplers: [{name: prior, config: {count: 4}}]
        """.formatted(directory, trainImages, numClasses));
  }

  /** A data folder made valid, then changed by {@code damage}; the case runs on it (with --dry-run when asked). */
  static BadInputCase damaged(String name, boolean dryRun, Consumer<Path> damage, String... mentions) {
    return of(name + (dryRun ? " (--dry-run)" : ""), ws -> {
      Path folder = idxFolder(ws, "data-" + Math.abs(name.hashCode()) + (dryRun ? "-dry" : ""));
      damage.accept(folder);
      return args(ws, idxSpec(ws, folder, "ti", 10), dryRun);
    }, mentions);
  }

  static List<String> args(Workspace ws, String spec, boolean dryRun) {
    return dryRun ? List.of("run", spec, "--dry-run") : List.of("run", spec);
  }

  static final List<BadInputCase> CASES = new ArrayList<>();

  static {
    for (boolean dry : new boolean[] {false, true}) {
      CASES.add(damaged("training images missing", dry, d -> delete(d.resolve("ti")), "/ti", "not found"));
      CASES.add(damaged("test labels missing", dry, d -> delete(d.resolve("sl")), "/sl", "not found"));
      CASES.add(damaged("images file empty", dry, d -> write(d.resolve("ti"), new byte[0]), "/ti", "truncated"));
      CASES.add(damaged("pixels truncated", dry, d -> write(d.resolve("ti"), images(16, 4, 4, 100)), "/ti",
          "truncated: the header promises 16 images of 4x4", "after 100 of 256 bytes"));
      CASES.add(damaged("images with the labels' magic", dry, d -> write(d.resolve("ti"), labels(1, 2)), "/ti",
          "not an IDX image file", "expected 2051"));
      CASES.add(damaged("huge declared image count", dry, d -> write(d.resolve("ti"), images(2_000_000_000, 1, 1, 16)),
          "/ti", "the header promises 2000000000 images"));
      CASES.add(damaged("labels out of range", dry, d -> write(d.resolve("tl"), labels(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 42, 0, 0, 0, 0, 0)),
          "/tl", "label 10 is 42, outside [0, 10)"));
      CASES.add(damaged("image and label counts differ", dry, d -> write(d.resolve("tl"), labels(digits(15))), "/ti",
          "holds 16 images", "15 labels"));
      CASES.add(damaged("training images are a folder", dry, d -> {
        delete(d.resolve("ti"));
        write(d.resolve("ti/inner"), new byte[1]);
      }, "/ti", "not a regular file"));
    }
    CASES.add(damaged("no training images", false, d -> {
      write(d.resolve("ti"), images(0, 4, 4, 0));
      write(d.resolve("tl"), labels());
    }, "data", "training split", "holds no examples"));
    CASES.add(damaged("no test images (--dry-run)", true, d -> {
      write(d.resolve("si"), images(0, 4, 4, 0));
      write(d.resolve("sl"), labels());
    }, "data", "test split", "holds no examples"));
    CASES.add(damaged("fewer training images than a batch", false, d -> {
      write(d.resolve("ti"), images(3, 4, 4, 3 * 16));
      write(d.resolve("tl"), labels(0, 1, 2));
    }, "training.batchSize", "3 examples"));
    CASES.add(damaged("header cut short", false, d -> write(d.resolve("ti"), Arrays.copyOf(images(16, 4, 4, 256), 10)),
        "/ti", "truncated: the file ends early"));
    CASES.add(damaged("labels file empty", false, d -> write(d.resolve("tl"), new byte[0]), "/tl", "truncated"));
    CASES.add(damaged("extra bytes after the pixels", false, d -> write(d.resolve("ti"), images(16, 4, 4, 300)), "/ti",
        "more bytes than the header's 16 images of 4x4"));
    CASES.add(damaged("labels with the images' magic", false, d -> write(d.resolve("sl"), images(8, 1, 1, 8)), "/sl",
        "not an IDX label file"));
    CASES.add(damaged("text instead of IDX", false, d -> write(d.resolve("ti"), "hello, world\n".repeat(4)
        .getBytes(StandardCharsets.UTF_8)), "/ti", "not an IDX image file"));
    CASES.add(damaged("negative image count", false, d -> write(d.resolve("ti"), images(-1, 4, 4, 0)), "/ti",
        "invalid IDX image dimensions -1 x 4 x 4"));
    CASES.add(damaged("zero rows", false, d -> write(d.resolve("ti"), images(16, 0, 4, 0)), "/ti",
        "invalid IDX image dimensions 16 x 0 x 4"));
    CASES.add(damaged("corrupt gzip", false, d -> write(d.resolve("ti"), new byte[] {0x1f, (byte) 0x8b, 1, 2, 3, 4, 5}),
        "/ti", "gzip"));
    CASES.add(damaged("truncated gzip", false, d -> {
      byte[] gz = gzip(images(16, 4, 4, 256));
      write(d.resolve("ti"), Arrays.copyOf(gz, gz.length - 12));
    }, "/ti", "truncated"));
    CASES.add(damaged("huge count in a gzip file", false, d -> write(d.resolve("ti"), gzip(images(Integer.MAX_VALUE / 2, 2, 2, 64))),
        "/ti", "do not fit in one array"));
    CASES.add(of("data folder missing", ws -> List.of("run", idxSpec(ws, ws.root().resolve("no-data"), "ti", 10)),
        "no-data", "no such folder"));
    CASES.add(of("data folder is a file", ws -> List.of("run", idxSpec(ws, ws.file("plain.bin", new byte[3]), "ti", 10)),
        "plain.bin", "not a folder"));
    CASES.add(of("file name with '..'", ws -> List.of("run", idxSpec(ws, idxFolder(ws, "dots"), "../dots/ti", 10)),
        "trainImages", "'../dots/ti'"));
    CASES.add(of("absolute file name", ws -> List.of("run", idxSpec(ws, idxFolder(ws, "abs"), "/etc/hostname", 10)),
        "trainImages", "relative to directory"));
    CASES.add(of("link out of the data folder", ws -> {
      Path folder = idxFolder(ws, "linked");
      Path outside = ws.file("outside/secret", images(16, 4, 4, 256));
      try {
        Files.delete(folder.resolve("ti"));
        Files.createSymbolicLink(folder.resolve("ti"), outside);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return List.of("run", idxSpec(ws, folder, "ti", 10));
    }, "linked/ti", "a link to", "outside"));
    CASES.add(of("folder link out of the data folder", ws -> {
      Path folder = idxFolder(ws, "linked-dir");
      idxFolder(ws, "elsewhere");
      try {
        Files.createSymbolicLink(folder.resolve("sub"), ws.root().resolve("elsewhere"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return List.of("run", idxSpec(ws, folder, "sub/ti", 10));
    }, "linked-dir/sub/ti", "outside"));
    CASES.add(of("numClasses too small for the labels", ws -> List.of("run", idxSpec(ws, idxFolder(ws, "classes"), "ti", 5)),
        "/tl", "outside [0, 5)"));
    CASES.add(of("mnist files with the wrong hash", ws -> {
      for (String f : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz")) {
        ws.file("mnist-copy/" + f, gzip(images(1, 28, 28, 784)));
      }
      return List.of("run", ws.spec(Workspace.VALID_SPEC.replace("{name: shapes, config: {trainSize: 64, testSize: 16, size: 8}}",
          "{name: mnist, config: {directory: '" + ws.root().resolve("mnist-copy") + "', download: false, limit: 64}}")),
          "--dry-run");
    }, "mnist-copy/train-images-idx3-ubyte.gz", "SHA-256"));
    CASES.add(of("mnist folder without the files, downloads off", ws -> List.of("run", ws.spec(Workspace.VALID_SPEC.replace(
        "{name: shapes, config: {trainSize: 64, testSize: 16, size: 8}}",
        "{name: mnist, offline: true, directory: '" + ws.folder("empty-data") + "', config: {directory: '"
            + ws.folder("empty-mnist") + "', download: false}}"))), "empty-mnist", "IDX files not found"));
    CASES.add(of("digits file with the wrong hash", ws -> {
      ws.file("digits/digits.csv.gz", gzip("0,0,0\n".getBytes(StandardCharsets.UTF_8)));
      return List.of("run", ws.spec(Workspace.VALID_SPEC.replace("{name: shapes, config: {trainSize: 64, testSize: 16, size: 8}}",
          "{name: sklearn-digits, config: {directory: '" + ws.root().resolve("digits") + "'}}")));
    }, "digits/digits.csv.gz", "SHA-256"));
    CASES.add(of("digits file linked from outside", ws -> {
      Path outside = ws.file("digits-outside/digits.csv.gz", gzip("0\n".getBytes(StandardCharsets.UTF_8)));
      Path folder = ws.folder("digits-link");
      try {
        Files.createSymbolicLink(folder.resolve("digits.csv.gz"), outside);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return List.of("run", ws.spec(Workspace.VALID_SPEC.replace("{name: shapes, config: {trainSize: 64, testSize: 16, size: 8}}",
          "{name: sklearn-digits, config: {directory: '" + folder + "'}}")), "--dry-run");
    }, "digits-link/digits.csv.gz", "a link to"));
  }

  @TestFactory
  Stream<DynamicTest> refused() {
    return BadInputCase.tests(new Workspace(dir), CASES);
  }
}
