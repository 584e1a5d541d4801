package io.genlab.diffusion.internal;

import io.genlab.nn.Activation;
import io.genlab.nn.Embeddings;
import io.genlab.nn.Layers;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The layers of one {@link Denoiser#build}: genlab's {@link Layers} under {@code scope}, creating the weights
 * or (when {@code create} is false) applying the existing ones of the same names, plus the time embedding every
 * denoiser shares.
 *
 * <p>Not thread-safe.
 */
final class ScopedLayers {
  private final Layers layers;

  ScopedLayers(Layers layers, String scope, boolean create) {
    if (scope == null || scope.isEmpty()) {
      throw new IllegalArgumentException("a denoiser needs a non-empty scope for its weights");
    }
    this.layers = create ? layers.scope(scope) : layers.scope(scope).reusing();
  }

  SameDiff sameDiff() {
    return layers.sameDiff();
  }

  SDVariable dense(String name, SDVariable x, long in, long out, Activation activation) {
    return layers.dense(name, x, in, out, activation);
  }

  SDVariable conv2d(String name, SDVariable x, long in, long out, int kernel, int stride, int padding) {
    return layers.conv2d(name, x, in, out, kernel, stride, padding, Activation.IDENTITY);
  }

  SDVariable deconv2d(String name, SDVariable x, long in, long out, int kernel, int stride, int padding) {
    return layers.deconv2d(name, x, in, out, kernel, stride, padding, Activation.IDENTITY);
  }

  SDVariable groupNorm(String name, SDVariable x, long channels, int groups) {
    return layers.groupNorm(name, x, channels, groups);
  }

  /**
   * Sinusoidal embedding, dense, SiLU, dense (the PyTorch peer's pattern), plus a dense map of the
   * labels when conditional: {@code temb/fc0}, {@code temb/fc1}, {@code label}.
   *
   * @throws IllegalArgumentException if labels are given to an unconditional network or missing for
   *     a conditional one
   */
  SDVariable timeEmbedding(SDVariable t, SDVariable labels, int dim, int numClasses) {
    if (numClasses == 0 && labels != null) {
      throw new IllegalArgumentException("an unconditional denoiser (numClasses 0) takes no labels");
    }
    if (numClasses > 0 && labels == null) {
      throw new IllegalArgumentException("a conditional denoiser needs labels [B, " + numClasses
          + "]; pass zero rows for \"no label\"");
    }
    SDVariable h = dense("temb/fc0", Embeddings.sinusoidal(sameDiff(), t, dim), dim, dim, Activation.SILU);
    h = dense("temb/fc1", h, dim, dim, Activation.IDENTITY);
    return labels == null ? h : h.add(dense("label", labels, numClasses, dim, Activation.IDENTITY));
  }

  /**
   * The scoped layers of one {@link Denoiser#build}, after checking its required arguments.
   *
   * @throws NullPointerException naming the missing argument
   */
  static ScopedLayers of(Layers layers, String scope, boolean createWeights, SDVariable x, SDVariable t) {
    Objects.requireNonNull(layers, "layers");
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(t, "t");
    return new ScopedLayers(layers, scope, createWeights);
  }

  /** Checks the settings every denoiser's time embedding shares: an even positive width, K >= 0. */
  static void checkEmbedding(int timeEmbeddingDim, int numClasses) {
    positive("timeEmbeddingDim", timeEmbeddingDim);
    if (timeEmbeddingDim % 2 != 0) {
      throw new IllegalArgumentException("timeEmbeddingDim must be even, got " + timeEmbeddingDim);
    }
    if (numClasses < 0) {
      throw new IllegalArgumentException("numClasses must be >= 0 (0 = unconditional), got " + numClasses);
    }
  }

  /** Throws unless {@code value} is positive. */
  static void positive(String what, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
  }
}
