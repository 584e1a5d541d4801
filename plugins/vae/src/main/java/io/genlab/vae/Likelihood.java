package io.genlab.vae;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The decoder's output distribution p(x|z), per pixel.
 *
 * <p>{@code BERNOULLI}: the decoder emits logits; for binary (or [0, 1]) data. {@code GAUSSIAN}: the
 * decoder emits means with a fixed standard deviation. Both give log-likelihoods in nats. Thread-safe.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public enum Likelihood {
  BERNOULLI,
  GAUSSIAN;

  /** Per-example negative log-likelihood {@code [batch]} of {@code x} under decoder output {@code out}, in the graph. */
  public SDVariable negLogLikelihood(SameDiff sd, SDVariable x, SDVariable out, double sigma) {
    if (this == BERNOULLI) {
      // -log p = softplus(l) - x*l, the numerically stable form of binary cross-entropy with logits.
      return sd.nn.softplus(out).sub(x.mul(out)).sum(1);
    }
    double logNorm = Math.log(sigma) + 0.5 * Math.log(2 * Math.PI);
    return x.sub(out).div(sigma).pow(2).mul(0.5).add(logNorm).sum(1);
  }

  /** Per-example log-likelihood {@code [batch]} of flat {@code x [batch, d]} given flat decoder output, outside the graph. */
  public INDArray logLikelihood(INDArray x, INDArray out, double sigma) {
    if (this == BERNOULLI) {
      return x.mul(out).subi(Transforms.softPlus(out, true)).sum(1);
    }
    double logNorm = Math.log(sigma) + 0.5 * Math.log(2 * Math.PI);
    INDArray diff = x.sub(out).divi(sigma);
    return diff.muli(diff).muli(-0.5).subi(logNorm).sum(1);
  }

  /** The mean of p(x|z) from the decoder output (sigmoid of logits, or the Gaussian mean). */
  public INDArray mean(INDArray out) {
    return this == BERNOULLI ? Transforms.sigmoid(out, true) : out.dup();
  }

  /** The mean of p(x|z) from the decoder output, in the graph. */
  public SDVariable mean(SameDiff sd, SDVariable out) {
    return this == BERNOULLI ? sd.nn.sigmoid(out) : out;
  }
}
