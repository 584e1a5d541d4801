package io.genlab.vae;

import static org.apiguardian.api.API.Status.STABLE;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * The config records of the family's samplers.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public final class SamplerConfigs {
  private SamplerConfigs() {}

  /**
   * Config of {@code prior}: decode z ~ N(0, temperature^2 I).
   *
   * @param count how many samples
   * @param temperature the prior's standard deviation scale
   */
  @API(status = STABLE, since = "0.1")
  public record Prior(
      @Description("how many samples") int count,
      @Description("scale of the prior's standard deviation") double temperature) {
    /** 64 samples at temperature 1. */
    public static final Prior DEFAULTS = new Prior(64, 1.0);

    public Prior {
      Check.samples("count", count);
      Check.positive("temperature", temperature);
    }
  }

  /**
   * Config of {@code mixture}: fit a Gaussian mixture to the encoded training set, decode its samples.
   *
   * @param count how many samples
   * @param components the number of mixture components
   * @param fitExamples how many training examples to encode for the fit
   */
  @API(status = STABLE, since = "0.1")
  public record Mixture(
      @Description("how many samples") int count,
      @Description("number of mixture components") int components,
      @Description("training examples encoded for the fit") int fitExamples) {
    /** 64 samples, 10 components fitted on 5000 examples. */
    public static final Mixture DEFAULTS = new Mixture(64, 10, 5000);

    public Mixture {
      Check.samples("count", count);
      Check.positive("components", components);
      Check.positive("fitExamples", fitExamples);
      if (fitExamples < 2 * components) {
        throw new io.genlab.api.ConfigException("fitExamples",
            "fitExamples must be at least 2 * components = " + 2 * components + ", found " + fitExamples);
      }
    }
  }

  /**
   * Config of {@code conditional}: for each class, decode prior samples with that label.
   *
   * @param perClass samples per class (one grid row per class)
   */
  @API(status = STABLE, since = "0.1")
  public record Conditional(@Description("samples per class, one grid row per class") int perClass) {
    /** 8 per class. */
    public static final Conditional DEFAULTS = new Conditional(8);

    public Conditional {
      Check.samples("perClass", perClass);
    }
  }

  /**
   * Config of {@code interpolation}: decode points on the line between the encodings of test pairs.
   *
   * @param pairs how many pairs of test examples (examples 0-1, 2-3, ...)
   * @param steps points per line, ends included
   */
  @API(status = STABLE, since = "0.1")
  public record Interpolation(
      @Description("pairs of test examples (0-1, 2-3, ...)") int pairs,
      @Description("points per line, ends included") int steps) {
    /** 8 pairs, 10 steps. */
    public static final Interpolation DEFAULTS = new Interpolation(8, 10);

    public Interpolation {
      Check.positive("pairs", pairs);
      Check.inRange("steps", steps, 2, 1000);
    }
  }
}
