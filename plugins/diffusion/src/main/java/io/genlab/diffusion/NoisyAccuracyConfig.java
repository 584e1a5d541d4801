package io.genlab.diffusion;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Config of {@code noisy-accuracy}: a noise-aware classifier's accuracy on test examples noised to fixed
 * timesteps, t = floor(level T) for each level.
 *
 * @param levels the timesteps as fractions of T, each in [0, 1)
 * @param examples how many test examples (the first ones; all when fewer)
 * @param batchSize examples per network evaluation
 * @since 0.6
 */
@API(status = EXPERIMENTAL, since = "0.6")
public record NoisyAccuracyConfig(
    @Description("timesteps as fractions of T, each in [0, 1)") List<Double> levels,
    @Description("test examples evaluated (the first ones)") int examples,
    @Description("examples per network evaluation") int batchSize) {

  /** t = 0, T/4, T/2 and 3T/4 on 1000 examples in batches of 500. */
  public static final NoisyAccuracyConfig DEFAULTS = new NoisyAccuracyConfig(List.of(0.0, 0.25, 0.5, 0.75), 1000, 500);

  public NoisyAccuracyConfig {
    Check.notNull("levels", levels);
    if (levels.isEmpty()) {
      throw new ConfigException("levels", "levels must list at least one fraction of T in [0, 1), found []");
    }
    for (int i = 0; i < levels.size(); i++) {
      Double level = levels.get(i);
      if (level == null || !(level >= 0 && level < 1)) {
        throw new ConfigException("levels", "levels[" + i + "] must be in [0, 1), found " + level + " in " + levels);
      }
    }
    levels = List.copyOf(levels);
    Check.samples("examples", examples);
    Check.positive("batchSize", batchSize);
  }
}
