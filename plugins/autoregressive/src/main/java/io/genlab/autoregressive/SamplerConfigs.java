package io.genlab.autoregressive;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * The config records of the family's samplers. Both generate one dimension per forward pass, in the
 * model's ordering, drawing each value from its conditional with the logits divided by
 * {@code temperature}.
 *
 * @since 0.4
 */
@API(status = EXPERIMENTAL, since = "0.4")
public final class SamplerConfigs {
  private SamplerConfigs() {}

  /**
   * Config of {@code sequential}: draws {@code count} examples from scratch. A conditional model samples
   * class {@code label}, or class {@code i mod K} for sample {@code i} when {@code label} is -1.
   *
   * @param count samples in the grid
   * @param temperature divides the logits; near 0 picks the most likely value, 1 samples the model
   * @param batchSize samples generated together
   * @param ordering the connectivity set to generate with (models trained over several orderings)
   * @param label the class of every sample for a conditional model, or -1 for a class sweep
   */
  @API(status = EXPERIMENTAL, since = "0.4")
  public record Sequential(
      @Description("samples in the grid") int count,
      @Description("divides the logits (near 0: most likely value; 1: the model)") double temperature,
      @Description("samples generated together") int batchSize,
      @Description("connectivity set to generate with (order-agnostic models)") int ordering,
      @Description("class of every sample of a conditional model (-1: sample i gets class i mod K)") int label) {
    /** A 10x10 grid in batches of 100 at temperature 1, ordering 0, a class sweep. */
    public static final Sequential DEFAULTS = new Sequential(100, 1.0, 100, 0, -1);

    public Sequential {
      Check.samples("count", count);
      Check.positive("temperature", temperature);
      Check.positive("batchSize", batchSize);
      Check.nonNegative("ordering", ordering);
      if (label < -1) {
        throw new ConfigException("label", "label must be >= -1 (-1: a class sweep), found " + label);
      }
    }
  }

  /**
   * Config of {@code completion}: keeps the first half of the ordering of {@code count} test examples
   * (the top half of an image in raster order) and generates the rest; conditional models use the
   * examples' labels. The grid shows the completions; the figures {@code originals} and
   * {@code observed} show the test examples and the kept half.
   *
   * @param count test examples to complete
   * @param temperature divides the logits
   * @param batchSize examples completed together
   * @param ordering the connectivity set whose first half is kept and whose rest is generated
   */
  @API(status = EXPERIMENTAL, since = "0.4")
  public record Completion(
      @Description("test examples to complete") int count,
      @Description("divides the logits (near 0: most likely value; 1: the model)") double temperature,
      @Description("examples completed together") int batchSize,
      @Description("connectivity set to generate with (order-agnostic models)") int ordering) {
    /** 10 examples at temperature 1, in one batch, ordering 0. */
    public static final Completion DEFAULTS = new Completion(10, 1.0, 100, 0);

    public Completion {
      Check.samples("count", count);
      Check.positive("temperature", temperature);
      Check.positive("batchSize", batchSize);
      Check.nonNegative("ordering", ordering);
    }
  }
}
