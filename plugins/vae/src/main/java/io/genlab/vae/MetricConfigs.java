package io.genlab.vae;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * The config records of the family's metrics. {@code limit = 0} evaluates the whole test split.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public final class MetricConfigs {
  private MetricConfigs() {}

  /**
   * Config of {@code test-elbo}: the negative ELBO in nats per example, with one posterior sample.
   *
   * @param limit test examples to use (0: all)
   */
  @API(status = STABLE, since = "0.1")
  public record TestElbo(@Description("test examples to use (0: all)") int limit) {
    /** The whole test split. */
    public static final TestElbo DEFAULTS = new TestElbo(0);

    public TestElbo {
      Check.nonNegative("limit", limit);
    }
  }

  /**
   * Config of {@code iwae-nll}: the importance-weighted bound on -log p(x) with {@code samples} samples
   * (Burda et al., 2016), in nats per example.
   *
   * @param samples importance samples per example (k)
   * @param limit test examples to use (0: all)
   */
  @API(status = STABLE, since = "0.1")
  public record Iwae(
      @Description("importance samples per example (k)") int samples,
      @Description("test examples to use (0: all)") int limit) {
    /** k = 100 over the whole test split. */
    public static final Iwae DEFAULTS = new Iwae(100, 0);

    public Iwae {
      Check.samples("samples", samples);
      Check.nonNegative("limit", limit);
    }
  }

  /**
   * Config of {@code reconstruction-error}: squared error of the mean reconstruction through the
   * encoder mean, summed over values, averaged over examples.
   *
   * @param limit test examples to use (0: all)
   */
  @API(status = STABLE, since = "0.1")
  public record ReconstructionError(@Description("test examples to use (0: all)") int limit) {
    /** The whole test split. */
    public static final ReconstructionError DEFAULTS = new ReconstructionError(0);

    public ReconstructionError {
      Check.nonNegative("limit", limit);
    }
  }

  /**
   * Config of {@code anomaly-auroc}: AUROC of the reconstruction error as a score separating
   * {@code outlierClass} from the other test classes. Exclude that class from training with the
   * spec's {@code data.excludeClasses}.
   *
   * @param outlierClass the class treated as anomalous
   * @param limit test examples to use (0: all)
   */
  @API(status = STABLE, since = "0.1")
  public record AnomalyAuroc(
      @Description("the class treated as anomalous") int outlierClass,
      @Description("test examples to use (0: all)") int limit) {
    /** Class 0, whole test split. */
    public static final AnomalyAuroc DEFAULTS = new AnomalyAuroc(0, 0);

    public AnomalyAuroc {
      Check.nonNegative("outlierClass", outlierClass);
      Check.nonNegative("limit", limit);
    }
  }

  /**
   * Config of {@code active-units}: the number of latent dimensions the model uses, as Burda et al.
   * (2016) count them: a unit is active when the variance over test examples of its posterior mean,
   * {@code Cov_x(E_q[z_u | x])}, exceeds {@code threshold} (theirs: 0.01).
   *
   * @param threshold the variance above which a unit counts as active, above 0
   * @param limit test examples to use (0: all)
   * @since 0.5
   */
  @API(status = EXPERIMENTAL, since = "0.5")
  public record ActiveUnits(
      @Description("variance of the posterior mean over test examples above which a unit is active (Burda et al.: 0.01)")
      double threshold,
      @Description("test examples to use (0: all)") int limit) {
    /** Threshold 0.01, whole test split. */
    public static final ActiveUnits DEFAULTS = new ActiveUnits(0.01, 0);

    public ActiveUnits {
      Check.positive("threshold", threshold);
      Check.nonNegative("limit", limit);
    }
  }
}
