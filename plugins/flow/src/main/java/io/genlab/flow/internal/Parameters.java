package io.genlab.flow.internal;

import io.genlab.api.RandomSource;
import io.genlab.nn.GraphOps;
import io.genlab.nn.Init;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;

/**
 * Creates the flow's variables and constants in one data type and records the trainable ones, in order.
 * The whole graph can so be built in double precision for finite-difference checks (SameDiff's
 * {@code convertDataTypes} does not update the types of intermediate results). Dense and convolution
 * layers follow {@link io.genlab.nn.Layers}: PyTorch's default initialisation, each weight drawn from
 * {@code init.derive(variableName)}, NCHW convolutions with weights {@code [k, k, in, out]}.
 */
final class Parameters {
  private final SameDiff sd;
  private final RandomSource init;
  private final DataType type;
  private final List<String> names = new ArrayList<>();

  Parameters(SameDiff sd, RandomSource init, DataType type) {
    this.sd = sd;
    this.init = init;
    this.type = type;
  }

  SameDiff sameDiff() {
    return sd;
  }

  /** The data type of every value of the flow. */
  DataType type() {
    return type;
  }

  /** A source of initial values for {@code purpose}. */
  RandomSource init(String purpose) {
    return init.derive(purpose);
  }

  /** A trainable variable starting at {@code value}. */
  SDVariable variable(String name, INDArray value) {
    names.add(name);
    return sd.var(name, value.castTo(type));
  }

  /** A constant. */
  SDVariable constant(String name, INDArray value) {
    return sd.constant(name, value.castTo(type));
  }

  /** A placeholder of per-example {@code shape}. */
  SDVariable placeholder(String name, long[] shape) {
    return sd.placeHolder(name, type, GraphOps.anyBatch(shape));
  }

  /** The trainable variables created so far, in creation order. */
  List<String> names() {
    return List.copyOf(names);
  }

  /** x W + b; creates {@code name/W} and {@code name/b} on the first call, reuses them afterwards. */
  SDVariable dense(String name, SDVariable x, long in, long out) {
    if (!exists(name + "/W")) {
      variable(name + "/W", Init.PYTORCH_DEFAULT.weights(init.derive(name + "/W"), in, out, in, out));
      variable(name + "/b", Init.PYTORCH_DEFAULT.biases(init.derive(name + "/b"), in, out));
    }
    return x.mmul(sd.getVariable(name + "/W")).add(sd.getVariable(name + "/b"));
  }

  /** A 3x3 same-size convolution; creates its weights on the first call, reuses them afterwards. */
  SDVariable conv3x3(String name, SDVariable x, long in, long out) {
    if (!exists(name + "/W")) {
      long fanIn = in * 9;
      variable(name + "/W", Init.PYTORCH_DEFAULT.weights(init.derive(name + "/W"), fanIn, out * 9, 3, 3, in, out));
      variable(name + "/b", Init.PYTORCH_DEFAULT.biases(init.derive(name + "/b"), fanIn, out));
    }
    Conv2DConfig config = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).pH(1).pW(1)
        .dataFormat(Conv2DConfig.NCHW).build();
    return sd.cnn.conv2d(x, sd.getVariable(name + "/W"), sd.getVariable(name + "/b"), config);
  }

  private boolean exists(String name) {
    return sd.hasVariable(name) && sd.getVariable(name).getVariableType() == VariableType.VARIABLE;
  }
}
