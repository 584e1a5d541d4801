package io.genlab.autoregressive;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The family's capability contract: what samplers and metrics need to generate from, and score with,
 * a trained autoregressive model.
 *
 * <p>Every model of the family exposes two outputs: {@link #LOG_LIKELIHOOD}, the exact log p(x) in
 * nats per example ({@code [B]}), and {@link #LOGITS}, the conditionals' parameters for every
 * dimension at once, flattened in the data's row-major order: {@code [B, D]} Bernoulli logits when
 * {@link #levels()} is 2, {@code [B, levels, D]} unnormalised categorical logits otherwise. The
 * conditional of dimension {@code d} depends only on the dimensions before it in the ordering, so a
 * sampler fills dimension {@code ordering(k)[t]} from one forward pass over the first {@code t}. A
 * model trained over several orderings ({@link #orderings()} {@code > 1}) selects one through
 * {@link #orderingFeeds}. Value level {@code k} of a dimension stands for the data value
 * {@link #dataValue}. Not thread-safe, like the model; the methods that need the data throw
 * {@link IllegalStateException} before the model is built.
 *
 * @since 0.4
 */
@API(status = EXPERIMENTAL, since = "0.4")
public interface AutoregressiveModel {
  /** The output with log p(x) per example, in nats. */
  String LOG_LIKELIHOOD = "log_likelihood";
  /** The output with every dimension's conditional logits. */
  String LOGITS = "logits";
  /** The output of a {@link RowWindow}: the conditionals of every position of the window, as {@link #LOGITS}. */
  String WINDOW_LOGITS = "window_logits";

  /** How many orderings (connectivity sets) the model was trained over, at least 1; known before building. */
  int orderings();

  /**
   * The generation order of ordering {@code set}: entry {@code t} is the flat index of the dimension
   * generated {@code t}-th (a new array).
   *
   * @param set in {@code [0, orderings())}
   */
  int[] ordering(int set);

  /** How many values each dimension takes: 2 (Bernoulli) or the categorical's levels. */
  int levels();

  /** The number of classes the model is conditioned on; 0 for an unconditional model. */
  int numClasses();

  /**
   * The extra feeds that make the graph use ordering {@code set} for a batch of {@code batchSize}
   * examples; they replace the model's noise inputs of the same names (empty for a single ordering).
   */
  Map<String, INDArray> orderingFeeds(int set, long batchSize);

  /** The data value that level {@code level} of a dimension stands for (in the data's range). */
  double dataValue(int level);

  /** The level ({@code 0 .. levels-1}) of each value of {@code data}, as floats (a new array). */
  INDArray toLevels(INDArray data);

  /**
   * A graph that computes the conditionals of a band of image rows from those rows alone, for models of
   * images generated in raster order whose conditionals at row r depend only on rows {@code r - rows + 1
   * .. r} (masked convolutions with a bounded receptive field); empty for other models. A sampler then
   * runs the network over {@code rows} rows per generated pixel instead of the whole image.
   *
   * @since 0.5
   */
  @API(status = EXPERIMENTAL, since = "0.5")
  default Optional<RowWindow> rowWindow() {
    return Optional.empty();
  }

  /**
   * A row window: placeholder {@code input} takes {@code [B, channels, rows, width]} rows of the images
   * (with the labels placeholder for a conditional model); output {@link #WINDOW_LOGITS} holds the
   * conditionals of every window position, flattened in row-major order as {@link #LOGITS}. Fed rows
   * {@code top .. top + rows - 1} of an image, the conditionals at window row k equal the whole image's
   * at row {@code top + k} for every k when {@code top} is 0, and for the last row otherwise.
   *
   * @param input the window placeholder's name
   * @param rows the window's height, smaller than the image's
   */
  @API(status = EXPERIMENTAL, since = "0.5")
  record RowWindow(String input, int rows) {}
}
