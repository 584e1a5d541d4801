package io.genlab.flow;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * The config records of the family's metrics.
 *
 * @since 0.4
 */
@API(status = EXPERIMENTAL, since = "0.4")
public final class MetricConfigs {
  private MetricConfigs() {}

  /**
   * Config of {@code flow-nll}: the exact test NLL (continuous data) or its dequantisation bound (8-bit
   * images), with K dequantisation draws per example combined by log-mean-exp (K = 1: the plain bound).
   *
   * @param limit test examples evaluated, 0 for all
   * @param dequantizationSamples draws of the dequantisation noise per example (images), at least 1
   */
  @API(status = EXPERIMENTAL, since = "0.4")
  public record FlowNll(
      @Description("test examples evaluated (0: all)") int limit,
      @Description("dequantisation noise draws per example, combined by log-mean-exp") int dequantizationSamples) {
    /** All test examples, one dequantisation draw. */
    public static final FlowNll DEFAULTS = new FlowNll(0, 1);

    public FlowNll {
      Check.nonNegative("limit", limit);
      Check.positive("dequantizationSamples", dequantizationSamples);
    }
  }

  /**
   * Config of {@code invertibility}: max |y - f^-1(f(y))| over test examples, in the dequantised data space.
   *
   * @param limit test examples checked, 0 for all
   */
  @API(status = EXPERIMENTAL, since = "0.4")
  public record Invertibility(@Description("test examples checked (0: all)") int limit) {
    /** 256 examples. */
    public static final Invertibility DEFAULTS = new Invertibility(256);

    public Invertibility {
      Check.nonNegative("limit", limit);
    }
  }
}
