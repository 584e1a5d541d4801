package io.genlab.diffusion;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Config of {@code noisy-classifier}: p(y | x_t, t) for classifier guidance (Dhariwal and Nichol, 2021).
 * The first layer (dense for vectors, a 3x3 convolution for images) sees x_t; a projection of the
 * family's timestep embedding (sinusoidal, dense, SiLU, dense) is added to its output; SiLU layers
 * follow: for vectors dense layers of {@code hidden} widths, for images two stride-2 3x3 convolutions
 * ({@code 2 channels} each); then a dense layer to the class logits.
 *
 * @param hidden the widths of the dense layers (vectors; the first is the layer that sees x_t)
 * @param channels the first convolution's channels (images)
 * @param timeEmbedding the width of the timestep embedding, even
 * @param process the forward process, which must equal the guided diffusion model's
 * @since 0.6
 */
@API(status = EXPERIMENTAL, since = "0.6")
public record NoisyClassifierConfig(
    @Description("dense widths (vectors)") List<Integer> hidden,
    @Description("channels of the first convolution (images)") int channels,
    @Description("width of the timestep embedding (even)") int timeEmbedding,
    @Description("the forward process (must equal the guided diffusion model's)") ForwardProcess process) {

  /** Two dense layers of 128 or 32 first channels, a 64-wide time embedding, the default process. */
  public static final NoisyClassifierConfig DEFAULTS =
      new NoisyClassifierConfig(List.of(128, 128), 32, 64, ForwardProcess.DEFAULTS);

  public NoisyClassifierConfig {
    hidden = Check.widths("hidden", hidden);
    Check.width("channels", channels);
    MlpDdpmConfig.checkEmbedding(timeEmbedding);
    Check.notNull("process", process);
  }
}
