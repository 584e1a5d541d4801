package io.genlab.diffusion;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import io.genlab.api.DisplayText;
import org.apiguardian.api.API;

/**
 * The config records of the family's samplers. Both run the reverse chain from x_T ~ N(0, I) with the
 * model's sampling graph, in batches; conditional models sample class {@code i mod K} for sample i.
 *
 * <p>Classifier guidance (Dhariwal and Nichol, 2021) is an option of both rather than samplers of its
 * own, as classifier-free guidance is: it changes one term of the same update (DDPM's mean, DDIM's noise
 * estimate), and one sampler may combine both kinds (a conditional model with {@code guidanceScale} 0 is
 * its own unconditional model, guided by the classifier alone). With {@code classifierRun} set, sample i
 * targets class {@code i mod K}, is labelled with it and the grid shows one class per column.
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
   * @param classifierRun the run id of a {@code noisy-classifier} whose gradient guides the chain, or empty for
   *     none; its forward process and data shape must equal the model's
   * @param classifierScale classifier guidance s: the mean is shifted by s Sigma_t grad log p(y | x_t)
   *     (Dhariwal and Nichol, 2021, Algorithm 1); 0 labels the samples with their targets without moving them
   */
  @API(status = EXPERIMENTAL, since = "0.3")
  public record Ddpm(
      @Description("samples in the grid") int count,
      @Description("samples denoised together") int batchSize,
      @Description("sigma_t^2: beta or posterior") Variance variance,
      @Description("classifier-free guidance scale (1: conditional model as is)") double guidanceScale,
      @Description("clip the predicted x0 to [-1, 1] at every step (images)") boolean clip,
      @Description("frames of x_t in the trajectory strip (images; 0: none)") int trajectory,
      @Description("run id of a noisy-classifier that guides sampling (empty: none)") String classifierRun,
      @Description("classifier guidance scale s (with classifierRun)") double classifierScale) {
    /** 64 samples in batches of 256, sigma^2 = beta, no guidance, clipped, 10 trajectory frames. */
    public static final Ddpm DEFAULTS = new Ddpm(64, 256, Variance.BETA, 1.0, true, 10, "", 1.0);

    public Ddpm {
      checkCommon(count, batchSize, guidanceScale, trajectory);
      classifierRun = checkClassifier(classifierRun, classifierScale);
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
   * @param classifierRun the run id of a {@code noisy-classifier} that guides the chain, as for {@code ddpm}
   * @param classifierScale classifier guidance s: the noise estimate becomes eps - sqrt(1 - abar_t) s grad log
   *     p(y | x_t) and x0 is predicted from it (Dhariwal and Nichol, 2021, Algorithm 2)
   */
  @API(status = EXPERIMENTAL, since = "0.3")
  public record Ddim(
      @Description("samples in the grid") int count,
      @Description("samples denoised together") int batchSize,
      @Description("denoising steps (at most T)") int steps,
      @Description("noise scale in [0, 1] (0: deterministic)") double eta,
      @Description("classifier-free guidance scale (1: conditional model as is)") double guidanceScale,
      @Description("clip the predicted x0 to [-1, 1] at every step (images)") boolean clip,
      @Description("frames of x_t in the trajectory strip (images; 0: none)") int trajectory,
      @Description("run id of a noisy-classifier that guides sampling (empty: none)") String classifierRun,
      @Description("classifier guidance scale s (with classifierRun)") double classifierScale) {
    /** 64 samples in batches of 256, 50 steps, eta 0, no guidance, clipped, 10 trajectory frames. */
    public static final Ddim DEFAULTS = new Ddim(64, 256, 50, 0.0, 1.0, true, 10, "", 1.0);

    public Ddim {
      checkCommon(count, batchSize, guidanceScale, trajectory);
      classifierRun = checkClassifier(classifierRun, classifierScale);
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

  /** Requires a finite scale >= 0 and a run id without surrounding blanks; returns the id ("" for none). */
  private static String checkClassifier(String classifierRun, double classifierScale) {
    Check.notNull("classifierRun", classifierRun);
    if (!classifierRun.equals(classifierRun.strip())) {
      throw new ConfigException("classifierRun", "classifierRun must be a run id without surrounding blanks, found '"
          + DisplayText.line(classifierRun) + "'");
    }
    if (!(classifierScale >= 0) || Double.isInfinite(classifierScale)) {
      throw new ConfigException("classifierScale", "classifierScale must be >= 0 and finite, found " + classifierScale);
    }
    return classifierRun;
  }
}
