package io.genlab.diffusion;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Optional;
import org.apiguardian.api.API;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The family's capability contract: what samplers need to run a trained denoiser's reverse chain.
 *
 * <p>Every model of the family builds, beside its training graph, a sampling graph: the denoiser on
 * the placeholders {@link #SAMPLE_X} ({@code [B, ...dataInputShape]}, in model space), {@link #SAMPLE_T}
 * (timestep indices as floats, {@code [B]}) and, when {@link #numClasses()} {@code > 0},
 * {@link #SAMPLE_LABELS} (one-hot {@code [B, K]}, a zero row for "no label"), with output
 * {@link #SAMPLE_OUTPUT} in the model's {@link #prediction()} parameterisation. That graph uses the
 * moving average of the weights when the model keeps one. Model space is the data mapped by
 * {@link #toModelSpace}: images to [-1, 1], vectors unchanged. Not thread-safe, like the model.
 *
 * @since 0.3
 */
@API(status = EXPERIMENTAL, since = "0.3")
public interface DiffusionModel {
  /** The sampling graph's noisy-input placeholder. */
  String SAMPLE_X = "sample/x";
  /** The sampling graph's timestep placeholder. */
  String SAMPLE_T = "sample/t";
  /** The sampling graph's one-hot label placeholder (conditional models). */
  String SAMPLE_LABELS = "sample/labels";
  /** The sampling graph's output. */
  String SAMPLE_OUTPUT = "sample/output";

  /** The forward process the model was trained for, never {@code null}. */
  NoiseSchedule schedule();

  /** What the denoiser predicts, never {@code null}. */
  Prediction prediction();

  /** Whether the model is conditioned on labels (known before it is built). */
  boolean conditional();

  /** The number of classes the model is conditioned on; 0 for an unconditional model. */
  int numClasses();

  /** Whether sampling uses the moving average of the weights. */
  boolean samplesWithMovingAverage();

  /** The interval model-space values of clean data lie in ([-1, 1] for images), or empty when unbounded. */
  Optional<double[]> modelRange();

  /** Data values mapped to model space (a new array). */
  INDArray toModelSpace(INDArray data);

  /** Model-space values mapped back to data space and clipped to the data range (a new array). */
  INDArray toDataSpace(INDArray model);
}
