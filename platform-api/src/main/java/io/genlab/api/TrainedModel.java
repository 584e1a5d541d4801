package io.genlab.api;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Collection;
import java.util.Map;
import org.apiguardian.api.API;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model with its current parameters, as samplers and metrics see it: run any of its outputs.
 *
 * <p>Not thread-safe: one caller at a time.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public interface TrainedModel {

  /** The model instance (use {@link Model#as} for its family's capabilities), never {@code null}. */
  Model model();

  /** The built graph description, never {@code null}. */
  ModelGraph graph();

  /** The loss's objectives and diagnostics as added to the graph, never {@code null}. */
  Objectives objectives();

  /** The data the model was trained on, never {@code null}. */
  DataInfo data();

  /**
   * Runs the graph forward.
   *
   * @param feeds values for every placeholder the outputs depend on, never {@code null}
   * @param outputs the variable names to compute, never {@code null}
   * @return the computed arrays by name, never {@code null}
   */
  Map<String, INDArray> run(Map<String, INDArray> feeds, Collection<String> outputs);

  /**
   * The standard feeds for a batch: the data reshaped to the model's input layout, one-hot labels
   * when the model takes them, and fresh noise for every noise input drawn from {@code noise}.
   *
   * @param data a batch {@code [n, ...exampleShape]}, never {@code null}
   * @param oneHotLabels {@code [n, numClasses]}, or {@code null} for an unconditional model
   * @param noise the source of the noise inputs, never {@code null}
   */
  Map<String, INDArray> feeds(INDArray data, INDArray oneHotLabels, RandomSource noise);

  /** A batch size that evaluation code should use to bound memory, at least 1. */
  int evaluationBatchSize();
}
