package io.genlab.flow;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.RandomSource;
import org.apiguardian.api.API;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The family's capability contract: what losses, samplers and metrics need from a flow.
 *
 * <p>The training graph maps the data placeholder (and, for 8-bit images, the uniform dequantisation
 * noise input {@link #DEQUANTIZATION}) to {@link #LOG_LIKELIHOOD} ({@code [B]}, nats: the log-density of
 * the dequantised data y in [0, 1]^D for images, of x itself for vectors), {@link #Z} ({@code [B, D]})
 * and {@link #DEQUANTIZED} (the y the flow saw, {@code [B, ...exampleShape]}). The sampling graph maps
 * the placeholder {@link #SAMPLE_Z} ({@code [B, D]}) through the exact inverse to {@link #SAMPLE_X}
 * (unclipped, in y's space) and {@link #SAMPLE_OUTPUT} (clipped to the data range); {@link #samplePrior}
 * draws the z it decodes. Not thread-safe, like the model; the data-dependent answers need the model
 * built first.
 *
 * @since 0.4
 */
@API(status = EXPERIMENTAL, since = "0.4")
public interface FlowModel {
  /** The output with the per-example log-likelihood. */
  String LOG_LIKELIHOOD = "log_likelihood";
  /** The output with the base-space encoding. */
  String Z = "z";
  /** The output with the (dequantised) values the flow encoded. */
  String DEQUANTIZED = "dequantized";
  /** The noise input with the uniform dequantisation noise (8-bit images only). */
  String DEQUANTIZATION = "flow/dequantization";
  /** The sampling graph's base-space placeholder. */
  String SAMPLE_Z = "sample/z";
  /** The sampling graph's exact inverse, unclipped. */
  String SAMPLE_X = "sample/x";
  /** The sampling graph's output clipped to the data range. */
  String SAMPLE_OUTPUT = "sample/output";

  /** The number of values per example, D (also the size of z). */
  int dimensions();

  /** Whether the data are dequantised 8-bit images (else a density on continuous vectors). */
  boolean dequantized();

  /** The levels of dequantised data (256), or 0 for continuous data. */
  int levels();

  /** The logit transform's margin, or {@code null} when there is none. */
  Double logitAlpha();

  /**
   * Draws {@code count} base-space values {@code [count, D]} from the flow's prior with its scale
   * multiplied by {@code temperature}: N(0, T^2 I) unless the flow has another prior.
   */
  default INDArray samplePrior(RandomSource random, int count, double temperature) {
    return random.normal(count, dimensions()).muli(temperature);
  }
}
