package io.genlab.diffusion;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The capability a guiding sampler needs from a noise-aware classifier p(y | x_t, t) (Dhariwal and Nichol,
 * 2021): its forward process and a graph that returns the logits and grad_x log p(y | x_t).
 *
 * <p>The classifying graph runs on the placeholders {@link #X} ({@code [B, ...dataInputShape]}, x_t in the
 * diffusion family's model space: images in [-1, 1], vectors unchanged), {@link #T} (timestep indices as
 * floats, {@code [B]}) and {@link #LABELS} (one-hot target classes {@code [B, K]}); its outputs are
 * {@link #LOGITS} ({@code [B, K]}), {@link #LOG_PROB} (log p(y_i | x_i), {@code [B]}) and
 * {@link #GRADIENT}, the gradient of {@code sum_i log p(y_i | x_i)} with respect to x, shaped like x. The
 * gradient is built from forward ops (SameDiff has no second derivatives and a trained model only runs
 * forward), so any executor computes it. Not thread-safe, like the model.
 *
 * @since 0.6
 */
@API(status = EXPERIMENTAL, since = "0.6")
public interface NoisyClassifier {
  /** The noisy-input placeholder. */
  String X = "classifier/x";
  /** The timestep placeholder. */
  String T = "classifier/t";
  /** The one-hot target placeholder. */
  String LABELS = "classifier/labels";
  /** The logits output. */
  String LOGITS = "classifier/logits";
  /** The per-example log-probability of the target class. */
  String LOG_PROB = "classifier/log_prob";
  /** The input gradient of the summed log-probabilities of the targets. */
  String GRADIENT = "classifier/gradient";

  /** The forward process the classifier was trained on, never {@code null}. */
  NoiseSchedule schedule();

  /** The number of classes K (known once the model is built). */
  int numClasses();

  /** Data values mapped to the family's model space (a new array), as {@link DiffusionModel#toModelSpace}. */
  INDArray toModelSpace(INDArray data);
}
