package io.genlab.autoregressive;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Config of {@code pixelrnn}: van den Oord, Kalchbrenner and Kavukcuoglu's (2016) PixelRNN for single-channel
 * images, generated in raster order. A type-A masked {@code firstKernel x firstKernel} convolution to
 * {@code 2 hidden} channels, {@code layers} LSTM layers of {@code hidden} units with residual connections
 * (each layer's output goes through a 1x1 convolution back to {@code 2 hidden} channels and is added to its
 * input), then ReLU, a 1x1 convolution to {@code outputHidden} channels, ReLU and a 1x1 convolution to the
 * output: one Bernoulli logit per pixel or {@code levels} categorical logits, as {@link PixelCnnConfig}.
 *
 * <p>{@code variant: row-lstm} computes the image a row at a time: input-to-state a {@code 1 x rowKernel}
 * convolution masked to the pixels left of and at the centre (mask B), state-to-state an unmasked
 * {@code 1 x rowKernel} convolution over the previous row's hidden state (a triangular receptive field).
 * {@code variant: diagonal-bilstm} skews the map (row i shifted right by i) so that diagonals become columns
 * and runs two LSTMs a column at a time, input-to-state 1x1, state-to-state a 2x1 convolution over the
 * previous column (the pixel above and the one to the left); the second runs on the mirrored map and its
 * output is shifted down one row before the two are added, so each pixel sees its past: all of it except,
 * for the first {@code W - 1 - firstKernel / 2} columns, the last pixel of the row above (only the current
 * row's first-layer features see it, and the left-to-right direction reads those up to the current column).
 *
 * @param variant the LSTM layer type
 * @param layers the number of LSTM layers
 * @param hidden the LSTM's state channels h (the residual stream has 2h)
 * @param firstKernel the type-A kernel size, odd
 * @param rowKernel the Row LSTM's input-to-state and state-to-state width, odd (unused by the Diagonal BiLSTM)
 * @param outputHidden the width of the 1x1 output layer
 * @param output the conditional distribution of a pixel
 * @param levels the categorical's number of values (for {@code categorical}; 256 for 8-bit images)
 * @since 0.5
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record PixelRnnConfig(
    @Description("LSTM layer type: row-lstm or diagonal-bilstm") Variant variant,
    @Description("LSTM layers (residual connections between them)") int layers,
    @Description("LSTM state channels h (the residual stream has 2h)") int hidden,
    @Description("type-A kernel size of the first layer (odd)") int firstKernel,
    @Description("Row LSTM input-to-state and state-to-state width (odd)") int rowKernel,
    @Description("width of the 1x1 output layer") int outputHidden,
    @Description("pixel distribution: auto (bernoulli for binary data, else categorical), bernoulli or categorical")
    PixelCnnConfig.Output output,
    @Description("values per pixel of the categorical (256 for 8-bit images)") int levels) {

  /** The LSTM layer types. */
  public enum Variant {
    /** Row LSTM: one row at a time, a triangular receptive field. */
    ROW_LSTM,
    /** Diagonal BiLSTM: one diagonal at a time in both directions, the whole past in view. */
    DIAGONAL_BILSTM
  }

  /**
   * A CPU-sized Diagonal BiLSTM: 2 layers of h = 16, 7x7 first layer, 32 output channels (the paper's MNIST
   * network has 7 layers of h = 16).
   */
  public static final PixelRnnConfig DEFAULTS = new PixelRnnConfig(Variant.DIAGONAL_BILSTM, 2, 16, 7, 3, 32,
      PixelCnnConfig.Output.AUTO, 256);

  public PixelRnnConfig {
    Check.notNull("variant", variant);
    Check.inRange("layers", layers, 1, 64);
    Check.width("hidden", hidden);
    checkOddKernel("firstKernel", firstKernel);
    checkOddKernel("rowKernel", rowKernel);
    Check.width("outputHidden", outputHidden);
    Check.notNull("output", output);
    Check.inRange("levels", levels, 2, 65536);
  }

  private static void checkOddKernel(String field, int kernel) {
    if (kernel <= 0 || kernel % 2 == 0) {
      throw new ConfigException(field, field + " must be odd and > 0, found " + kernel);
    }
  }
}
