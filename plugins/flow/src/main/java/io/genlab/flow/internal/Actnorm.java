package io.genlab.flow.internal;

import io.genlab.nn.Layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Glow's activation normalisation: y = (x + bias) * exp(logScale) per channel, log-det = H * W *
 * sum(logScale). Starts as the identity; {@link #initialize} sets bias and scale from a batch so that
 * the output has zero mean and unit variance per channel.
 */
final class Actnorm implements FlowStep {
  private static final double EPSILON = 1e-6;
  private final SameDiff sd;
  private final String name;
  private final long[] shape;
  private final SDVariable bias;
  private final SDVariable logScale;
  private SDVariable trainingInput;

  Actnorm(Layers parameters, String name, long[] shape) {
    this.sd = parameters.sameDiff();
    this.name = name;
    this.shape = shape.clone();
    long channels = shape[0];
    bias = parameters.variable(name + "/bias", Nd4j.zeros(DataType.FLOAT, channels));
    logScale = parameters.variable(name + "/log_scale", Nd4j.zeros(DataType.FLOAT, channels));
  }

  String biasName() {
    return bias.name();
  }

  String logScaleName() {
    return logScale.name();
  }

  /** The training graph's input to this layer, once {@link #forward} has been built. */
  SDVariable trainingInput() {
    return trainingInput;
  }

  @Override
  public long[] outputShape() {
    return shape.clone();
  }

  @Override
  public Flowing forward(Flowing in) {
    if (trainingInput == null) {
      trainingInput = in.value();
    }
    long[] broadcast = Shapes.channelBroadcast(shape);
    SDVariable y = in.value().add(bias.reshape(broadcast)).mul(sd.math.exp(logScale.reshape(broadcast)));
    return in.plus(y, Shapes.vectorSum(logScale, shape[0]).mul((double) Shapes.spatial(shape)));
  }

  @Override
  public SDVariable inverse(SDVariable y) {
    long[] broadcast = Shapes.channelBroadcast(shape);
    return y.mul(sd.math.exp(logScale.reshape(broadcast).neg())).sub(bias.reshape(broadcast));
  }

  /**
   * Sets bias = -mean and logScale = -log(std) of {@code input} per channel, writing into the live arrays.
   *
   * @param input this layer's input on a batch, {@code [B, ...shape]}
   */
  void initialize(INDArray input, INDArray liveBias, INDArray liveLogScale) {
    int[] axes = shape.length == 1 ? new int[] {0} : new int[] {0, 2, 3};
    INDArray values = input.castTo(DataType.DOUBLE);
    INDArray mean = values.mean(axes);
    INDArray std = values.std(false, axes);
    liveBias.assign(mean.neg().castTo(liveBias.dataType()).reshape(liveBias.shape()));
    INDArray logStd = Transforms.log(std.addi(EPSILON), false);
    liveLogScale.assign(logStd.neg().castTo(liveLogScale.dataType()).reshape(liveLogScale.shape()));
  }

  @Override
  public String toString() {
    return "Actnorm[" + name + "]";
  }
}
