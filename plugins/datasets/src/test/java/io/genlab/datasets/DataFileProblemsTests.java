package io.genlab.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ConfigException;
import io.genlab.api.Dataset.Split;
import io.genlab.api.Examples;
import io.genlab.datasets.internal.DataFiles;
import io.genlab.datasets.internal.IdxDirectoryDataset;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad data files: each refusal names the file and what was found, and nothing allocates what the file lacks. */
class DataFileProblemsTests {
  @TempDir Path root;

  private Examples load(Path dir, String trainImages, Split split) throws IOException {
    IdxConfig config = new IdxConfig(dir.toString(), trainImages, "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", 10, 0);
    return new IdxDirectoryDataset(config).load(split, TestSupport.offline(root.resolve("cache"), 7));
  }

  @Test
  void aHugeDeclaredCountIsRefusedFromWhatTheFileHolds() throws IOException {
    Path dir = root.resolve("data");
    TestSupport.writeIdxFolder(dir, 4, 4, 2, 2);
    // 2^31 - 100 images of 1x1 declared, 4 bytes present: nothing near 8 GB may be allocated.
    Files.write(dir.resolve("train-images-idx3-ubyte.gz"), TestSupport.idxImages(Integer.MAX_VALUE - 100, 1, 1, new byte[4]));
    assertThatThrownBy(() -> load(dir, "train-images-idx3-ubyte.gz", Split.TRAIN))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining(dir.resolve("train-images-idx3-ubyte.gz").toString())
        .hasMessageContaining("truncated: the header promises " + (Integer.MAX_VALUE - 100) + " images")
        .hasMessageContaining("after 4 of");
  }

  @Test
  void anEmptyFileIsReportedAsEndingInTheHeader() throws IOException {
    Path dir = root.resolve("data");
    TestSupport.writeIdxFolder(dir, 4, 4, 2, 2);
    Files.write(dir.resolve("train-images-idx3-ubyte.gz"), new byte[0]);
    assertThatThrownBy(() -> load(dir, "train-images-idx3-ubyte.gz", Split.TRAIN))
        .hasMessageContaining(dir.resolve("train-images-idx3-ubyte.gz") + ": truncated: the file ends early")
        .hasMessageContaining("16-byte header");
  }

  @Test
  void aMissingFolderAndAFolderInPlaceOfAFileAreNamed() throws IOException {
    assertThatThrownBy(() -> load(root.resolve("absent"), "train-images-idx3-ubyte.gz", Split.TRAIN))
        .hasMessageContaining(root.resolve("absent") + ": no such folder");
    Path dir = root.resolve("data");
    TestSupport.writeIdxFolder(dir, 4, 4, 2, 2);
    Files.createDirectory(dir.resolve("folder.gz"));
    assertThatThrownBy(() -> load(dir, "folder.gz", Split.TRAIN))
        .hasMessageContaining(dir.resolve("folder.gz") + ": not a regular file");
  }

  @Test
  void fileNamesWithParentPartsAreRefusedInTheConfig() {
    assertThatThrownBy(() -> new IdxConfig("/d", "../secret", "b", "c", "d", 10, 0))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("trainImages")
        .hasMessageContaining("'../secret'");
    assertThatThrownBy(() -> new IdxConfig("/d", "sub/../../x", "b", "c", "d", 10, 0))
        .isInstanceOf(ConfigException.class);
    assertThat(new IdxConfig("/d", "sub/x.gz", "b", "c", "d", 10, 0).trainImages()).isEqualTo("sub/x.gz");
  }

  @Test
  void aLinkOutOfTheFolderIsRefused() throws IOException {
    Path dir = root.resolve("data");
    TestSupport.writeIdxFolder(dir, 4, 4, 2, 2);
    Path outside = Files.writeString(root.resolve("secret.txt"), "private");
    Files.createSymbolicLink(dir.resolve("link.gz"), outside);
    assertThatThrownBy(() -> load(dir, "link.gz", Split.TRAIN))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining(dir.resolve("link.gz").toString())
        .hasMessageContaining("a link to " + outside.toRealPath())
        .hasMessageContaining("outside");
    // A link inside the folder is fine.
    Files.createSymbolicLink(dir.resolve("alias.gz"), dir.resolve("train-images-idx3-ubyte.gz"));
    assertThat(load(dir, "alias.gz", Split.TRAIN).count()).isEqualTo(4);
  }

  @Test
  void insideRefusesEscapingNames() {
    assertThatThrownBy(() -> DataFiles.inside(root, "../x")).hasMessageContaining("leads outside " + root);
    assertThatThrownBy(() -> DataFiles.inside(root, "/etc/passwd")).hasMessageContaining("leads outside");
  }
}
