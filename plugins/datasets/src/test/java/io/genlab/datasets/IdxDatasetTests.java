package io.genlab.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ConfigException;
import io.genlab.api.Dataset.Split;
import io.genlab.api.Examples;
import io.genlab.datasets.internal.IdxDirectoryDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic {@code idx} component and the IDX parser's error handling, on tiny synthetic files. */
class IdxDatasetTests {
  @TempDir Path dir;

  private IdxConfig config(int numClasses, int limit) {
    return new IdxConfig(
        dir.toString(),
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
        numClasses,
        limit);
  }

  private Examples load(IdxConfig config, Split split) throws IOException {
    return new IdxDirectoryDataset(config).load(split, TestSupport.offline(dir.resolve("cache"), 7));
  }

  @Test
  void loadsBothSplitsScaledToZeroOne() throws IOException {
    TestSupport.writeIdxFolder(dir, 30, 4, 5, 2);
    Examples train = load(config(10, 0), Split.TRAIN);
    Examples test = load(config(10, 0), Split.TEST);
    assertThat(train.count()).isEqualTo(30);
    assertThat(test.count()).isEqualTo(4);
    assertThat(train.info().exampleShape()).containsExactly(1, 5, 2);
    assertThat(train.info().low()).isEqualTo(0);
    assertThat(train.info().high()).isEqualTo(1);
    assertThat(train.info().numClasses()).isEqualTo(10);
    // Image 25, pixel 9: (250 + 9) mod 256 = 3.
    assertThat(train.values()[25 * 10 + 9]).isEqualTo(3 / 255f);
    assertThat(train.values()[25 * 10 + 5]).isEqualTo(255 / 255f);
    assertThat(train.labels()[25]).isEqualTo(5);
    assertThat(test.labels()).containsExactly(0, 1, 2, 3);
  }

  @Test
  void limitTakesTheFirstExamples() throws IOException {
    TestSupport.writeIdxFolder(dir, 30, 4, 5, 2);
    Examples all = load(config(10, 0), Split.TRAIN);
    Examples head = load(config(10, 7), Split.TRAIN);
    assertThat(head.count()).isEqualTo(7);
    assertThat(head.values()).isEqualTo(Arrays.copyOf(all.values(), 70));
    assertThat(load(config(10, 100), Split.TEST).count()).isEqualTo(4);
  }

  @Test
  void readsUncompressedFilesToo() throws IOException {
    Files.write(dir.resolve("imgs"), TestSupport.idxImages(3, 2, 2, TestSupport.pixels(3, 4)));
    Files.write(dir.resolve("labs"), TestSupport.idxLabels(new byte[] {2, 1, 0}));
    IdxConfig raw = new IdxConfig(dir.toString(), "imgs", "labs", "imgs", "labs", 3, 0);
    Examples test = load(raw, Split.TEST);
    assertThat(test.labels()).containsExactly(2, 1, 0);
    assertThat(test.values()[4]).isEqualTo(10 / 255f);
  }

  @Test
  void badImageMagicIsRejectedNamingTheFile() throws IOException {
    TestSupport.writeIdxFolder(dir, 3, 2, 2, 2);
    // A label file where the images should be.
    Files.copy(
        dir.resolve("train-labels-idx1-ubyte.gz"),
        dir.resolve("train-images-idx3-ubyte.gz"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> load(config(10, 0), Split.TRAIN))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.resolve("train-images-idx3-ubyte.gz").toString())
        .hasMessageContaining("not an IDX image file: magic number 2049")
        .hasMessageContaining("expected 2051");
  }

  @Test
  void badLabelMagicIsRejectedNamingTheFile() throws IOException {
    TestSupport.writeIdxFolder(dir, 3, 2, 2, 2);
    Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), TestSupport.gzip(new byte[] {0, 0, 9, 9, 0, 0}));
    assertThatThrownBy(() -> load(config(10, 0), Split.TEST))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.resolve("t10k-labels-idx1-ubyte.gz").toString())
        .hasMessageContaining("not an IDX label file")
        .hasMessageContaining("expected 2049");
  }

  @Test
  void countMismatchNamesBothFiles() throws IOException {
    TestSupport.writeIdxFolder(dir, 3, 2, 2, 2);
    Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), TestSupport.gzip(TestSupport.idxLabels(new byte[] {1, 2, 3})));
    assertThatThrownBy(() -> load(config(10, 0), Split.TEST))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("t10k-images-idx3-ubyte.gz: holds 2 images")
        .hasMessageContaining("t10k-labels-idx1-ubyte.gz holds 3 labels");
  }

  @Test
  void truncatedPixelsAreReported() throws IOException {
    byte[] full = TestSupport.idxImages(4, 3, 3, TestSupport.pixels(4, 9));
    Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), TestSupport.gzip(Arrays.copyOf(full, full.length - 5)));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), TestSupport.gzip(TestSupport.idxLabels(new byte[4])));
    assertThatThrownBy(() -> load(config(10, 0), Split.TEST))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.resolve("t10k-images-idx3-ubyte.gz").toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void truncatedGzipStreamIsReported() throws IOException {
    byte[] gz = TestSupport.gzip(TestSupport.idxImages(40, 3, 3, TestSupport.pixels(40, 9)));
    Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), Arrays.copyOf(gz, gz.length / 2));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), TestSupport.gzip(TestSupport.idxLabels(new byte[40])));
    assertThatThrownBy(() -> load(config(10, 0), Split.TEST))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.resolve("t10k-images-idx3-ubyte.gz").toString());
  }

  @Test
  void extraBytesAfterTheImagesAreReported() throws IOException {
    byte[] full = TestSupport.idxImages(2, 2, 2, TestSupport.pixels(3, 4)); // 3 images' pixels, header says 2
    Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), TestSupport.gzip(full));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), TestSupport.gzip(TestSupport.idxLabels(new byte[2])));
    assertThatThrownBy(() -> load(config(10, 0), Split.TEST))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("more bytes than the header's 2 images of 2x2");
  }

  @Test
  void labelOutsideNumClassesIsReported() throws IOException {
    TestSupport.writeIdxFolder(dir, 12, 2, 2, 2); // labels 0..9
    assertThatThrownBy(() -> load(config(5, 0), Split.TRAIN))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.resolve("train-labels-idx1-ubyte.gz").toString())
        .hasMessageContaining("label 5 is 5, outside [0, 5)");
  }

  @Test
  void missingFileNamesItAndTheDirectory() {
    assertThatThrownBy(() -> load(config(10, 0), Split.TRAIN))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.resolve("train-images-idx3-ubyte.gz") + ": not found")
        .hasMessageContaining("`directory:`");
  }

  @Test
  void unsetDirectoryFailsWhenTheDatasetIsCreated() {
    assertThatThrownBy(() -> new IdxDirectoryDataset(IdxConfig.DEFAULTS))
        .isInstanceOf(ConfigException.class)
        .hasMessage("directory must be set, found null");
  }
}
