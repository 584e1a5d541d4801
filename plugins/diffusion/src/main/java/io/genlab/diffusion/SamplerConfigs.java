package io.genlab.diffusion;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * The config records of the family's samplers. Both run the reverse chain from x_T ~ N(0, I) with the
 * model's sampling graph, in batches; conditional models sample class {@code i mod K} for sample i.
 *
 * @since 0.3
 */
@API(status = EXPERIMENTAL, since = "0.3")
public final class SamplerConfigs {
  private SamplerConfigs() {}

  /** The choice of sigma_t^2 in DDPM's ancestral step. */
  public enum Variance {
    /** sigma_t^2 = beta_t, optimal for x0 ~ N(0, I). */
    BETA,
    /** sigma_t^2 = the posterior variance beta~_t, optimal for a deterministic x0. */
    POSTERIOR
  }

  /**
   * Config of {@code ddpm}: ancestral sampling (Ho et al., 2020, Algorithm 2) through every timestep.
   *
   * @param count samples in the grid
   * @param batchSize samples denoised together
   * @param variance sigma_t^2: beta or posterior
   * @param guidanceScale classifier-free guidance s: eps = eps(no label) + s (eps(label) - eps(no label));
   *     1 is the plain conditional model and needs no second pass; conditional models only when not 1
   * @param clip whether to clip the predicted x0 to the data's model-space range (images) at every step
   * @param trajectory frames of x_t logged as a strip per sample (images; 0: none)
   */
  @API(status = EXPERIMENTAL, since = "0.3")
  public record Ddpm(
      @Description("samples in the grid") int count,
      @Description("samples denoised together") int batchSize,
      @Description("sigma_t^2: beta or posterior") Variance variance,
      @Description("classifier-free guidance scale (1: conditional model as is)") double guidanceScale,
      @Description("clip the predicted x0 to [-1, 1] at every step (images)") boolean clip,
      @Description("frames of x_t in the trajectory strip (images; 0: none)") int trajectory) {
    /** 64 samples in batches of 256, sigma^2 = beta, no guidance, clipped, 10 trajectory frames. */
    public static final Ddpm DEFAULTS = new Ddpm(64, 256, Variance.BETA, 1.0, true, 10);

    public Ddpm {
      checkCommon(count, batchSize, guidanceScale, trajectory);
      Check.notNull("variance", variance);
    }
  }

  /**
   * Config of {@code ddim}: Song et al. (2021), on {@code steps} evenly spaced timesteps; {@code eta}
   * scales the noise from 0 (deterministic) to 1 (DDPM's posterior variance on the subsequence).
   *
   * @param count samples in the grid
   * @param batchSize samples denoised together
   * @param steps denoising steps, at most T
   * @param eta the noise scale, in [0, 1]
   * @param guidanceScale classifier-free guidance scale, as for {@code ddpm}
   * @param clip whether to clip the predicted x0 to the data's model-space range (images)
   * @param trajectory frames of x_t in the trajectory strip (images; 0: none)
   */
  @API(status = EXPERIMENTAL, since = "0.3")
  public record Ddim(
      @Description("samples in the grid") int count,
      @Description("samples denoised together") int batchSize,
      @Description("denoising steps (at most T)") int steps,
      @Description("noise scale in [0, 1] (0: deterministic)") double eta,
      @Description("classifier-free guidance scale (1: conditional model as is)") double guidanceScale,
      @Description("clip the predicted x0 to [-1, 1] at every step (images)") boolean clip,
      @Description("frames of x_t in the trajectory strip (images; 0: none)") int trajectory) {
    /** 64 samples in batches of 256, 50 steps, eta 0, no guidance, clipped, 10 trajectory frames. */
    public static final Ddim DEFAULTS = new Ddim(64, 256, 50, 0.0, 1.0, true, 10);

    public Ddim {
      checkCommon(count, batchSize, guidanceScale, trajectory);
      Check.positive("steps", steps);
      Check.inRange("eta", eta, 0, 1);
    }
  }

  private static void checkCommon(int count, int batchSize, double guidanceScale, int trajectory) {
    Check.samples("count", count);
    Check.positive("batchSize", batchSize);
    if (!(guidanceScale >= 0) || Double.isInfinite(guidanceScale)) {
      throw new ConfigException("guidanceScale", "guidanceScale must be >= 0 and finite, found " + guidanceScale);
    }
    Check.nonNegative("trajectory", trajectory);
  }
}
