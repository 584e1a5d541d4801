package io.genlab.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.genlab.api.DataInfo;
import io.genlab.api.Dataset.Split;
import io.genlab.api.Examples;
import io.genlab.datasets.internal.SklearnDigitsDataset;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scikit-learn's digits against the shared file (skipped when absent) and the CSV parser. */
class SklearnDigitsTests {
  @TempDir Path temp;
  private Path data;

  @BeforeEach
  void findData() {
    data = TestSupport.sharedData("sklearn-digits");
  }

  private void requireData() {
    assumeTrue(
        data != null,
        "sklearn digits not found: set GENLAB_TEST_DATA or place shared/data beside the repo");
  }

  private Examples load(SklearnDigitsConfig config, Split split, long seed) throws IOException {
    return new SklearnDigitsDataset(config).load(split, TestSupport.context(temp, data, true, seed));
  }

  @Test
  void splitsAllRowsIntoTrainAndTest() throws IOException {
    requireData();
    Examples train = load(SklearnDigitsConfig.DEFAULTS, Split.TRAIN, 1);
    Examples test = load(SklearnDigitsConfig.DEFAULTS, Split.TEST, 1);
    assertThat(test.count()).isEqualTo(359); // round(1797 * 0.2)
    assertThat(train.count()).isEqualTo(1797 - 359);
    assertThat(train.info()).isEqualTo(new DataInfo(new long[] {1, 8, 8}, 0, 1, false, 10));
    // Together the splits hold every row exactly once: compare as sets of (pixels, label) rows.
    Set<String> rows = new HashSet<>();
    int duplicatesInFile = 0;
    for (Examples split : new Examples[] {train, test}) {
      for (int i = 0; i < split.count(); i++) {
        String key =
            Arrays.toString(Arrays.copyOfRange(split.values(), i * 64, i * 64 + 64))
                + split.labels()[i];
        if (!rows.add(key)) {
          duplicatesInFile++;
        }
      }
    }
    assertThat(rows.size() + duplicatesInFile).isEqualTo(1797);
    assertThat(duplicatesInFile).isLessThan(5);
  }

  @Test
  void valuesAreScaledToZeroOneAndLabelsCoverAllDigits() throws IOException {
    requireData();
    Examples train = load(SklearnDigitsConfig.DEFAULTS, Split.TRAIN, 1);
    float max = 0;
    for (float v : train.values()) {
      assertThat(v).isBetween(0f, 1f);
      max = Math.max(max, v);
    }
    assertThat(max).isEqualTo(1f);
    int[] counts = new int[10];
    for (int label : train.labels()) {
      counts[label]++;
    }
    assertThat(java.util.Arrays.stream(counts).boxed().toList()).allSatisfy(c -> assertThat(c).isBetween(100, 180));
  }

  @Test
  void splitIsDeterministicAndFollowsTheSeed() throws IOException {
    requireData();
    Examples a = load(SklearnDigitsConfig.DEFAULTS, Split.TEST, 1);
    Examples b = load(SklearnDigitsConfig.DEFAULTS, Split.TEST, 1);
    Examples c = load(SklearnDigitsConfig.DEFAULTS, Split.TEST, 2);
    assertThat(a.values()).isEqualTo(b.values());
    assertThat(a.labels()).isEqualTo(b.labels());
    assertThat(a.values()).isNotEqualTo(c.values());
  }

  @Test
  void testFractionSetsTheTestSize() throws IOException {
    requireData();
    SklearnDigitsConfig half = new SklearnDigitsConfig(data.resolve("sklearn-digits").toString(), 0.5);
    assertThat(load(half, Split.TEST, 3).count()).isEqualTo(899); // round(898.5)
    assertThat(load(half, Split.TRAIN, 3).count()).isEqualTo(898);
  }

  @Test
  void tamperedFileFailsNamingTheFileAndHash() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("tampered"));
    Files.write(dir.resolve("digits.csv.gz"), TestSupport.gzip("0,1\n".getBytes(StandardCharsets.US_ASCII)));
    SklearnDigitsConfig config = new SklearnDigitsConfig(dir.toString(), 0.2);
    assertThatThrownBy(
            () -> new SklearnDigitsDataset(config).load(Split.TRAIN, TestSupport.offline(temp, 1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.resolve("digits.csv.gz").toString())
        .hasMessageContaining("expected " + SklearnDigitsDataset.SHA256);
  }

  @Test
  void missingFileListsTheDirectoriesAndTheFix() {
    Path configured = temp.resolve("nowhere");
    Path dataDir = temp.resolve("data");
    SklearnDigitsConfig config = new SklearnDigitsConfig(configured.toString(), 0.2);
    assertThatThrownBy(
            () ->
                new SklearnDigitsDataset(config)
                    .load(Split.TEST, TestSupport.context(temp, dataDir, true, 1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("sklearn-digits: digits.csv.gz not found")
        .hasMessageContaining(configured.toString())
        .hasMessageContaining(dataDir.resolve("sklearn-digits").toString())
        .hasMessageContaining("set `directory:`");
  }

  @Test
  void parserScalesPixelsAndReadsFloatsToo() throws IOException {
    String row = "16," + "0,".repeat(62) + "8.0,3\n";
    SklearnDigitsDataset.Parsed parsed = parse(row + row.replace(",3\n", ",9\n"));
    assertThat(parsed.labels()).containsExactly(3, 9);
    assertThat(parsed.values()).hasSize(128);
    assertThat(parsed.values()[0]).isEqualTo(1f);
    assertThat(parsed.values()[63]).isEqualTo(0.5f);
  }

  @Test
  void parserRejectsBadRowsNamingTheLine() {
    assertThatThrownBy(() -> parse("1,2,3\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("digits.csv.gz: line 1: expected 65");
    String row = "0,".repeat(64);
    assertThatThrownBy(() -> parse(row + "1\n" + row.replaceFirst("0", "17") + "1\n"))
        .hasMessageContaining("line 2: pixel 0 must be in [0, 16], found 17");
    assertThatThrownBy(() -> parse(row + "10\n")).hasMessageContaining("label must be an integer in [0, 9], found 10");
    assertThatThrownBy(() -> parse(row + "x\n")).hasMessageContaining("not a number: 'x'");
  }

  private static SklearnDigitsDataset.Parsed parse(String csv) throws IOException {
    return SklearnDigitsDataset.parse(
        new ByteArrayInputStream(csv.getBytes(StandardCharsets.US_ASCII)), Path.of("digits.csv.gz"));
  }
}
