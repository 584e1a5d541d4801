package io.genlab.flow.internal;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * RealNVP's preprocessing as a flow step: x' = logit(alpha + (1 - 2 alpha) y) for y in [0, 1], with
 * the log-derivative of {@link io.genlab.api.LikelihoodUnits#logitLogDerivative} summed per example.
 */
final class LogitTransform implements FlowStep {
  private final SameDiff sd;
  private final long[] shape;
  private final double alpha;

  LogitTransform(SameDiff sd, long[] shape, double alpha) {
    this.sd = sd;
    this.shape = shape.clone();
    this.alpha = alpha;
  }

  @Override
  public long[] outputShape() {
    return shape.clone();
  }

  @Override
  public Flowing forward(Flowing in) {
    SDVariable s = in.value().mul(1 - 2 * alpha).add(alpha);
    SDVariable logS = sd.math.log(s);
    SDVariable logOneMinusS = sd.math.log1p(s.neg());
    SDVariable derivative = logS.add(logOneMinusS).neg().add(Math.log1p(-2 * alpha));
    return in.plus(logS.sub(logOneMinusS), Shapes.perExampleSum(derivative, shape));
  }

  @Override
  public SDVariable inverse(SDVariable y) {
    return sd.nn.sigmoid(y).sub(alpha).div(1 - 2 * alpha);
  }
}
