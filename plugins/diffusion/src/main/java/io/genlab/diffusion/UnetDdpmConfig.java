package io.genlab.diffusion;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Config of {@code unet-ddpm}: a small U-Net for images. An input 3x3 convolution to {@code channels};
 * per level one residual block (group norm, SiLU, 3x3 convolution, plus the projected time embedding,
 * group norm, SiLU, 3x3 convolution, 1x1 skip when the width changes) to {@code channels * multiplier}
 * and a stride-2 convolution down; a middle block; per level back up a 4x4 stride-2 transposed
 * convolution, concatenation with the skip, and a block; group norm, SiLU and a 3x3 convolution out.
 * The defaults are the {@code ddpm} network of the PyTorch peer (shared/bench/ARCHITECTURES.md).
 *
 * @param channels the width of the first level
 * @param multipliers each level's width as a multiple of {@code channels}; every level halves the
 *     resolution, so the image side must be divisible by 2^levels
 * @param timeEmbedding the width of the sinusoidal timestep embedding and its MLP, even
 * @param groups group norm's number of groups; divides every width
 * @param diffusion the diffusion process
 * @since 0.3
 */
@API(status = EXPERIMENTAL, since = "0.3")
public record UnetDdpmConfig(
    @Description("width of the first level") int channels,
    @Description("each level's width as a multiple of channels") List<Integer> multipliers,
    @Description("width of the timestep embedding (even)") int timeEmbedding,
    @Description("group norm groups (divides every width)") int groups,
    @Description("the diffusion process") DiffusionConfig diffusion) {

  /** The PyTorch peer's network: 32 channels, levels 32 and 64, time embedding 128, 8 groups. */
  public static final UnetDdpmConfig DEFAULTS = new UnetDdpmConfig(32, List.of(1, 2), 128, 8, DiffusionConfig.DEFAULTS);

  public UnetDdpmConfig {
    Check.width("channels", channels);
    multipliers = Check.positiveList("multipliers", multipliers);
    if (multipliers.isEmpty()) {
      throw new ConfigException("multipliers", "multipliers must name at least one level, found []");
    }
    MlpDdpmConfig.checkEmbedding(timeEmbedding);
    Check.positive("groups", groups);
    for (int m : multipliers) {
      if (channels * m % groups != 0) {
        throw new ConfigException("groups", "groups must divide every level's width (channels * multiplier = "
            + channels * m + "), found " + groups);
      }
    }
    Check.notNull("diffusion", diffusion);
  }
}
