package io.genlab.diffusion.internal;

import io.genlab.nn.Layers;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A denoising network: maps a noisy input x_t, its timesteps and optional one-hot labels to an output
 * of x_t's shape (the predicted noise, clean input or velocity, as the model's prediction says).
 *
 * <p>Built twice per graph: once creating the trainable weights under a scope, once more on the
 * sampling placeholders with either those weights or their moving-average copies, which carry the same
 * names under another scope. Not thread-safe.
 */
public interface Denoiser {

  /**
   * Adds the network to {@code layers}' graph.
   *
   * @param layers where weights are created or looked up (by name, under {@code scope})
   * @param scope the weights' name prefix, e.g. {@code denoiser} or {@code ema/denoiser}
   * @param createWeights whether to create the weights (first build) or reuse existing ones
   * @param x {@code [B, D]} for vectors, {@code [B, C, H, W]} for images
   * @param t the timesteps as floats {@code [B]} in {@code [0, T)}
   * @param labels one-hot labels {@code [B, K]} (a zero row means "no label"), or {@code null} for
   *     an unconditional network
   * @return the output, shaped like {@code x}
   */
  SDVariable build(Layers layers, String scope, boolean createWeights, SDVariable x, SDVariable t, SDVariable labels);
}
