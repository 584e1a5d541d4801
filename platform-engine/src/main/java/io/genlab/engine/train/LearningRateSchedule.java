package io.genlab.engine.train;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;

/**
 * How the learning rate of every parameter group changes over training (the spec's
 * {@code training.schedule}): a factor applied to each optimiser's {@code learningRate} at each of its
 * group's updates.
 *
 * <p>The factor of update {@code u} (from 0) of a group that makes {@code T} updates in the whole run is
 * the linear warm-up {@code min(1, (u + 1) / warmupSteps)} (1 without warm-up) times
 * <ul>
 *   <li>{@code constant}: 1;
 *   <li>{@code cosine}: {@code minFactor + (1 - minFactor) (1 + cos(pi p)) / 2} with
 *       {@code p = (u - warmupSteps) / (T - warmupSteps)}, clamped to [0, 1] (SGDR without restarts,
 *       Loshchilov and Hutter 2017; PyTorch's {@code CosineAnnealingLR});
 *   <li>{@code step}: {@code gamma^floor(u / stepSize)} (PyTorch's {@code StepLR}).
 * </ul>
 * The factor depends only on the group's update count, which checkpoints keep, so a resumed run
 * continues on the same curve. Immutable and thread-safe.
 *
 * @param name {@code constant}, {@code cosine} or {@code step}
 * @param warmupSteps updates of linear warm-up from {@code 1/warmupSteps} of the rate to all of it (0: none)
 * @param stepSize {@code step}: updates between decays, at least 1
 * @param gamma {@code step}: the factor of each decay, in (0, 1]
 * @param minFactor {@code cosine}: the final rate as a fraction of the initial one, in [0, 1]
 */
public record LearningRateSchedule(
    @Description("constant, cosine or step") String name,
    @Description("updates of linear warm-up before the schedule (0: none)") int warmupSteps,
    @Description("step: updates between decays") int stepSize,
    @Description("step: factor of each decay") double gamma,
    @Description("cosine: the final rate as a fraction of the initial one") double minFactor) {

  /** A constant rate without warm-up: what training did before schedules existed. */
  public static final LearningRateSchedule DEFAULTS = new LearningRateSchedule("constant", 0, 1000, 0.1, 0.0);

  public LearningRateSchedule {
    Check.oneOf("name", name, "constant", "cosine", "step");
    Check.nonNegative("warmupSteps", warmupSteps);
    Check.positive("stepSize", stepSize);
    if (!(gamma > 0 && gamma <= 1)) {
      throw new ConfigException("gamma", "gamma must be in (0, 1], found " + gamma);
    }
    Check.inRange("minFactor", minFactor, 0.0, 1.0);
  }

  /** Whether the rate ever differs from the optimiser's {@code learningRate}. */
  public boolean varies() {
    return !name.equals("constant") || warmupSteps > 0;
  }

  /**
   * The factor of the group's update {@code update} (from 0) when the group makes {@code totalUpdates}
   * updates in the whole run.
   */
  public double factor(long update, long totalUpdates) {
    double warmup = warmupSteps > 0 ? Math.min(1.0, (update + 1.0) / warmupSteps) : 1.0;
    return warmup * switch (name) {
      case "cosine" -> {
        long span = Math.max(1, totalUpdates - warmupSteps);
        double progress = Math.min(1.0, Math.max(0.0, (double) (update - warmupSteps) / span));
        yield minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * progress));
      }
      case "step" -> Math.pow(gamma, Math.floorDiv(update, (long) stepSize));
      default -> 1.0;
    };
  }
}
