package io.genlab.vae;

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
}
