package io.genlab.quality;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import io.genlab.nn.features.ClassifierTraining;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The config records of the sample-quality metrics, each judging the first {@code samples} samples of a
 * sampler. Immutable and thread-safe.
 *
 * @since 0.3
 */
@API(status = EXPERIMENTAL, since = "0.3")
public final class MetricConfigs {
  private MetricConfigs() {}

  /**
   * Config of {@code mode-coverage}, the protocol of VEEGAN (Srivastava et al., 2017) for data whose
   * labels name the modes (toy2d 8gaussians, 25gaussians): modes are the per-class means of the
   * training split; a sample is high quality when its nearest mode is within {@code stdMultiple * std};
   * a mode is covered when at least {@code minSamplesPerMode} high-quality samples are nearest to it.
   *
   * @param samples how many samples to judge
   * @param stdMultiple the high-quality radius in mode standard deviations
   * @param minSamplesPerMode high-quality samples a mode needs to count as covered
   * @param std the modes' standard deviation; 0 estimates it as the pooled within-class standard
   *     deviation of the training split
   * @since 0.3
   */
  @API(status = EXPERIMENTAL, since = "0.3")
  public record ModeCoverage(
      @Description("samples to judge") int samples,
      @Description("high-quality radius in mode standard deviations") double stdMultiple,
      @Description("high-quality samples a mode needs to count as covered") int minSamplesPerMode,
      @Description("mode standard deviation (0: pooled within-class std of the training split)") double std) {
    /** 2500 samples, 3 standard deviations estimated from the data, 1 sample per mode. */
    public static final ModeCoverage DEFAULTS = new ModeCoverage(2500, 3.0, 1, 0.0);

    public ModeCoverage {
      Check.samples("samples", samples);
      Check.positive("stdMultiple", stdMultiple);
      Check.positive("minSamplesPerMode", minSamplesPerMode);
      Check.nonNegative("std", std);
    }
  }

  /**
   * Config of {@code mmd}: the unbiased estimate of squared maximum mean discrepancy (Gretton et al.,
   * 2012) between samples and as many test examples, with a sum of Gaussian RBF kernels.
   *
   * @param samples samples, and test examples (the first ones; all when fewer), at least 2
   * @param bandwidths the kernels' standard deviations; empty: the median pairwise distance
   * @since 0.3
   */
  @API(status = EXPERIMENTAL, since = "0.3")
  public record Mmd(
      @Description("samples and test examples compared, at least 2") int samples,
      @Description("RBF kernel bandwidths summed over (empty: median heuristic)") List<Double> bandwidths) {
    /** The most samples compared: kernel matrices of 20000^2 doubles take 3 GiB. */
    public static final int MAX_MMD_SAMPLES = 20_000;

    /** 1000 samples, median-heuristic bandwidth. */
    public static final Mmd DEFAULTS = new Mmd(1000, List.of());

    public Mmd {
      if (samples < 2) {
        throw new ConfigException("samples", "samples must be >= 2, found " + samples);
      }
      // The kernel matrices hold samples^2 entries.
      if (samples > MAX_MMD_SAMPLES) {
        throw new ConfigException("samples", "samples must be at most " + MAX_MMD_SAMPLES + ", found " + samples
            + " (the kernel matrices grow with samples squared: more would need gigabytes of memory)");
      }
      Check.notNull("bandwidths", bandwidths);
      for (int i = 0; i < bandwidths.size(); i++) {
        Double b = bandwidths.get(i);
        if (b == null || !(b > 0) || b.isInfinite()) {
          throw new ConfigException("bandwidths",
              "bandwidths[" + i + "] must be > 0 and finite, found " + b + " in " + bandwidths);
        }
      }
      bandwidths = List.copyOf(bandwidths);
    }
  }

  /**
   * Config of {@code sliced-wasserstein}: W1 between the 1-D projections of samples and as many test
   * examples on random unit directions, averaged over directions.
   *
   * @param samples samples, and test examples (the first ones; all when fewer)
   * @param projections random directions
   * @since 0.3
   */
  @API(status = EXPERIMENTAL, since = "0.3")
  public record SlicedWasserstein(
      @Description("samples and test examples compared") int samples,
      @Description("random projection directions") int projections) {
    /** 1000 samples, 128 directions. */
    public static final SlicedWasserstein DEFAULTS = new SlicedWasserstein(1000, 128);

    public SlicedWasserstein {
      Check.samples("samples", samples);
      Check.positive("projections", projections);
    }
  }

