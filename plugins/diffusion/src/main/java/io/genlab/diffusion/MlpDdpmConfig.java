package io.genlab.diffusion;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Config of {@code mlp-ddpm}: a fully connected denoiser for vector data such as the 2-D toy
 * distributions; the input is concatenated with a sinusoidal timestep embedding (sin/cos, then dense,
 * SiLU, dense) and passes SiLU hidden layers.
 *
 * @param hidden the hidden widths
 * @param timeEmbedding the width of the timestep embedding, even
 * @param diffusion the diffusion process
 * @since 0.3
 */
@API(status = EXPERIMENTAL, since = "0.3")
public record MlpDdpmConfig(
    @Description("hidden widths") List<Integer> hidden,
    @Description("width of the timestep embedding (even)") int timeEmbedding,
    @Description("the diffusion process") DiffusionConfig diffusion) {

  /** Three hidden layers of 128, a 64-wide time embedding, the default process. */
  public static final MlpDdpmConfig DEFAULTS = new MlpDdpmConfig(List.of(128, 128, 128), 64, DiffusionConfig.DEFAULTS);

  public MlpDdpmConfig {
    hidden = Check.widths("hidden", hidden);
    checkEmbedding(timeEmbedding);
    Check.notNull("diffusion", diffusion);
  }

  static void checkEmbedding(int timeEmbedding) {
    if (timeEmbedding <= 0 || timeEmbedding % 2 != 0) {
      throw new ConfigException("timeEmbedding", "timeEmbedding must be even and > 0, found " + timeEmbedding);
    }
  }
}
