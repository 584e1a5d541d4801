package io.genlab.flow.internal;

import io.genlab.nn.Layers;
import io.genlab.nn.Activation;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * NICE's additive coupling on vectors split into a first part [0, split) and a second part [split, D):
 * one part passes unchanged and the other becomes itself plus m(passed), m a ReLU MLP with a linear output;
 * log-det 0 (the Jacobian is triangular with a unit diagonal), inverse x2 = y2 - m(y1).
 */
final class AdditiveCoupling implements FlowStep {
  private final Layers parameters;
  private final String name;
  private final long dimension;
  private final long split;
  private final boolean changeSecond;
  private final int hiddenLayers;
  private final int hiddenUnits;

  /**
   * @param split the size of the first part, 1 to {@code dimension - 1}
   * @param changeSecond whether the second part changes (conditioned on the first), else the first does
   */
  AdditiveCoupling(Layers parameters, String name, long dimension, long split, boolean changeSecond,
      int hiddenLayers, int hiddenUnits) {
    if (split < 1 || split >= dimension) {
      throw new IllegalArgumentException("a coupling needs two non-empty parts, found split " + split + " of "
          + dimension);
    }
    this.parameters = parameters;
    this.name = name;
    this.dimension = dimension;
    this.split = split;
    this.changeSecond = changeSecond;
    this.hiddenLayers = hiddenLayers;
    this.hiddenUnits = hiddenUnits;
  }

  @Override
  public long[] outputShape() {
    return new long[] {dimension};
  }

  /** m: the passed part through the ReLU MLP to the size of the changed part; weights made on first use. */
  private SDVariable shift(SDVariable passed) {
    SDVariable h = passed;
    long width = changeSecond ? split : dimension - split;
    for (int i = 0; i < hiddenLayers; i++) {
      h = parameters.sameDiff().nn.relu(parameters.dense(name + "/fc" + i, h, width, hiddenUnits, Activation.IDENTITY), 0);
      width = hiddenUnits;
    }
    return parameters.dense(name + "/out", h, width, changeSecond ? dimension - split : split, Activation.IDENTITY);
  }

  @Override
  public Flowing forward(Flowing in) {
    return new Flowing(couple(in.value(), 1), in.logDet());
  }

  @Override
  public SDVariable inverse(SDVariable y) {
    return couple(y, -1);
  }

  private SDVariable couple(SDVariable x, double sign) {
    SameDiff sd = parameters.sameDiff();
    SDVariable first = x.get(SDIndex.all(), SDIndex.interval(0L, split));
    SDVariable second = x.get(SDIndex.all(), SDIndex.interval(split, dimension));
    return changeSecond ? sd.concat(1, first, second.add(shift(first).mul(sign)))
        : sd.concat(1, first.add(shift(second).mul(sign)), second);
  }
}
