package io.genlab.diffusion.internal;

import io.genlab.nn.Activation;
import io.genlab.nn.Layers;
import java.util.List;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A denoiser for vector data {@code [B, D]}: an MLP with SiLU on the input concatenated with a learnt
 * timestep embedding (plus a label embedding when conditional).
 *
 * <p>The timestep embedding is sinusoidal, then dense, SiLU, dense (each {@code timeEmbeddingDim}
 * wide); labels add {@code dense(K -> timeEmbeddingDim)} to it. Weights, under the scope:
 * {@code temb/fc0}, {@code temb/fc1}, {@code label}, {@code fc0 ... fc(n-1)}, {@code out}.
 * Immutable; building is not thread-safe, as the graph is not.
 */
public final class MlpDenoiser implements Denoiser {
  private final int dataDim;
  private final List<Integer> hidden;
  private final int timeEmbeddingDim;
  private final int numClasses;

  /**
   * Creates the configuration; builds nothing yet.
   *
   * @param dataDim the data's width D
   * @param hidden the widths of the hidden layers, each followed by SiLU
   * @param timeEmbeddingDim the width of the timestep (and label) embedding, even
   * @param numClasses the number of label classes K, or 0 for an unconditional network
   * @throws IllegalArgumentException if a width is not positive, the embedding width is odd, or
   *     {@code numClasses} is negative
   */
  public MlpDenoiser(int dataDim, List<Integer> hidden, int timeEmbeddingDim, int numClasses) {
    ScopedLayers.positive("dataDim", dataDim);
    this.hidden = List.copyOf(Objects.requireNonNull(hidden, "hidden"));
    this.hidden.forEach(width -> ScopedLayers.positive("hidden width", width));
    ScopedLayers.checkEmbedding(timeEmbeddingDim, numClasses);
    this.dataDim = dataDim;
    this.timeEmbeddingDim = timeEmbeddingDim;
    this.numClasses = numClasses;
  }

  @Override
  public SDVariable build(
      Layers layers, String scope, boolean createWeights, SDVariable x, SDVariable t, SDVariable labels) {
    ScopedLayers l = ScopedLayers.of(layers, scope, createWeights, x, t);
    SDVariable temb = l.timeEmbedding(t, labels, timeEmbeddingDim, numClasses);
    SDVariable h = l.sameDiff().concat(1, x, temb);
    long width = dataDim + timeEmbeddingDim;
    for (int i = 0; i < hidden.size(); i++) {
      h = l.dense("fc" + i, h, width, hidden.get(i), Activation.SILU);
      width = hidden.get(i);
    }
    return l.dense("out", h, width, dataDim, Activation.IDENTITY);
  }

  @Override
  public String toString() {
    return "MlpDenoiser[dataDim=" + dataDim + ", hidden=" + hidden + ", timeEmbeddingDim=" + timeEmbeddingDim
        + ", numClasses=" + numClasses + "]";
  }
}
