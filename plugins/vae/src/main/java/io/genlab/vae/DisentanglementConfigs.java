package io.genlab.vae;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * The config records of the family's disentanglement metrics, which score the encoder mean against the data's
 * known factors ({@link io.genlab.api.Examples#factors()}, e.g. dataset {@code dsprites-grid}).
 *
 * <p>Defaults are disentanglement_lib's (Locatello et al. 2019, {@code unsupervised_study_v1}) where they cost
 * seconds once the split is encoded; counts it takes from its generative process these metrics take from the
 * splits instead, as noted per field.
 *
 * @since 0.6
 */
@API(status = EXPERIMENTAL, since = "0.6")
public final class DisentanglementConfigs {
  private DisentanglementConfigs() {}

  /**
   * Config of {@code beta-vae-score}: the beta-VAE metric (Higgins et al. 2017) on the test split.
   *
   * @param batchSize pairs with one factor fixed averaged into one point (disentanglement_lib: 64)
   * @param trainPoints points the linear classifier is fitted to (disentanglement_lib: 10,000)
   * @param evalPoints fresh points it is scored on (disentanglement_lib: 5,000)
   * @since 0.6
   */
  @API(status = EXPERIMENTAL, since = "0.6")
  public record BetaVaeScore(
      @Description("pairs with one factor fixed averaged into one point (disentanglement_lib: 64)") int batchSize,
      @Description("points the linear classifier is fitted to (disentanglement_lib: 10,000)") int trainPoints,
      @Description("fresh points the classifier is scored on (disentanglement_lib: 5,000)") int evalPoints) {
    /** disentanglement_lib's: 64, 10,000, 5,000. */
    public static final BetaVaeScore DEFAULTS = new BetaVaeScore(64, 10_000, 5_000);

    /** Validates the fields; throws {@link io.genlab.api.ConfigException} naming the field at fault. */
    public BetaVaeScore {
      Check.inRange("batchSize", batchSize, 1, 10_000);
      Check.samples("trainPoints", trainPoints);
      Check.samples("evalPoints", evalPoints);
    }
  }

  /**
   * Config of {@code factor-vae-score}: the FactorVAE metric (Kim and Mnih 2018) on the test split.
   *
   * @param batchSize examples with one factor fixed per vote (disentanglement_lib: 64)
   * @param trainPoints votes the majority-vote classifier is built from (disentanglement_lib: 10,000)
   * @param evalPoints fresh votes it is scored on (disentanglement_lib: 5,000)
   * @param varianceExamples examples drawn to estimate each dimension's variance (disentanglement_lib: 10,000)
   * @param pruneThreshold the standard deviation below which a dimension counts as collapsed and is left out
   *     (disentanglement_lib's configuration: 0.05)
   * @since 0.6
   */
  @API(status = EXPERIMENTAL, since = "0.6")
  public record FactorVaeScore(
      @Description("examples with one factor fixed per vote (disentanglement_lib: 64)") int batchSize,
      @Description("votes the majority-vote classifier is built from (disentanglement_lib: 10,000)") int trainPoints,
      @Description("fresh votes the classifier is scored on (disentanglement_lib: 5,000)") int evalPoints,
      @Description("examples drawn to estimate each dimension's variance (disentanglement_lib: 10,000)")
      int varianceExamples,
      @Description("standard deviation below which a dimension counts as collapsed (disentanglement_lib: 0.05)")
      double pruneThreshold) {
    /** disentanglement_lib's: 64, 10,000, 5,000, 10,000, 0.05. */
    public static final FactorVaeScore DEFAULTS = new FactorVaeScore(64, 10_000, 5_000, 10_000, 0.05);

    /** Validates the fields; throws {@link io.genlab.api.ConfigException} naming the field at fault. */
    public FactorVaeScore {
      Check.inRange("batchSize", batchSize, 2, 10_000);
      Check.samples("trainPoints", trainPoints);
      Check.samples("evalPoints", evalPoints);
      Check.inRange("varianceExamples", varianceExamples, 2, Check.MAX_SAMPLES);
      Check.nonNegative("pruneThreshold", pruneThreshold);
    }
  }

  /**
   * Config of {@code mig}: the mutual information gap (Chen et al. 2018) on the test split.
   *
   * @param bins equal-width histogram bins each code dimension is discretised into (disentanglement_lib: 20)
   * @param limit test examples to use (0: all; disentanglement_lib draws 10,000 from the generative process)
   * @since 0.6
   */
  @API(status = EXPERIMENTAL, since = "0.6")
  public record Mig(
      @Description("histogram bins per code dimension (disentanglement_lib: 20)") int bins,
      @Description("test examples to use (0: all; disentanglement_lib: 10,000 drawn)") int limit) {
    /** 20 bins over the whole test split. */
    public static final Mig DEFAULTS = new Mig(20, 0);

    /** Validates the fields; throws {@link io.genlab.api.ConfigException} naming the field at fault. */
    public Mig {
      Check.inRange("bins", bins, 2, 1_000);
      Check.nonNegative("limit", limit);
    }
  }

  /**
   * Config of {@code dci}: disentanglement, completeness and informativeness (Eastwood and Williams 2018) from
   * random forests fitted to training-split codes and scored on test-split codes.
   *
   * @param trees trees per factor's random forest
   * @param maxDepth the deepest a tree grows (the root is depth 0)
   * @param trainLimit training examples the forests are fitted to, the first ones (0: all; disentanglement_lib:
   *     10,000 drawn)
   * @param testLimit test examples informativeness is measured on (0: all; disentanglement_lib: 5,000 drawn)
   * @since 0.6
   */
  @API(status = EXPERIMENTAL, since = "0.6")
  public record Dci(
      @Description("trees per factor's random forest") int trees,
      @Description("the deepest a tree grows, the root being depth 0") int maxDepth,
      @Description("training examples the forests are fitted to (0: all; disentanglement_lib: 10,000 drawn)")
      int trainLimit,
      @Description("test examples informativeness is measured on (0: all; disentanglement_lib: 5,000 drawn)")
      int testLimit) {
    /** 10 trees of depth up to 8, fitted to 10,000 training examples and scored on 5,000 test examples. */
    public static final Dci DEFAULTS = new Dci(10, 8, 10_000, 5_000);

    /** Validates the fields; throws {@link io.genlab.api.ConfigException} naming the field at fault. */
    public Dci {
      Check.inRange("trees", trees, 1, 1_000);
      Check.inRange("maxDepth", maxDepth, 1, 32);
      Check.nonNegative("trainLimit", trainLimit);
      Check.nonNegative("testLimit", testLimit);
    }
  }
}
