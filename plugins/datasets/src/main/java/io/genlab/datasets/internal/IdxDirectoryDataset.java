package io.genlab.datasets.internal;

import io.genlab.api.Check;
import io.genlab.api.Dataset;
import io.genlab.api.Examples;
import io.genlab.datasets.IdxConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code idx} dataset: IDX files in a folder the user names, with no lookup, download or pinned
 * hash. Immutable and thread-safe.
 */
public final class IdxDirectoryDataset implements Dataset {
  private final IdxConfig config;
  private final Path directory;

  /**
   * Creates the dataset; no I/O happens until {@link #load}.
   *
   * @throws io.genlab.api.ConfigException when {@code config.directory()} is not set
   */
  public IdxDirectoryDataset(IdxConfig config) {
    this.config = config;
    this.directory = Path.of(Check.notNull("directory", config.directory()));
  }

  @Override
  public Examples load(Split split, DataContext context) throws IOException {
    boolean train = split == Split.TRAIN;
    Path images = DataFiles.inside(directory, train ? config.trainImages() : config.testImages());
    Path labels = DataFiles.inside(directory, train ? config.trainLabels() : config.testLabels());
    if (!Files.isDirectory(directory)) {
      throw DataFiles.problem(directory, Files.exists(directory) ? "not a folder; `directory:` must name the folder"
          + " holding the IDX files" : "no such folder; `directory:` must name the folder holding the IDX files");
    }
    for (Path file : new Path[] {images, labels}) {
      if (!Files.isRegularFile(file)) {
        throw DataFiles.problem(file, (Files.exists(file) ? "not a regular file" : "not found") + " (the "
            + split.name().toLowerCase(java.util.Locale.ROOT) + " split needs " + images.getFileName() + " and "
            + labels.getFileName() + " in " + directory + "); check `directory:` and the file names in the spec");
      }
    }
    return IdxExamples.read(
        new IdxExamples.Input(images, null),
        new IdxExamples.Input(labels, null),
        config.limit(),
        config.numClasses());
  }

  @Override
  public List<String> sourceFiles(Split split) {
    return split == Split.TRAIN ? List.of(config.trainImages(), config.trainLabels())
        : List.of(config.testImages(), config.testLabels());
  }

  @Override
  public String toString() {
    return "idx[" + directory + "]";
  }
}
