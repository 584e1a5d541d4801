package io.genlab.flow;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * The config records of the family's samplers.
 *
 * @since 0.4
 */
@API(status = EXPERIMENTAL, since = "0.4")
public final class SamplerConfigs {
  private SamplerConfigs() {}

  /**
   * Config of {@code flow}: z from the flow's prior scaled by T (N(0, T^2 I) for realnvp) through the exact inverse.
   *
   * @param count samples in the grid
   * @param temperature T, the factor on the prior's scale (below 1 trades diversity for quality)
   * @param batchSize samples decoded together
   */
  @API(status = EXPERIMENTAL, since = "0.4")
  public record Flow(
      @Description("samples in the grid") int count,
      @Description("temperature T > 0: the prior's scale times T (realnvp: N(0, T^2 I))") double temperature,
      @Description("samples decoded together") int batchSize) {
    /** 100 samples at temperature 1 in batches of 256. */
    public static final Flow DEFAULTS = new Flow(100, 1.0, 256);

    public Flow {
      Check.samples("count", count);
      Check.positive("temperature", temperature);
      Check.positive("batchSize", batchSize);
    }
  }

  /**
   * Config of {@code roundtrip}: the first {@code count} test examples encoded to z and decoded back, each
   * original followed by its reconstruction.
   *
   * @param count test examples shown
   */
  @API(status = EXPERIMENTAL, since = "0.4")
  public record Roundtrip(@Description("test examples encoded and decoded") int count) {
    /** 32 examples. */
    public static final Roundtrip DEFAULTS = new Roundtrip(32);

    public Roundtrip {
      Check.samples("count", count);
    }
  }
}
