package io.genlab.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.genlab.api.DataInfo;
import io.genlab.api.Dataset;
import io.genlab.api.Dataset.Split;
import io.genlab.api.Examples;
import io.genlab.datasets.internal.IdxSource;
import io.genlab.datasets.internal.MnistFamilyDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads the real MNIST files from the shared test data (skipped when they are absent). */
class MnistTests {
  private static Path data;
  private static Examples train;
  private static long trainMillis;

  @TempDir Path cache;

  @BeforeAll
  static void loadOnce() throws IOException {
    data = TestSupport.sharedData("mnist");
    assumeTrue(data != null, "MNIST not found: set GENLAB_TEST_DATA or place shared/data beside the repo");
    Dataset mnist =
        new MnistFamilyDataset(
            IdxSource.MNIST, new MnistConfig(data.resolve("mnist").toString(), false, 0));
    // Warm-up on the small split first so the timing reflects parsing, not class loading.
    mnist.load(Split.TEST, TestSupport.offline(Path.of("unused-cache"), 1));
    long start = System.nanoTime();
    train = mnist.load(Split.TRAIN, TestSupport.offline(Path.of("unused-cache"), 1));
    trainMillis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("MNIST train (60000x784) loaded and hash-checked in " + trainMillis + " ms");
  }

  @Test
  void trainSplitHasSixtyThousandImagesOfOneByTwentyEightByTwentyEight() {
    assertThat(train.count()).isEqualTo(60_000);
    assertThat(train.info())
        .isEqualTo(new DataInfo(new long[] {1, 28, 28}, 0, 1, false, 10));
    assertThat(train.values()).hasSize(60_000 * 784);
    assertThat(train.labels()).hasSize(60_000);
  }

  @Test
  void firstTrainLabelsAreTheKnownOnes() {
    assertThat(Arrays.copyOf(train.labels(), 5)).containsExactly(5, 0, 4, 1, 9);
  }

  @Test
  void valuesLieInZeroOneAndUseTheWholeRange() {
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : train.values()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertThat(min).isEqualTo(0f);
    assertThat(max).isEqualTo(1f);
    // The first image is a 5: its centre row holds ink.
    float ink = 0;
    for (int x = 0; x < 28; x++) {
      ink += train.values()[14 * 28 + x];
    }
    assertThat(ink).isGreaterThan(1f);
  }

  @Test
  void loadsWellUnderThreeSeconds() {
    // Generous bound: the machine may be shared by concurrent builds; the printed time is the measure.
    assertThat(trainMillis).isLessThan(6_000);
  }

  @Test
  void testSplitHasTenThousandImagesStartingWithSeven() throws IOException {
    Examples test =
        mnist(new MnistConfig(null, false, 0)).load(Split.TEST, TestSupport.context(cache, data, true, 1));
    assertThat(test.count()).isEqualTo(10_000);
    assertThat(Arrays.copyOf(test.labels(), 5)).containsExactly(7, 2, 1, 0, 4);
  }

  @Test
  void limitTakesTheFirstExamplesOfEachSplit() throws IOException {
    Dataset limited = mnist(new MnistConfig(data.resolve("mnist").toString(), false, 100));
    Examples head = limited.load(Split.TRAIN, TestSupport.offline(cache, 1));
    Examples test = limited.load(Split.TEST, TestSupport.offline(cache, 1));
    assertThat(head.count()).isEqualTo(100);
    assertThat(test.count()).isEqualTo(100);
    assertThat(head.values()).isEqualTo(Arrays.copyOf(train.values(), 100 * 784));
    assertThat(head.labels()).isEqualTo(Arrays.copyOf(train.labels(), 100));
  }

  @Test
  void dataDirectoryIsSearchedInItsMnistSubFolder() throws IOException {
    // data is the shared root: the files live in data/mnist, not in data itself.
    Examples found =
        mnist(new MnistConfig(null, false, 10)).load(Split.TRAIN, TestSupport.context(cache, data, true, 1));
    assertThat(found.labels()).startsWith(5, 0, 4, 1, 9);
  }

  @Test
  void cacheDirectoryIsUsedWhenNothingElseHoldsTheFiles() throws IOException {
    Path cached = Files.createDirectories(cache.resolve("mnist"));
    for (String name :
        new String[] {
          "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"
        }) {
      Files.copy(data.resolve("mnist").resolve(name), cached.resolve(name));
    }
    Examples found =
        mnist(new MnistConfig(null, false, 3)).load(Split.TEST, TestSupport.offline(cache, 1));
    assertThat(found.labels()).containsExactly(7, 2, 1);
  }

  @Test
  void loadingIsDeterministic() throws IOException {
    Dataset small = mnist(new MnistConfig(data.resolve("mnist").toString(), false, 50));
    Examples a = small.load(Split.TEST, TestSupport.offline(cache, 1));
    Examples b = small.load(Split.TEST, TestSupport.offline(cache, 2));
    assertThat(a.values()).isEqualTo(b.values());
    assertThat(a.labels()).isEqualTo(b.labels());
  }

  @Test
  void batchesHaveTheImageShape() {
    assertThat(train.range(0, 2).shape()).containsExactly(2, 1, 28, 28);
    assertThat(train.oneHot(new int[] {0}).getFloat(0, 5)).isEqualTo(1f);
  }

  @Test
  void fashionMnistRejectsMnistFilesByHash() {
    // The MNIST files are not Fashion-MNIST's: the pinned hashes must tell them apart.
    Dataset fashion =
        new MnistFamilyDataset(
            IdxSource.FASHION_MNIST, new MnistConfig(data.resolve("mnist").toString(), false, 0));
    assertThatThrownBy(() -> fashion.load(Split.TEST, TestSupport.offline(cache, 1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("fashion-mnist")
        .hasMessageContaining("t10k-images-idx3-ubyte.gz")
        .hasMessageContaining("expected 346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073");
  }

  private static Dataset mnist(MnistConfig config) {
    return new MnistFamilyDataset(IdxSource.MNIST, config);
  }
}
