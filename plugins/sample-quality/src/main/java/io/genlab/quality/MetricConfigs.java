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

  /**
   * Config of {@code inception-score}: the inception score (Salimans et al., 2016) {@code exp(E_x
   * KL(p(y|x) || p(y)))} over the feature classifier's softmax, in place of Inception's, over {@code
   * splits} splits of the shuffled samples (mean and population standard deviation across splits, as
   * torch-fidelity and the original code report them), and the same for as many test examples (the first
   * ones; all when fewer) as the ceiling. It lies in {@code [1, classes]}; with few samples per split it
   * is biased low, so only scores over the same number of samples and splits compare. Keys: {@code
   * inception_score/<checksum>/mean}, {@code std}, {@code test_mean}, {@code test_std} (the test ones
   * when the test split has at least {@code splits} examples).
   *
   * @param samples samples judged, at least {@code splits}
   * @param splits splits the score is computed and averaged over
   * @param hidden the classifier's hidden widths (ReLU)
   * @param epochs passes of Adam over the training split
   * @param batchSize examples per minibatch
   * @param learningRate Adam's step size
   * @param seed the seed of the classifier's initial weights and minibatch order
   * @since 0.5
   */
  @API(status = EXPERIMENTAL, since = "0.5")
  public record InceptionScore(
      @Description("samples judged, at least splits") int samples,
      @Description("splits the score is averaged over (mean and std across them)") int splits,
      @Description("classifier hidden widths") List<Integer> hidden,
      @Description("classifier training epochs over the training split") int epochs,
      @Description("classifier minibatch size") int batchSize,
      @Description("classifier Adam learning rate") double learningRate,
      @Description("classifier seed (not the run's, so every run gets the same classifier)") long seed) {
    /** 2000 samples in 10 splits; the classifier of {@link FrechetDistance#DEFAULTS}. */
    public static final InceptionScore DEFAULTS = new InceptionScore(2000, 10, List.of(256, 128), 3, 128, 1e-3, 0);

    public InceptionScore {
      Check.samples("samples", samples);
      Check.positive("splits", splits);
      if (samples < splits) {
        throw new ConfigException("samples", "samples must be >= splits (" + splits + "), found " + samples);
      }
      hidden = classifierFields(hidden, epochs, batchSize, learningRate);
    }

    /** The feature classifier these fields describe. */
    public ClassifierTraining training() {
      return new ClassifierTraining(hidden, epochs, batchSize, learningRate, seed);
    }
  }

  /**
   * Config of {@code kid}: the kernel inception distance (Binkowski et al., 2018) between the samples'
   * and the whole test split's classifier features, computed as torch-fidelity does: the unbiased MMD^2
   * estimate under the kernel {@code (x.y / d + 1)^3} on {@code subsets} pairs of subsets, each drawn
   * without replacement from each set, mean and population standard deviation across subsets. Subsets
   * hold {@code min(subsetSize, samples, test examples)} rows (torch-fidelity refuses fewer rows than
   * {@code subsetSize} instead); the estimate is unbiased at any size, its spread grows as subsets
   * shrink. Keys: {@code kid/<checksum>/mean} and {@code kid/<checksum>/std}.
   *
   * @param samples samples judged, at least 2
   * @param subsets subset pairs averaged over
   * @param subsetSize rows per subset, at least 2
   * @param hidden the classifier's hidden widths (ReLU)
   * @param epochs passes of Adam over the training split
   * @param batchSize examples per minibatch
   * @param learningRate Adam's step size
   * @param seed the seed of the classifier's initial weights and minibatch order
   * @since 0.5
   */
  @API(status = EXPERIMENTAL, since = "0.5")
  public record Kid(
      @Description("samples judged, at least 2") int samples,
      @Description("subset pairs the MMD is averaged over") int subsets,
      @Description("rows per subset, at least 2 (fewer when samples or test examples are fewer)") int subsetSize,
      @Description("classifier hidden widths") List<Integer> hidden,
      @Description("classifier training epochs over the training split") int epochs,
      @Description("classifier minibatch size") int batchSize,
      @Description("classifier Adam learning rate") double learningRate,
      @Description("classifier seed (not the run's, so every run gets the same classifier)") long seed) {
    /** 2000 samples, 100 subsets of 1000 (torch-fidelity's); the classifier of {@link FrechetDistance#DEFAULTS}. */
    public static final Kid DEFAULTS = new Kid(2000, 100, 1000, List.of(256, 128), 3, 128, 1e-3, 0);

    public Kid {
      if (samples < 2) {
        throw new ConfigException("samples", "samples must be >= 2, found " + samples);
      }
      Check.samples("samples", samples);
      Check.positive("subsets", subsets);
      if (subsetSize < 2) {
        throw new ConfigException("subsetSize", "subsetSize must be >= 2, found " + subsetSize);
      }
      hidden = classifierFields(hidden, epochs, batchSize, learningRate);
    }

    /** The feature classifier these fields describe. */
    public ClassifierTraining training() {
      return new ClassifierTraining(hidden, epochs, batchSize, learningRate, seed);
    }
  }

  /**
   * Config of {@code precision-recall}: improved precision and recall (Kynkäänniemi et al., 2019) and
   * density and coverage (Naeem et al., 2020) between the samples' classifier features and those of as
   * many test examples (the first ones; all when fewer), with {@code k}-nearest-neighbour balls. One
   * metric for all four because they share the costly part, every pairwise distance; its keys: {@code
   * prdc/<checksum>/precision}, {@code recall}, {@code density}, {@code coverage}. The cost grows with
   * {@code samples^2} (2000 samples and 128 features: half a second of one core) and memory linearly.
   *
   * @param samples samples judged, and test examples, more than {@code k}
   * @param k the neighbour whose distance is a ball's radius
   * @param hidden the classifier's hidden widths (ReLU)
   * @param epochs passes of Adam over the training split
   * @param batchSize examples per minibatch
   * @param learningRate Adam's step size
   * @param seed the seed of the classifier's initial weights and minibatch order
   * @since 0.5
   */
  @API(status = EXPERIMENTAL, since = "0.5")
  public record PrecisionRecall(
      @Description("samples judged and test examples compared, more than k") int samples,
      @Description("k of the k-nearest-neighbour balls") int k,
      @Description("classifier hidden widths") List<Integer> hidden,
      @Description("classifier training epochs over the training split") int epochs,
      @Description("classifier minibatch size") int batchSize,
      @Description("classifier Adam learning rate") double learningRate,
      @Description("classifier seed (not the run's, so every run gets the same classifier)") long seed) {
    /** The most samples: the distances grow with samples squared, 20000 take about a minute of one core. */
    public static final int MAX_SAMPLES = 20_000;

    /** 2000 samples, k = 3 (both papers'); the classifier of {@link FrechetDistance#DEFAULTS}. */
    public static final PrecisionRecall DEFAULTS = new PrecisionRecall(2000, 3, List.of(256, 128), 3, 128, 1e-3, 0);

    public PrecisionRecall {
      Check.positive("k", k);
      if (samples <= k) {
        throw new ConfigException("samples", "samples must be > k (" + k + "), found " + samples);
      }
      if (samples > MAX_SAMPLES) {
        throw new ConfigException("samples", "samples must be at most " + MAX_SAMPLES + ", found " + samples
            + " (the pairwise distances grow with samples squared: 20000 take about a minute of one core)");
      }
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
