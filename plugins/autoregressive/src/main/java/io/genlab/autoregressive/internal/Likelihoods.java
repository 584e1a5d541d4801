package io.genlab.autoregressive.internal;

import io.genlab.nn.GraphOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Exact log-likelihoods of discrete conditionals, built from elementary ops (never {@code sd.loss.*}). */
final class Likelihoods {
  private Likelihoods() {}

  /**
   * Sum over dimensions of the Bernoulli log-probability {@code x l - softplus(l)}, with the
   * overflow-free {@link GraphOps#softplus}.
   *
   * @param x {@code [B, D]} values in {0, 1}
   * @param logits {@code [B, D]}
   * @return {@code [B]}
   */
  static SDVariable bernoulli(SameDiff sd, SDVariable x, SDVariable logits, long dimensions) {
    return sumOverDimensions(x.mul(logits).sub(GraphOps.softplus(sd, logits)), dimensions);
  }

  /**
   * Sum over dimensions of the categorical log-probability of each value's level: the log-softmax of
   * the logits over the level axis, picked by a one-hot of the level.
   *
   * @param levelIndex {@code [B, D]} the level of each value, as floats
   * @param logits {@code [B, L, D]}
   * @return {@code [B]}
   */
  static SDVariable categorical(SameDiff sd, SDVariable levelIndex, SDVariable logits, int levels, long dimensions) {
    // Subtracting the (constant-gradient) maximum keeps exp finite; the log-softmax does not depend on it.
    SDVariable shifted = logits.sub(logits.max(true, 1));
    SDVariable logSoftmax = shifted.sub(sd.math.log(sd.math.exp(shifted).sum(true, 1)));
    float[] range = new float[levels];
    for (int k = 0; k < levels; k++) {
      range[k] = k;
    }
    SDVariable levelAxis = sd.constant(Nd4j.create(range, new long[] {1, levels, 1}, 'c'));
    SDVariable oneHot = levelIndex.reshape(-1, 1, dimensions).eq(levelAxis).castTo(DataType.FLOAT);
    return sumOverDimensions(oneHot.mul(logSoftmax).sum(1), dimensions);
  }

  /** Sums {@code [B, D]} over D; a reshape when D is 1, where ND4J's reduction has no gradient. */
  private static SDVariable sumOverDimensions(SDVariable perDimension, long dimensions) {
    return dimensions == 1 ? perDimension.reshape(-1) : perDimension.sum(1);
  }
}
