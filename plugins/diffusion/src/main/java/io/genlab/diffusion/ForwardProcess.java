package io.genlab.diffusion;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * The forward process alone, for components that noise data like a diffusion model without denoising it
 * (the noise-aware classifier): the fields of {@link DiffusionConfig} that define the schedule, with the
 * same names, defaults and checks, so that a classifier spec copies them from its diffusion model's.
 *
 * @param timesteps T, the number of noising steps
 * @param schedule the variance schedule
 * @param betaStart beta_1 of the linear schedule
 * @param betaEnd beta_T of the linear schedule
 * @param cosineOffset s of the cosine schedule
 * @since 0.6
 */
@API(status = EXPERIMENTAL, since = "0.6")
public record ForwardProcess(
    @Description("T, the number of noising steps") int timesteps,
    @Description("variance schedule: linear or cosine") NoiseSchedule.Kind schedule,
    @Description("beta_1 of the linear schedule") double betaStart,
    @Description("beta_T of the linear schedule") double betaEnd,
    @Description("s of the cosine schedule") double cosineOffset) {

  /** The process of {@link DiffusionConfig#DEFAULTS}: T = 1000, linear betas 1e-4 to 0.02. */
  public static final ForwardProcess DEFAULTS = new ForwardProcess(1000, NoiseSchedule.Kind.LINEAR, 1e-4, 0.02, 0.008);

  public ForwardProcess {
    Check.positive("timesteps", timesteps);
    if (timesteps > DiffusionConfig.MAX_TIMESTEPS) {
      throw new ConfigException("timesteps", "timesteps must be from 1 to " + DiffusionConfig.MAX_TIMESTEPS
          + ", found " + timesteps);
    }
    Check.notNull("schedule", schedule);
    if (!(betaStart > 0 && betaStart < 1)) {
      throw new ConfigException("betaStart", "betaStart must be in (0, 1), found " + betaStart);
    }
    if (!(betaEnd >= betaStart && betaEnd < 1)) {
      throw new ConfigException("betaEnd", "betaEnd must be in [betaStart, 1) = [" + betaStart + ", 1), found " + betaEnd);
    }
    Check.positive("cosineOffset", cosineOffset);
  }

  /** The noise schedule these settings define, equal to a {@link DiffusionConfig}'s with the same fields. */
  public NoiseSchedule noiseSchedule() {
    return schedule == NoiseSchedule.Kind.LINEAR ? NoiseSchedule.linear(timesteps, betaStart, betaEnd)
        : NoiseSchedule.cosine(timesteps, cosineOffset);
  }
}
