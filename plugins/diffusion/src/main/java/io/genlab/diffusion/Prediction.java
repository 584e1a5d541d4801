package io.genlab.diffusion;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a denoiser outputs, and how samplers turn that output into the two quantities they step with:
 * the predicted clean input x0 and the predicted noise eps, given x_t = sqrt(abar) x0 + sqrt(1 - abar) eps.
 *
 * <p>Thread-safe; the conversions allocate new arrays and never modify their arguments.
 *
 * @since 0.3
 */
@API(status = EXPERIMENTAL, since = "0.3")
public enum Prediction {
  /** The noise eps (Ho et al., 2020). */
  EPS,
  /** The clean input x0. */
  X0,
  /** The velocity v = sqrt(abar) eps - sqrt(1 - abar) x0 (Salimans and Ho, 2022). */
  V;

  /** The predicted x0 at a step with cumulative product {@code alphaBar}. */
  public INDArray x0(INDArray xt, INDArray output, double alphaBar) {
    double a = Math.sqrt(alphaBar);
    double s = Math.sqrt(1 - alphaBar);
    return switch (this) {
      case EPS -> xt.sub(output.mul(s)).divi(a);
      case X0 -> output.dup();
      case V -> xt.mul(a).subi(output.mul(s));
    };
  }

  /** The predicted noise at a step with cumulative product {@code alphaBar}. */
  public INDArray eps(INDArray xt, INDArray output, double alphaBar) {
    double a = Math.sqrt(alphaBar);
    double s = Math.sqrt(1 - alphaBar);
    return switch (this) {
      case EPS -> output.dup();
      case X0 -> xt.sub(output.mul(a)).divi(s);
      case V -> xt.mul(s).addi(output.mul(a));
    };
  }
}
