package io.genlab.quality;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.PluginModule;
import io.genlab.quality.internal.ClassifierMetrics;
import io.genlab.quality.internal.Metrics;
import org.apiguardian.api.API;

/**
 * The sample-quality plugin: metrics that judge any family's samples against the data (mode coverage,
 * MMD, sliced Wasserstein, Fréchet distance in a trained classifier's features).
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
    return "Sample-quality metrics for every family (mode coverage, MMD, sliced Wasserstein, Frechet distance)";
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
  }
}
