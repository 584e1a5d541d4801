package io.genlab.diffusion.internal;

import io.genlab.nn.Activation;
import io.genlab.nn.Layers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A small DDPM U-Net for NCHW images: one residual block per level on the way down and up, skip
 * connections by channel concatenation, group norm and SiLU, the timestep embedding added in every
 * block.
 *
 * <p>With {@code c_i = baseChannels * multipliers[i]}: an input 3x3 convolution to {@code baseChannels};
 * per level {@code i} a residual block to {@code c_i} (kept as skip {@code h_i}) and a 3x3 convolution
 * with stride 2 (halving H and W); a middle residual block; per level from the last to the first a 4x4
 * transposed convolution with stride 2 (doubling H and W, keeping the channels), concatenation with
 * {@code h_i} and a residual block to {@code c_{i-1}} ({@code baseChannels} for the first level); then
 * group norm, SiLU and a 3x3 convolution back to {@code channelsIn}. A residual block from {@code cin}
 * to {@code cout} is GN, SiLU, conv3x3, plus {@code dense(temb)} broadcast over H and W, GN, SiLU,
 * conv3x3, plus the input (through a 1x1 convolution when {@code cin != cout}). The timestep
 * embedding is sinusoidal, dense, SiLU, dense, plus {@code dense(labels)} when conditional.
 *
 * <p>{@code UNet(1, 32, [1, 2], 128, 8, 0)} is the {@code ddpm} peer network, PyTorch's
 * {@code SmallUNet} of the benchmark (421,825 parameters). H and W must be divisible by
 * {@code 2^levels} (28 and 8 are, for two levels); they are read from the input when the graph runs.
 * Weights, under the scope: {@code temb/fc0}, {@code temb/fc1}, {@code label}, {@code inp},
 * {@code down<i>/res/...}, {@code down<i>/conv}, {@code mid/...}, {@code up<i>/deconv},
 * {@code up<i>/res/...}, {@code out/norm}, {@code out/conv}, a residual block's being {@code n1},
 * {@code c1}, {@code t}, {@code n2}, {@code c2} and {@code skip}. Immutable; building is not
 * thread-safe, as the graph is not.
 */
public final class UNet implements Denoiser {
  private final int channelsIn;
  private final int baseChannels;
  private final List<Integer> multipliers;
  private final int timeEmbeddingDim;
  private final int groups;
  private final int numClasses;

  /**
   * Creates the configuration; builds nothing yet.
   *
   * @param channelsIn the image channels, in and out
   * @param baseChannels the channels after the input convolution
   * @param multipliers per level, its channels as a multiple of {@code baseChannels}; one level per
   *     halving of H and W
   * @param timeEmbeddingDim the width of the timestep (and label) embedding, even
   * @param groups the group count of every group norm; must divide {@code baseChannels} and every
   *     level's channels
   * @param numClasses the number of label classes K, or 0 for an unconditional network
   * @throws IllegalArgumentException if a size is not positive, the embedding width is odd,
   *     {@code groups} does not divide a normalised channel count, or {@code numClasses} is negative
   */
  public UNet(int channelsIn, int baseChannels, List<Integer> multipliers, int timeEmbeddingDim, int groups,
      int numClasses) {
    ScopedLayers.positive("channelsIn", channelsIn);
    ScopedLayers.positive("baseChannels", baseChannels);
    this.multipliers = List.copyOf(Objects.requireNonNull(multipliers, "multipliers"));
    if (this.multipliers.isEmpty()) {
      throw new IllegalArgumentException("a U-Net needs at least one level (multiplier)");
    }
    this.multipliers.forEach(m -> ScopedLayers.positive("channel multiplier", m));
    ScopedLayers.checkEmbedding(timeEmbeddingDim, numClasses);
    ScopedLayers.positive("groups", groups);
    // Every group norm sees baseChannels, some c_i, or 2 c_i (a concatenation): checking baseChannels
    // and each c_i covers them all.
    if (baseChannels % groups != 0) {
      throw new IllegalArgumentException(groups + " groups do not divide baseChannels " + baseChannels);
    }
    for (int m : this.multipliers) {
      if ((long) baseChannels * m % groups != 0) {
        throw new IllegalArgumentException(groups + " groups do not divide the level's channels " + baseChannels * m);
      }
    }
    this.channelsIn = channelsIn;
    this.baseChannels = baseChannels;
    this.timeEmbeddingDim = timeEmbeddingDim;
    this.groups = groups;
    this.numClasses = numClasses;
  }

  @Override
  public SDVariable build(
      Layers layers, String scope, boolean createWeights, SDVariable x, SDVariable t, SDVariable labels) {
    ScopedLayers l = ScopedLayers.of(layers, scope, createWeights, x, t);
    SameDiff sd = l.sameDiff();
    SDVariable temb = l.timeEmbedding(t, labels, timeEmbeddingDim, numClasses);

    SDVariable h = l.conv2d("inp", x, channelsIn, baseChannels, 3, 1, 1);
    List<SDVariable> skips = new ArrayList<>();
    long channels = baseChannels;
    for (int i = 0; i < multipliers.size(); i++) {
      long c = level(i);
      h = resBlock(l, "down" + i + "/res", h, temb, channels, c);
      skips.add(h);
      h = l.conv2d("down" + i + "/conv", h, c, c, 3, 2, 1);
      channels = c;
    }
    h = resBlock(l, "mid", h, temb, channels, channels);
    for (int i = multipliers.size() - 1; i >= 0; i--) {
      // Here channels == c_i: the middle block's output at the last level, the previous up block's below.
      h = l.deconv2d("up" + i + "/deconv", h, channels, channels, 4, 2, 1);
      h = sd.concat(1, h, skips.get(i));
      long out = i == 0 ? baseChannels : level(i - 1);
      h = resBlock(l, "up" + i + "/res", h, temb, channels + level(i), out);
      channels = out;
    }
    h = Activation.SILU.apply(sd, l.groupNorm("out/norm", h, channels, groups));
    return l.conv2d("out/conv", h, channels, channelsIn, 3, 1, 1);
  }

  private long level(int i) {
    return (long) baseChannels * multipliers.get(i);
  }

  private SDVariable resBlock(ScopedLayers l, String name, SDVariable x, SDVariable temb, long in, long out) {
    SameDiff sd = l.sameDiff();
    SDVariable h = Activation.SILU.apply(sd, l.groupNorm(name + "/n1", x, in, groups));
    h = l.conv2d(name + "/c1", h, in, out, 3, 1, 1);
    SDVariable shift = l.dense(name + "/t", temb, timeEmbeddingDim, out, Activation.IDENTITY);
    h = h.add(shift.reshape(-1, out, 1, 1));
    h = Activation.SILU.apply(sd, l.groupNorm(name + "/n2", h, out, groups));
    h = l.conv2d(name + "/c2", h, out, out, 3, 1, 1);
    SDVariable skip = in == out ? x : l.conv2d(name + "/skip", x, in, out, 1, 1, 0);
    return h.add(skip);
  }

  @Override
  public String toString() {
    return "UNet[channelsIn=" + channelsIn + ", baseChannels=" + baseChannels + ", multipliers=" + multipliers
        + ", timeEmbeddingDim=" + timeEmbeddingDim + ", groups=" + groups + ", numClasses=" + numClasses + "]";
  }
}
