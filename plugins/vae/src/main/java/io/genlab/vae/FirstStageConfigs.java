package io.genlab.vae;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * The config records of the samplers and metrics of first-stage autoencoders (models offering
 * {@link io.genlab.api.LatentCodec}, and {@code vq-vae}). {@code limit = 0} evaluates the whole test split.
 *
 * @since 0.6
 */
@API(status = EXPERIMENTAL, since = "0.6")
public final class FirstStageConfigs {
  private FirstStageConfigs() {}

  /**
   * Config of {@code reconstructions}: test examples and their reconstructions through the model's
   * {@link io.genlab.api.LatentCodec}, in alternating grid rows.
   *
   * @param examples how many test examples (the first ones)
   * @param columns examples per grid row
   */
  @API(status = EXPERIMENTAL, since = "0.6")
  public record Reconstructions(
      @Description("how many test examples (the first ones)") int examples,
      @Description("examples per grid row; a row of originals is followed by their reconstructions") int columns) {
    /** 32 examples, 8 per row. */
    public static final Reconstructions DEFAULTS = new Reconstructions(32, 8);

    public Reconstructions {
      Check.samples("examples", examples);
      Check.inRange("columns", columns, 1, 1000);
    }
  }

  /**
   * Config of {@code random-codes}: decode codes drawn uniformly and independently per position, the prior a
   * VQ-VAE is trained under; a baseline for a learned prior over the codes.
   *
   * @param count how many samples
   */
  @API(status = EXPERIMENTAL, since = "0.6")
  public record RandomCodes(@Description("how many samples") int count) {
    /** 64 samples. */
    public static final RandomCodes DEFAULTS = new RandomCodes(64);

    public RandomCodes {
      Check.samples("count", count);
    }
  }

  /**
   * Config of {@code codec-reconstruction}: reconstruction error and PSNR of test examples encoded and decoded
   * through the model's {@link io.genlab.api.LatentCodec} (deterministically: an encoder mean, a VQ code).
   *
   * @param limit test examples to use (0: all)
   */
  @API(status = EXPERIMENTAL, since = "0.6")
  public record CodecReconstruction(@Description("test examples to use (0: all)") int limit) {
    /** The whole test split. */
    public static final CodecReconstruction DEFAULTS = new CodecReconstruction(0);

    public CodecReconstruction {
      Check.nonNegative("limit", limit);
    }
  }

  /**
   * Config of {@code codebook-usage}: the perplexity of a VQ-VAE's code assignments over test examples and the
   * share of codebook vectors used at least once.
   *
   * @param limit test examples to use (0: all)
   */
  @API(status = EXPERIMENTAL, since = "0.6")
  public record CodebookUsage(@Description("test examples to use (0: all)") int limit) {
    /** The whole test split. */
    public static final CodebookUsage DEFAULTS = new CodebookUsage(0);

    public CodebookUsage {
      Check.nonNegative("limit", limit);
    }
  }

  /**
   * Config of {@code latent-statistics}: the mean and standard deviation of the latents of test examples, over
   * all their values, and per channel the smallest and largest standard deviation; a latent model divides by the
   * standard deviation (the scale factor of Rombach et al. 2022) so that its latents have about unit variance.
   *
   * @param limit test examples to use (0: all)
   */
  @API(status = EXPERIMENTAL, since = "0.6")
  public record LatentStatistics(@Description("test examples to use (0: all)") int limit) {
    /** The whole test split. */
    public static final LatentStatistics DEFAULTS = new LatentStatistics(0);

    public LatentStatistics {
      Check.nonNegative("limit", limit);
    }
  }
}
