package io.genlab.datasets.internal;

import io.genlab.api.Dataset;
import io.genlab.api.Examples;
import io.genlab.datasets.MnistConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MNIST, Fashion-MNIST or KMNIST: finds the four IDX files (spec directory, data directory, cache),
 * downloads missing ones into the cache when allowed, checks pinned hashes and parses one split.
 * Immutable and thread-safe (concurrent downloads are safe, see {@link DataFiles}).
 */
public final class MnistFamilyDataset implements Dataset {
  private static final System.Logger LOG = System.getLogger(MnistFamilyDataset.class.getName());

  private final IdxSource source;
  private final MnistConfig config;

  /** Creates the dataset; no I/O happens until {@link #load}. */
  public MnistFamilyDataset(IdxSource source, MnistConfig config) {
    this.source = source;
    this.config = config;
  }

  @Override
  public Examples load(Split split, DataContext context) throws IOException {
    Path directory = locate(context);
    boolean train = split == Split.TRAIN;
    IdxSource.FileSpec images = train ? source.trainImages() : source.testImages();
    IdxSource.FileSpec labels = train ? source.trainLabels() : source.testLabels();
    Path imagesFile = DataFiles.inside(directory, images.name());
    Path labelsFile = DataFiles.inside(directory, labels.name());
    Examples examples =
        IdxExamples.read(
            new IdxExamples.Input(
                imagesFile, DataFiles.readVerified(imagesFile, images.sha256(), source.name())),
            new IdxExamples.Input(
                labelsFile, DataFiles.readVerified(labelsFile, labels.sha256(), source.name())),
            config.limit(),
            source.numClasses());
    // Hashes already pin the canonical files; this catches unpinned or foreign copies.
    long[] shape = examples.info().exampleShape();
    if (shape[1] != source.rows() || shape[2] != source.columns()) {
      throw new IOException(
          source.name() + ": " + imagesFile + " holds " + shape[1] + "x" + shape[2]
              + " images, expected " + source.rows() + "x" + source.columns());
    }
    int expected = train ? source.trainCount() : source.testCount();
    int limit = config.limit();
    if (examples.count() != (limit == 0 ? expected : Math.min(limit, expected))) {
      throw new IOException(
          source.name() + ": " + imagesFile + " holds " + examples.count() + " images, expected "
              + expected);
    }
    return examples;
  }

  @Override
  public List<String> sourceFiles(Split split) {
    return split == Split.TRAIN ? List.of(source.trainImages().name(), source.trainLabels().name())
        : List.of(source.testImages().name(), source.testLabels().name());
  }

  /** The first folder holding all four files, downloading into the cache when none does. */
  Path locate(DataContext context) throws IOException {
    List<String> looked = new ArrayList<>();
    for (Candidate candidate : candidates(context)) {
      List<String> missing = missing(candidate.directory());
      if (missing.isEmpty()) {
        LOG.log(System.Logger.Level.DEBUG, "{0}: using {1}", source.name(), candidate.directory());
        return candidate.directory();
      }
      looked.add(
          candidate.directory() + " (" + candidate.role() + "): "
              + (missing.size() == 4 ? "no files" : "missing " + String.join(", ", missing)));
    }
    if (context.dataDirectory() == null) {
      looked.add("no data directory (GENLAB_DATA_DIR is not set)");
    }
    Path cache = cacheDirectory(context);
    if (context.offline() || !config.download()) {
      String why = context.offline() ? "the run is offline" : "download is false in the spec";
      throw new IOException(notFound(looked, "Downloads are off: " + why + "."));
    }
    for (IdxSource.FileSpec file : source.files()) {
      Path target = cache.resolve(file.name());
      if (!Files.isRegularFile(target)) {
        try {
          DataFiles.download(
              source.baseUri().resolve(file.name()), target, file.sha256(), file.magic(),
              source.name());
        } catch (IOException e) {
          throw new IOException(
              notFound(looked, "Downloading into " + cache + " failed: "
                  // An unreachable network gives a ConnectException without a message: name the exception then.
                  + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())), e);
        }
      }
    }
    return cache;
  }

  private String notFound(List<String> looked, String why) {
    StringBuilder message =
        new StringBuilder(source.name())
            .append(": IDX files not found (")
            .append(String.join(", ", source.files().stream().map(IdxSource.FileSpec::name).toList()))
            .append("). Looked in:");
    for (String line : looked) {
      message.append("\n  ").append(line);
    }
    message
        .append("\n")
        .append(why)
        .append("\nTo fix: set `directory:` in the dataset's spec to a folder holding the files, or")
        .append(" set GENLAB_DATA_DIR to a folder with a ")
        .append(source.name())
        .append("/ sub-folder holding them, or allow downloads (download: true, not offline) from ")
        .append(source.baseUri())
        .append('.');
    return message.toString();
  }

  private List<Candidate> candidates(DataContext context) {
    List<Candidate> out = new ArrayList<>();
    if (config.directory() != null) {
      out.add(new Candidate(Path.of(config.directory()), "`directory` in the spec"));
    }
    if (context.dataDirectory() != null) {
      // The sub-folder first: a shared data root may hold several datasets side by side.
      out.add(new Candidate(context.dataDirectory().resolve(source.name()), "data directory"));
      out.add(new Candidate(context.dataDirectory(), "data directory"));
    }
    out.add(new Candidate(cacheDirectory(context), "download cache"));
    return out;
  }

  private Path cacheDirectory(DataContext context) {
    return context.cacheDirectory().resolve(source.name());
  }

  private List<String> missing(Path directory) {
    List<String> missing = new ArrayList<>();
    for (IdxSource.FileSpec file : source.files()) {
      if (!Files.isRegularFile(directory.resolve(file.name()))) {
        missing.add(file.name());
      }
    }
    return missing;
  }

  @Override
  public String toString() {
    return source.name() + "[" + config + "]";
  }

  private record Candidate(Path directory, String role) {}
}
