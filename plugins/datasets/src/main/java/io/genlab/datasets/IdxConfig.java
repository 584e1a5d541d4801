package io.genlab.datasets;

import static org.apiguardian.api.API.Status.STABLE;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Configures the {@code idx} dataset: greyscale images and labels in IDX files (gzip-compressed or
 * not) in a folder the user names, such as EMNIST or a private MNIST-format set.
 *
 * <p>{@code directory} is required; it is {@code null} only in {@link #DEFAULTS} so that the defaults
 * can be listed, and creating the dataset with it unset fails with "directory must be set, found
 * null". Pixel bytes 0..255 become values 0..1. Nothing is downloaded and no hash is pinned; the IDX
 * headers are checked instead. Immutable and thread-safe.
 *
 * @param directory the folder holding the files; required, see above
 * @param trainImages the training images file name, relative to {@code directory}
 * @param trainLabels the training labels file name
 * @param testImages the test images file name
 * @param testLabels the test labels file name
 * @param numClasses the number of classes; every label must lie in {@code [0, numClasses)}
 * @param limit how many examples of each split to use, from the start of the file; 0 uses all
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record IdxConfig(
    @Description("Folder holding the IDX files (required)") String directory,
    @Description("Training images file, IDX magic 2051, relative to directory") String trainImages,
    @Description("Training labels file, IDX magic 2049, relative to directory") String trainLabels,
    @Description("Test images file, IDX magic 2051, relative to directory") String testImages,
    @Description("Test labels file, IDX magic 2049, relative to directory") String testLabels,
    @Description("Number of label classes; labels must lie in [0, numClasses)") int numClasses,
    @Description("Use only the first N examples of each split; 0 uses all") int limit) {

  /** MNIST's file names, 10 classes, every example; {@code directory} must still be set. */
  public static final IdxConfig DEFAULTS =
      new IdxConfig(
          null,
          "train-images-idx3-ubyte.gz",
          "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz",
          10,
          0);

  /**
   * Validates the fields; throws {@link io.genlab.api.ConfigException} naming the field at fault. A
   * {@code null} directory is accepted here (see the class comment) and rejected when the dataset is
   * created.
   */
  public IdxConfig {
    ConfigPaths.checkOptionalPath("directory", directory);
    ConfigPaths.checkFileName("trainImages", trainImages);
    ConfigPaths.checkFileName("trainLabels", trainLabels);
    ConfigPaths.checkFileName("testImages", testImages);
    ConfigPaths.checkFileName("testLabels", testLabels);
    Check.inRange("numClasses", numClasses, 1, 256);
    Check.nonNegative("limit", limit);
  }
}
