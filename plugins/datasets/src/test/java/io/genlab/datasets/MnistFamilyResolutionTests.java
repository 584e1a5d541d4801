package io.genlab.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.genlab.api.Dataset.Split;
import io.genlab.api.Examples;
import io.genlab.datasets.internal.DataFiles;
import io.genlab.datasets.internal.IdxSource;
import io.genlab.datasets.internal.IdxSource.FileSpec;
import io.genlab.datasets.internal.MnistFamilyDataset;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File lookup, hash checks and downloads of the MNIST family, on small synthetic files. */
class MnistFamilyResolutionTests {
  private static final String[] NAMES = {
    "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"
  };

  @TempDir Path temp;
  private HttpServer server;
  private final Map<String, byte[]> served = new HashMap<>();

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void tamperedLocalFileFailsNamingTheFileAndBothHashes() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("tampered"));
    for (String name : NAMES) {
      Files.write(dir.resolve(name), ("not the real " + name).getBytes());
    }
    String actual = DataFiles.sha256(("not the real " + NAMES[0]).getBytes());
    MnistFamilyDataset mnist =
        new MnistFamilyDataset(IdxSource.MNIST, new MnistConfig(dir.toString(), false, 0));
    assertThatThrownBy(() -> mnist.load(Split.TRAIN, TestSupport.offline(temp.resolve("cache"), 1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.resolve(NAMES[0]).toString())
        .hasMessageContaining("expected 440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609")
        .hasMessageContaining("SHA-256 " + actual);
  }

  @Test
  void absentFilesOfflineListEveryDirectoryAndTheFixes() {
    Path configured = temp.resolve("configured");
    Path data = temp.resolve("data");
    Path cache = temp.resolve("cache");
    MnistFamilyDataset mnist =
        new MnistFamilyDataset(IdxSource.MNIST, new MnistConfig(configured.toString(), true, 0));
    assertThatThrownBy(() -> mnist.load(Split.TRAIN, TestSupport.context(cache, data, true, 1)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("mnist: IDX files not found")
        .hasMessageContaining(configured + " (`directory` in the spec)")
        .hasMessageContaining(data.resolve("mnist") + " (data directory)")
        .hasMessageContaining(data + " (data directory)")
        .hasMessageContaining(cache.resolve("mnist") + " (download cache)")
        .hasMessageContaining("the run is offline")
        .hasMessageContaining("set `directory:`")
        .hasMessageContaining("GENLAB_DATA_DIR")
        .hasMessageContaining("allow downloads");
  }

  @Test
  void downloadFalseSaysSoAndNamesTheMissingDataDirectory() {
    MnistFamilyDataset kmnist =
        new MnistFamilyDataset(IdxSource.KMNIST, new MnistConfig(null, false, 0));
    assertThatThrownBy(
            () -> kmnist.load(Split.TEST, TestSupport.context(temp.resolve("cache"), null, false, 1)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("kmnist: IDX files not found")
        .hasMessageContaining(temp.resolve("cache").resolve("kmnist").toString())
        .hasMessageContaining("GENLAB_DATA_DIR is not set")
        .hasMessageContaining("download is false")
        .hasMessageContaining("https://codh.rois.ac.jp/kmnist/dataset/kmnist/");
  }

  @Test
  void partialFolderIsSkippedAndItsMissingFilesNamed() throws IOException {
    Path dir = temp.resolve("partial");
    TestSupport.writeIdxFolder(dir, 5, 2, 4, 3);
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
    MnistFamilyDataset fashion =
        new MnistFamilyDataset(IdxSource.FASHION_MNIST, new MnistConfig(dir.toString(), false, 0));
    assertThatThrownBy(() -> fashion.load(Split.TRAIN, TestSupport.offline(temp.resolve("c"), 1)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("fashion-mnist: IDX files not found")
        .hasMessageContaining(dir + " (`directory` in the spec): missing t10k-labels-idx1-ubyte.gz");
  }

  @Test
  void syntheticFolderLoadsWhenHashesMatch() throws IOException {
    Path dir = temp.resolve("synthetic");
    TestSupport.writeIdxFolder(dir, 12, 5, 4, 3);
    IdxSource source = source(dir, URI.create("http://127.0.0.1:9/"), 4, 3);
    Examples train =
        new MnistFamilyDataset(source, new MnistConfig(dir.toString(), false, 0))
            .load(Split.TRAIN, TestSupport.offline(temp.resolve("c"), 1));
    assertThat(train.count()).isEqualTo(12);
    assertThat(train.info().exampleShape()).containsExactly(1, 4, 3);
    assertThat(train.labels()).startsWith(0, 1, 2, 3);
    assertThat(train.values()[13]).isEqualTo(11 / 255f); // image 1, pixel 1: (10 + 1) / 255
  }

  @Test
  void wrongImageSizeIsRejectedNamingTheFile() throws IOException {
    Path dir = temp.resolve("synthetic");
    TestSupport.writeIdxFolder(dir, 12, 5, 4, 3);
    IdxSource source = source(dir, URI.create("http://127.0.0.1:9/"), 28, 28);
    MnistFamilyDataset dataset = new MnistFamilyDataset(source, new MnistConfig(dir.toString(), false, 0));
    assertThatThrownBy(() -> dataset.load(Split.TEST, TestSupport.offline(temp.resolve("c"), 1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.resolve(NAMES[2]).toString())
        .hasMessageContaining("expected 28x28");
  }

  @Test
  void downloadsIntoTheCacheVerifiesAndReusesIt() throws IOException {
    Path origin = temp.resolve("origin");
    TestSupport.writeIdxFolder(origin, 12, 5, 4, 3);
    URI base = serve(origin);
    IdxSource source = source(origin, base, 4, 3);
    Path cache = temp.resolve("cache");
    MnistFamilyDataset dataset = new MnistFamilyDataset(source, new MnistConfig(null, true, 0));

    Examples test = dataset.load(Split.TEST, TestSupport.context(cache, null, false, 1));

    assertThat(test.count()).isEqualTo(5);
    Path cached = cache.resolve("synthetic");
    for (String name : NAMES) {
      assertThat(cached.resolve(name)).hasSameBinaryContentAs(origin.resolve(name));
    }
    try (Stream<Path> files = Files.list(cached)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(NAMES);
    }
    server.stop(0);
    server = null;
    Examples again = dataset.load(Split.TEST, TestSupport.offline(cache, 1));
    assertThat(again.values()).isEqualTo(test.values());
  }

  @Test
  void downloadWithWrongHashIsDiscarded() throws IOException {
    Path origin = temp.resolve("origin");
    TestSupport.writeIdxFolder(origin, 12, 5, 4, 3);
    URI base = serve(origin);
    IdxSource good = source(origin, base, 4, 3);
    String wrong = "0".repeat(64);
    IdxSource bad =
        new IdxSource(
            good.name(), base, new FileSpec(NAMES[0], wrong, 2051), good.trainLabels(),
            good.testImages(), good.testLabels(), 10, 4, 3, 12, 5);
    Path cache = temp.resolve("cache");
    MnistFamilyDataset dataset = new MnistFamilyDataset(bad, new MnistConfig(null, true, 0));
    assertThatThrownBy(() -> dataset.load(Split.TRAIN, TestSupport.context(cache, null, false, 1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(base.resolve(NAMES[0]).toString())
        .hasMessageContaining("expected " + wrong)
        .hasMessageContaining("discarded");
    assertThat(cache.resolve("synthetic").resolve(NAMES[0])).doesNotExist();
    try (Stream<Path> files = Files.list(cache.resolve("synthetic"))) {
      assertThat(files.map(Path::toString)).noneMatch(p -> p.endsWith(".part"));
    }
  }

  @Test
  void httpErrorNamesTheStatusAndTheDirectories() throws IOException {
    Path origin = temp.resolve("origin");
    TestSupport.writeIdxFolder(origin, 12, 5, 4, 3);
    IdxSource source = source(origin, serve(temp.resolve("empty")), 4, 3);
    Path cache = temp.resolve("cache");
    MnistFamilyDataset dataset = new MnistFamilyDataset(source, new MnistConfig(null, true, 0));
    assertThatThrownBy(() -> dataset.load(Split.TRAIN, TestSupport.context(cache, null, false, 1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining(cache.resolve("synthetic") + " (download cache)");
  }

  @Test
  void unpinnedDownloadIsCheckedByItsIdxHeader() throws IOException {
    Path origin = Files.createDirectories(temp.resolve("origin"));
    TestSupport.writeIdxFolder(origin, 12, 5, 4, 3);
    // Swap images and labels on the server: the magic numbers must catch it without a hash.
    Files.copy(origin.resolve(NAMES[1]), origin.resolve("swapped.gz"));
    URI base = serve(origin);
    IdxSource unpinned =
        new IdxSource(
            "synthetic", base, new FileSpec("swapped.gz", null, 2051),
            new FileSpec(NAMES[1], null, 2049), new FileSpec(NAMES[2], null, 2051),
            new FileSpec(NAMES[3], null, 2049), 10, 4, 3, 12, 5);
    MnistFamilyDataset dataset = new MnistFamilyDataset(unpinned, new MnistConfig(null, true, 0));
    assertThatThrownBy(
            () -> dataset.load(Split.TRAIN, TestSupport.context(temp.resolve("cache"), null, false, 1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("swapped.gz")
        .hasMessageContaining("magic number 2049")
        .hasMessageContaining("expected 2051");
  }

  /** A source named "synthetic" whose pins are the hashes of the files in {@code dir}. */
  private static IdxSource source(Path dir, URI base, int rows, int columns) throws IOException {
    List<FileSpec> files = new java.util.ArrayList<>();
    for (String name : NAMES) {
      files.add(
          new FileSpec(
              name,
              DataFiles.sha256(Files.readAllBytes(dir.resolve(name))),
              name.contains("images") ? 2051 : 2049));
    }
    return new IdxSource(
        "synthetic", base, files.get(0), files.get(1), files.get(2), files.get(3), 10, rows,
        columns, 12, 5);
  }

  /** Serves the files of {@code dir} over local HTTP; unknown names get 404. */
  private URI serve(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          served.put(file.getFileName().toString(), Files.readAllBytes(file));
        }
      }
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/data/",
        exchange -> {
          String name = exchange.getRequestURI().getPath().substring("/data/".length());
          byte[] body = served.get(name);
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/data/");
  }
}
