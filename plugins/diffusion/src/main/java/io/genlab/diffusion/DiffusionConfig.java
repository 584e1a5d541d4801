package io.genlab.diffusion;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * The diffusion process a denoiser is trained for, shared by every model of the family (the
 * {@code diffusion} field of their configs).
 *
 * @param timesteps T, the number of noising steps
 * @param schedule the variance schedule
 * @param betaStart beta_1 of the linear schedule
 * @param betaEnd beta_T of the linear schedule
 * @param cosineOffset s of the cosine schedule (Nichol and Dhariwal, 2021)
 * @param prediction what the network predicts: the noise, the clean input or the velocity
 * @param conditional whether the network takes class labels (classifier-free guidance needs it)
 * @param labelDropout the probability that a training example's label is dropped (replaced by "no
 *     label"), so that one network learns the conditional and the unconditional model
 * @param emaDecay the decay of the exponential moving average of the weights that sampling uses, at
 *     most {@code (1 + n) / (10 + n)} at update n so that short runs do not sample from weights still
 *     close to their initial values; 0 samples with the trained weights themselves
 * @since 0.3
 */
@API(status = EXPERIMENTAL, since = "0.3")
public record DiffusionConfig(
    @Description("T, the number of noising steps") int timesteps,
    @Description("variance schedule: linear or cosine") NoiseSchedule.Kind schedule,
    @Description("beta_1 of the linear schedule") double betaStart,
    @Description("beta_T of the linear schedule") double betaEnd,
    @Description("s of the cosine schedule") double cosineOffset,
    @Description("what the network predicts: eps (noise), x0 (clean input) or v (velocity)") Prediction prediction,
    @Description("whether the network takes class labels (needed for classifier-free guidance)") boolean conditional,
    @Description("probability of dropping a training label (conditional models)") double labelDropout,
    @Description("decay of the weights' moving average used for sampling (0: off)") double emaDecay) {

  /** The most noising steps: DDPM samples with one network pass per step. */
  public static final int MAX_TIMESTEPS = 100_000;

  /** Ho et al. (2020): T = 1000, linear betas 1e-4 to 0.02, eps-prediction, unconditional, no EMA. */
  public static final DiffusionConfig DEFAULTS =
      new DiffusionConfig(1000, NoiseSchedule.Kind.LINEAR, 1e-4, 0.02, 0.008, Prediction.EPS, false, 0.1, 0.0);

  public DiffusionConfig {
    Check.positive("timesteps", timesteps);
    if (timesteps > MAX_TIMESTEPS) {
      throw new ConfigException("timesteps", "timesteps must be from 1 to " + MAX_TIMESTEPS + ", found " + timesteps
          + " (each sample takes one network pass per step: more would take days)");
    }
    Check.notNull("schedule", schedule);
    Check.notNull("prediction", prediction);
    if (!(betaStart > 0 && betaStart < 1)) {
      throw new ConfigException("betaStart", "betaStart must be in (0, 1), found " + betaStart);
    }
    if (!(betaEnd >= betaStart && betaEnd < 1)) {
      throw new ConfigException("betaEnd", "betaEnd must be in [betaStart, 1) = [" + betaStart + ", 1), found " + betaEnd);
    }
    Check.positive("cosineOffset", cosineOffset);
    if (!(labelDropout >= 0 && labelDropout < 1)) {
      throw new ConfigException("labelDropout", "labelDropout must be in [0, 1), found " + labelDropout);
    }
    if (!(emaDecay >= 0 && emaDecay < 1)) {
      throw new ConfigException("emaDecay", "emaDecay must be in [0, 1) (0: off), found " + emaDecay);
    }
  }

  /** The noise schedule these settings define. */
  public NoiseSchedule noiseSchedule() {
    return schedule == NoiseSchedule.Kind.LINEAR ? NoiseSchedule.linear(timesteps, betaStart, betaEnd)
        : NoiseSchedule.cosine(timesteps, cosineOffset);
  }
}
