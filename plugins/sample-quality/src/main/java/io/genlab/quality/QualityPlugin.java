package io.genlab.quality;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.PluginModule;
import io.genlab.quality.internal.ClassifierMetrics;
import io.genlab.quality.internal.Metrics;
import org.apiguardian.api.API;

/**
 * The sample-quality plugin: metrics that judge any family's samples against the data (mode coverage,
 * MMD, sliced Wasserstein; in a trained classifier's features the Fréchet distance, classifier accuracy,
 * inception score, KID, precision and recall with density and coverage).
 *
 * <p>Found by {@link java.util.ServiceLoader}; binds only. Thread-safe.
 *
 * @since 0.3
 */
@API(status = EXPERIMENTAL, since = "0.3")
public final class QualityPlugin extends PluginModule {

  @Override
  public String id() {
    return "sample-quality";
  }

  @Override
  public String description() {
    return "Sample-quality metrics for every family (mode coverage, MMD, sliced Wasserstein, Frechet distance, "
        + "classifier accuracy, inception score, KID, precision/recall/density/coverage)";
  }

  @Override
  protected void configure() {
    super.configure();
    metric("mode-coverage", "VEEGAN modes covered and high-quality share against labelled modes (toy2d)",
        MetricConfigs.ModeCoverage.DEFAULTS, Metrics.ModeCoverage::new);
    metric("mmd", "unbiased MMD^2 with RBF kernels between samples and test examples", MetricConfigs.Mmd.DEFAULTS,
        Metrics.Mmd::new);
    metric("sliced-wasserstein", "sliced 1-Wasserstein distance between samples and test examples",
        MetricConfigs.SlicedWasserstein.DEFAULTS, Metrics.SlicedWasserstein::new);
    metric("frechet-distance", "Frechet distance between samples and the test split in the features of a "
        + "classifier trained on the data", MetricConfigs.FrechetDistance.DEFAULTS, Metrics.FrechetDistance::new);
    metric("classifier-accuracy", "share of labelled samples (conditional, guided, edited) that the feature "
        + "classifier assigns to their label", MetricConfigs.ClassifierAccuracy.DEFAULTS,
        ClassifierMetrics.ClassifierAccuracy::new);
    metric("inception-score", "inception score over the feature classifier's softmax (10 splits), the test "
        + "split's beside it", MetricConfigs.InceptionScore.DEFAULTS, ClassifierMetrics.InceptionScore::new);
    metric("kid", "kernel inception distance (unbiased cubic-kernel MMD^2 over subsets) in the feature "
        + "classifier's features", MetricConfigs.Kid.DEFAULTS, ClassifierMetrics.Kid::new);
    metric("precision-recall", "improved precision and recall, density and coverage (k-NN balls) in the feature "
        + "classifier's features", MetricConfigs.PrecisionRecall.DEFAULTS, ClassifierMetrics.PrecisionRecall::new);
  }
}
