package io.genlab.flow;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Config of {@code realnvp}: a RealNVP normalizing flow (Dinh et al., 2017) with optional Glow pieces
 * (Kingma and Dhariwal, 2018). Vectors pass {@code couplings} affine couplings with alternating masks
 * and MLP s/t networks; images pass, per level, checkerboard couplings, a squeeze, channel couplings and
 * a factor-out of half the channels, then the last level's checkerboard couplings, with residual conv
 * s/t networks. 8-bit images are dequantised with uniform noise and logit-transformed first.
 *
 * @param couplings affine coupling layers for vector data
 * @param hidden hidden widths of the s/t MLP (vector data)
 * @param scales squeeze-and-factor-out levels for images; height and width must be divisible by 2^scales
 * @param checkerboardCouplings checkerboard couplings per level before the squeeze (images)
 * @param channelCouplings channel-mask couplings per level after the squeeze (images)
 * @param finalCouplings checkerboard couplings of the last level (images), at least 1
 * @param channels width of the residual s/t networks (images)
 * @param blocks residual blocks of the s/t networks (images)
 * @param learnedScale whether s = scale * tanh(raw) with a trainable scale (else s = tanh(raw))
 * @param actnorm whether an actnorm layer, initialised from the first batch, precedes each coupling
 * @param permutation {@code none}, {@code reverse} or {@code invconv} (an invertible 1x1 convolution),
 *     before each coupling on at least 2 channels
 * @param logitAlpha the logit transform's margin for images in (0, 0.5); {@code null} or 0: none
 * @param levels how many values a pixel takes: image values are {@code k / (levels - 1)}, dequantised to
 *     {@code (k + u) / levels}; at least 2
 * @since 0.4
 */
@API(status = EXPERIMENTAL, since = "0.4")
public record RealNvpConfig(
    @Description("affine coupling layers for vector data (alternating masks)") int couplings,
    @Description("hidden widths of the s/t MLP (vector data)") List<Integer> hidden,
    @Description("squeeze-and-factor-out levels for images (height, width divisible by 2^scales)") int scales,
    @Description("checkerboard couplings per level before the squeeze (images)") int checkerboardCouplings,
    @Description("channel-mask couplings per level after the squeeze (images)") int channelCouplings,
    @Description("checkerboard couplings of the last level (images)") int finalCouplings,
    @Description("width of the residual s/t conv nets (images)") int channels,
    @Description("residual blocks of the s/t conv nets (images)") int blocks,
    @Description("s = scale * tanh(raw) with a trainable scale (else tanh(raw))") boolean learnedScale,
    @Description("actnorm before each coupling, initialised from the first batch (Glow)") boolean actnorm,
    @Description("before each coupling on >= 2 channels: none, reverse or invconv (1x1 conv)") Permutation permutation,
    @Description("logit transform margin for images (null or 0: no logit transform)") Double logitAlpha,
    @Description("values per pixel of the images, k/(levels-1) in [0, 1] (256: 8-bit; 17: sklearn digits)") int levels) {

  /** What mixes the channels before each coupling (where there are at least two). */
  public enum Permutation {
    /** Nothing: the masks alone alternate which half is transformed. */
    NONE,
    /** A fixed reversal of the channel order (RealNVP, log-det 0). */
    REVERSE,
    /** Glow's invertible 1x1 convolution, LU-parameterised and learned. */
    INVCONV
  }

  /** 8 couplings with a 64-64 MLP; images: 2 levels of 3 + 3 couplings, 4 final, 32-wide 2-block nets, 8-bit pixels. */
  public static final RealNvpConfig DEFAULTS =
      new RealNvpConfig(8, List.of(64, 64), 2, 3, 3, 4, 32, 2, true, false, Permutation.NONE, 0.05, 256);

  public RealNvpConfig {
    Check.positive("couplings", couplings);
    hidden = Check.widths("hidden", hidden);
    Check.nonNegative("scales", scales);
    Check.nonNegative("checkerboardCouplings", checkerboardCouplings);
    Check.nonNegative("channelCouplings", channelCouplings);
    Check.positive("finalCouplings", finalCouplings);
    Check.width("channels", channels);
    Check.nonNegative("blocks", blocks);
    Check.notNull("permutation", permutation);
    if (levels < 2) {
      throw new ConfigException("levels", "levels must be >= 2, found " + levels);
    }
    if (logitAlpha != null && !(logitAlpha >= 0 && logitAlpha < 0.5)) {
      throw new ConfigException("logitAlpha", "logitAlpha must be null or in [0, 0.5), found " + logitAlpha);
    }
  }

  /** The logit margin, or {@code null} when there is no logit transform. */
  public Double effectiveLogitAlpha() {
    return logitAlpha == null || logitAlpha == 0 ? null : logitAlpha;
  }
}