  /**
   * Config of {@code frechet-distance}: the Fréchet distance between Gaussians fitted to the features of
   * the samples and of the whole test split, the features being the last hidden layer of an MLP
   * classifier trained on the labelled training split (the idea of FID, with a classifier of the data's
   * own classes in place of Inception).
   *
   * <p>Every field but {@code samples} defines the classifier, which is trained from {@code seed} rather
   * than the run's seed: the same data and config give the same classifier in every run, so that its
   * distances can be compared. The metric's keys name the classifier by the first 12 hex digits of its
   * weights' SHA-256, so that only distances in the same feature space share a key: {@code
   * frechet/<checksum>/distance}, and {@code frechet/<checksum>/classifier_test_accuracy} (the classifier's
   * accuracy on the test split, when it is labelled) to judge that feature space by. With a cache
   * directory the classifier is trained once per data and config and kept there.
   *
   * @param samples samples judged, at least 2 (a covariance needs two)
   * @param hidden the classifier's hidden widths (ReLU); the features are the last one's activations
   * @param epochs passes of Adam over the training split
   * @param batchSize examples per minibatch
   * @param learningRate Adam's step size
   * @param seed the seed of the classifier's initial weights and minibatch order
   * @since 0.3
   */
  @API(status = EXPERIMENTAL, since = "0.3")
  public record FrechetDistance(
      @Description("samples judged, at least 2") int samples,
      @Description("classifier hidden widths; features are the last one's activations") List<Integer> hidden,
      @Description("classifier training epochs over the training split") int epochs,
      @Description("classifier minibatch size") int batchSize,
      @Description("classifier Adam learning rate") double learningRate,
      @Description("classifier seed (not the run's, so every run gets the same classifier)") long seed) {
    /** 2000 samples; a 256-128 classifier trained for 3 epochs, batch 128, Adam 1e-3, seed 0. */
    public static final FrechetDistance DEFAULTS = new FrechetDistance(2000, List.of(256, 128), 3, 128, 1e-3, 0);

    public FrechetDistance {
      if (samples < 2) {
        throw new ConfigException("samples", "samples must be >= 2, found " + samples);
      }
      Check.samples("samples", samples);
      hidden = classifierFields(hidden, epochs, batchSize, learningRate);
    }

    /** The feature classifier these fields describe. */
    public ClassifierTraining training() {
      return new ClassifierTraining(hidden, epochs, batchSize, learningRate, seed);
    }
  }

  /**
   * Config of {@code classifier-accuracy}: the share of labelled samples (a conditional, guided or edited
   * sampler's) that the feature classifier of {@code frechet-distance} assigns to their label, the
   * classifier's accuracy on the test split beside it as the ceiling. Keys: {@code
   * classifier/<checksum>/sample_accuracy} and, when the test split is labelled, {@code
   * classifier/<checksum>/test_accuracy}. A sampler without labels is refused.
   *
   * <p>The classifier fields are those of {@link FrechetDistance}, with the same defaults, so that the
   * metrics share one classifier (one checksum, one cache file) unless told otherwise.
   *
   * @param samples labelled samples judged
   * @param hidden the classifier's hidden widths (ReLU)
   * @param epochs passes of Adam over the training split
   * @param batchSize examples per minibatch
   * @param learningRate Adam's step size
   * @param seed the seed of the classifier's initial weights and minibatch order
   * @since 0.5
   */
  @API(status = EXPERIMENTAL, since = "0.5")
  public record ClassifierAccuracy(
      @Description("labelled samples judged") int samples,
      @Description("classifier hidden widths") List<Integer> hidden,
      @Description("classifier training epochs over the training split") int epochs,
      @Description("classifier minibatch size") int batchSize,
      @Description("classifier Adam learning rate") double learningRate,
      @Description("classifier seed (not the run's, so every run gets the same classifier)") long seed) {
    /** 2000 samples; the classifier of {@link FrechetDistance#DEFAULTS}. */
    public static final ClassifierAccuracy DEFAULTS = new ClassifierAccuracy(2000, List.of(256, 128), 3, 128, 1e-3, 0);

    public ClassifierAccuracy {
      Check.samples("samples", samples);
      hidden = classifierFields(hidden, epochs, batchSize, learningRate);
    }

    /** The feature classifier these fields describe. */
    public ClassifierTraining training() {
      return new ClassifierTraining(hidden, epochs, batchSize, learningRate, seed);
    }
  }

  /** Validates the classifier fields shared by the classifier-based metrics; returns {@code hidden} copied. */
  private static List<Integer> classifierFields(List<Integer> hidden, int epochs, int batchSize,
      double learningRate) {
    List<Integer> copy = Check.widths("hidden", hidden);
    Check.positive("epochs", epochs);
    Check.positive("batchSize", batchSize);
    Check.positive("learningRate", learningRate);
    return copy;
  }
}
