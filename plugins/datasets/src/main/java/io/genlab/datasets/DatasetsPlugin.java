package io.genlab.datasets;

import static org.apiguardian.api.API.Status.STABLE;

import io.genlab.api.PluginModule;
import io.genlab.datasets.internal.DspritesGridDataset;
import io.genlab.datasets.internal.IdxDirectoryDataset;
import io.genlab.datasets.internal.IdxSource;
import io.genlab.datasets.internal.MnistFamilyDataset;
import io.genlab.datasets.internal.ShapesDataset;
import io.genlab.datasets.internal.SklearnDigitsDataset;
import io.genlab.datasets.internal.Toy2dDataset;
import org.apiguardian.api.API;

/**
 * The built-in datasets: {@code mnist}, {@code fashion-mnist}, {@code kmnist}, {@code idx},
 * {@code sklearn-digits}, {@code toy2d}, {@code shapes} and {@code dsprites-grid}.
 *
 * <p>Found with {@link java.util.ServiceLoader}. {@link #configure()} only binds factories; files are
 * read (or downloaded) when a dataset's {@code load} is called. Used from one thread while the
 * registry is built, like every {@link PluginModule}.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public final class DatasetsPlugin extends PluginModule {

  /** Creates the plugin; {@link java.util.ServiceLoader} needs this public constructor. */
  public DatasetsPlugin() {}

  @Override
  public String id() {
    return "datasets";
  }

  @Override
  public String description() {
    return "Built-in datasets: MNIST-family IDX files, scikit-learn digits, 2-D toy distributions"
        + ", procedural shape images and a dSprites-like grid with known factors.";
  }

  @Override
  protected void configure() {
    super.configure();
    dataset(
        "mnist",
        "MNIST handwritten digits: 60,000 train and 10,000 test 28x28 images, 10 classes",
        MnistConfig.DEFAULTS,
        c -> new MnistFamilyDataset(IdxSource.MNIST, c));
    dataset(
        "fashion-mnist",
        "Fashion-MNIST clothing images: 60,000 train and 10,000 test 28x28 images, 10 classes",
        MnistConfig.DEFAULTS,
        c -> new MnistFamilyDataset(IdxSource.FASHION_MNIST, c));
    dataset(
        "kmnist",
        "Kuzushiji-MNIST cursive Japanese characters: 60,000 train and 10,000 test 28x28 images,"
            + " 10 classes",
        MnistConfig.DEFAULTS,
        c -> new MnistFamilyDataset(IdxSource.KMNIST, c));
    dataset(
        "idx",
        "Greyscale images and labels from any folder of IDX files (e.g. EMNIST)",
        IdxConfig.DEFAULTS,
        IdxDirectoryDataset::new);
    dataset(
        "sklearn-digits",
        "scikit-learn's 1,797 8x8 handwritten digits, 10 classes, split by a seeded shuffle",
        SklearnDigitsConfig.DEFAULTS,
        SklearnDigitsDataset::new);
    dataset(
        "toy2d",
        "Procedural 2-D distributions: 8gaussians, 25gaussians, swissroll, moons, checkerboard,"
            + " rings",
        Toy2dConfig.DEFAULTS,
        Toy2dDataset::new);
    dataset(
        "shapes",
        "Procedural 28x28 images of a square, circle, triangle, cross or ring at random scale,"
            + " rotation and position, 5 classes",
        ShapesConfig.DEFAULTS,
        ShapesDataset::new);
    dataset(
        "dsprites-grid",
        "Procedural binary 32x32 images of every shape, scale, orientation and position on a grid (a small"
            + " dSprites), with the factors attached for disentanglement metrics",
        DspritesGridConfig.DEFAULTS,
        DspritesGridDataset::new);
  }
}
