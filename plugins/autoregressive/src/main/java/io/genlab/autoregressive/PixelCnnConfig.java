package io.genlab.autoregressive;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Config of {@code pixelcnn}: van den Oord et al.'s (2016) PixelCNN for single-channel images. A type-A
 * masked convolution (the centre pixel excluded) of width {@code firstKernel}, {@code residualBlocks}
 * blocks {@code h + maskedB(ReLU(h))}, then ReLU, a 1x1 convolution to {@code outputHidden} channels,
 * ReLU and a 1x1 convolution to the output: one Bernoulli logit per pixel or {@code levels} categorical
 * logits. The input is the data scaled to [0, 1]. Weights follow PyTorch's default initialisation; at
 * its defaults on binary 28x28 images the network is the benchmark peer's.
 *
 * <p>{@code blocks: gated} replaces the residual blocks by van den Oord et al.'s (2016, "Conditional Image
 * Generation with PixelCNN Decoders") gated blocks: a vertical stack that sees every row above and a
 * horizontal stack that sees the current row to the left plus the vertical stack, {@code tanh(a)
 * sigmoid(b)} activations, a 1x1 link from the vertical to the horizontal stack and a residual 1x1 on the
 * horizontal stack. It has no blind spot: every earlier pixel within the receptive field is seen, the
 * pixels above and to the right included. The first layer is type A, then {@code residualBlocks} type-B
 * gated blocks; the head reads the horizontal stack.
 *
 * <p>A conditional model adds a learned per-class channel bias (a linear map of the one-hot label) to
 * every masked convolution's output; in gated blocks to both stacks' gate pre-activations, as in the paper.
 *
 * @param channels the width of every masked convolution
 * @param residualBlocks the number of type-B blocks (residual, or gated with a residual connection)
 * @param firstKernel the type-A kernel size, odd
 * @param blockKernel the type-B kernel size, odd
 * @param outputHidden the width of the 1x1 output layer
 * @param output the conditional distribution of a pixel
 * @param levels the categorical's number of values (for {@code categorical}; 256 for 8-bit images)
 * @param conditional whether the model is conditioned on the class label
 * @param blocks the block type: {@code residual} (the peer's network) or {@code gated} (no blind spot)
 * @since 0.4
 */
@API(status = EXPERIMENTAL, since = "0.4")
public record PixelCnnConfig(
    @Description("width of the masked convolutions") int channels,
    @Description("type-B blocks (residual, or gated with a residual connection)") int residualBlocks,
    @Description("type-A kernel size (odd)") int firstKernel,
    @Description("type-B kernel size (odd)") int blockKernel,
    @Description("width of the 1x1 output layer") int outputHidden,
    @Description("pixel distribution: auto (bernoulli for binary data, else categorical), bernoulli or categorical")
    Output output,
    @Description("values per pixel of the categorical (256 for 8-bit images, 17 for sklearn digits)") int levels,
    @Description("condition on the class label") boolean conditional,
    @Description("block type: residual (the peer's PixelCNN) or gated (vertical and horizontal stacks, no blind spot)")
    Blocks blocks) {

  /** The pixel distributions. */
  public enum Output {
    /** Bernoulli for binary data, categorical otherwise. */
    AUTO,
    /** One Bernoulli logit per pixel; needs binary data. */
    BERNOULLI,
    /** A {@code levels}-way softmax per pixel. */
    CATEGORICAL
  }

  /** The block types. */
  public enum Blocks {
    /** Type-B masked convolutions with residual connections: the original PixelCNN, with its blind spot. */
    RESIDUAL,
    /** Gated vertical and horizontal stacks (van den Oord et al., 2016): no blind spot. */
    GATED
  }

  /** The benchmark peer's network: 64 channels, 5 blocks, 7x7 then 3x3 kernels, 64 output channels. */
  public static final PixelCnnConfig DEFAULTS = new PixelCnnConfig(64, 5, 7, 3, 64, Output.AUTO, 256, false,
      Blocks.RESIDUAL);

  public PixelCnnConfig {
    Check.width("channels", channels);
    Check.nonNegative("residualBlocks", residualBlocks);
    checkOddKernel("firstKernel", firstKernel);
    checkOddKernel("blockKernel", blockKernel);
    Check.positive("outputHidden", outputHidden);
    Check.notNull("output", output);
    Check.inRange("levels", levels, 2, 65536);
    Check.notNull("blocks", blocks);
  }

  private static void checkOddKernel(String field, int kernel) {
    if (kernel <= 0 || kernel % 2 == 0) {
      throw new ConfigException(field, field + " must be odd and > 0, found " + kernel);
    }
  }
}
