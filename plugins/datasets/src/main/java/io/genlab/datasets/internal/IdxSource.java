package io.genlab.datasets.internal;

import java.net.URI;
import java.util.List;

/**
 * Where an MNIST-family dataset comes from: its name, canonical URL, file names, pinned hashes and
 * expected dimensions. Immutable and thread-safe.
 *
 * @param name the component name, also the sub-folder looked for in the data and cache directories
 * @param baseUri the folder URL the four files are downloaded from, ending in '/'
 * @param trainImages the training images file
 * @param trainLabels the training labels file
 * @param testImages the test images file
 * @param testLabels the test labels file
 * @param numClasses the number of classes
 * @param rows the image height
 * @param columns the image width
 * @param trainCount the number of training examples the file must hold
 * @param testCount the number of test examples the file must hold
 */
public record IdxSource(
    String name,
    URI baseUri,
    FileSpec trainImages,
    FileSpec trainLabels,
    FileSpec testImages,
    FileSpec testLabels,
    int numClasses,
    int rows,
    int columns,
    int trainCount,
    int testCount) {

  /**
   * One file of a source.
   *
   * @param name the file name
   * @param sha256 the pinned lower-case hex SHA-256, or {@code null} when none is known
   * @param magic the IDX magic number the file starts with
   */
  public record FileSpec(String name, String sha256, int magic) {
    static FileSpec images(String name, String sha256) {
      return new FileSpec(name, sha256, IdxReader.IMAGES_MAGIC);
    }

    static FileSpec labels(String name, String sha256) {
      return new FileSpec(name, sha256, IdxReader.LABELS_MAGIC);
    }
  }

  /**
   * MNIST from the Google-hosted CVDF mirror. The hashes are those of the canonical files, measured
   * on reference copies.
   */
  public static final IdxSource MNIST =
      new IdxSource(
          "mnist",
          URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
          FileSpec.images(
              "train-images-idx3-ubyte.gz",
              "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
          FileSpec.labels(
              "train-labels-idx1-ubyte.gz",
              "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
          FileSpec.images(
              "t10k-images-idx3-ubyte.gz",
              "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
          FileSpec.labels(
              "t10k-labels-idx1-ubyte.gz",
              "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
          10, 28, 28, 60_000, 10_000);

  /**
   * Fashion-MNIST (Zalando) from its S3 website (HTTP only; the pinned hashes protect it). The hashes
   * could not be measured here (no network): they are the values published by torchvision's
   * prototype datasets and several independent projects, which all agree.
   */
  public static final IdxSource FASHION_MNIST =
      new IdxSource(
          "fashion-mnist",
          URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
          FileSpec.images(
              "train-images-idx3-ubyte.gz",
              "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
          FileSpec.labels(
              "train-labels-idx1-ubyte.gz",
              "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
          FileSpec.images(
              "t10k-images-idx3-ubyte.gz",
              "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
          FileSpec.labels(
              "t10k-labels-idx1-ubyte.gz",
              "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
          10, 28, 28, 60_000, 10_000);

  /**
   * Kuzushiji-MNIST (ROIS-CODH). The hashes could not be measured here (no network): they are the
   * values published by torchvision's prototype datasets and several independent projects, which
   * all agree.
   */
  public static final IdxSource KMNIST =
      new IdxSource(
          "kmnist",
          URI.create("https://codh.rois.ac.jp/kmnist/dataset/kmnist/"),
          FileSpec.images(
              "train-images-idx3-ubyte.gz",
              "51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4"),
          FileSpec.labels(
              "train-labels-idx1-ubyte.gz",
              "e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17"),
          FileSpec.images(
              "t10k-images-idx3-ubyte.gz",
              "edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5"),
          FileSpec.labels(
              "t10k-labels-idx1-ubyte.gz",
              "20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c"),
          10, 28, 28, 60_000, 10_000);

  /** The four files, train images first. */
  public List<FileSpec> files() {
    return List.of(trainImages, trainLabels, testImages, testLabels);
  }
}
