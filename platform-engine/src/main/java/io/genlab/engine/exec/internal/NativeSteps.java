package io.genlab.engine.exec.internal;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.factory.Nd4j;

/** libnd4j ops bound to fixed arrays, for rewrites whose pieces libnd4j already runs fast. */
final class NativeSteps {
  private NativeSteps() {}

  /** {@code out = a * b} with broadcasting (libnd4j's vectorised multiply). */
  static PlanStep multiply(INDArray a, INDArray b, INDArray out, String name) {
    return custom(new MulOp(a, b, out), new INDArray[] {a, b}, new INDArray[] {out}, name);
  }

  /** {@code out = a + b} with broadcasting; {@code out} may be {@code a}. */
  static PlanStep add(INDArray a, INDArray b, INDArray out, String name) {
    return custom(new AddOp(a, b, out), new INDArray[] {a, b}, new INDArray[] {out}, name);
  }

  /** A custom op built with its inputs, outputs and arguments, bound once. */
  static PlanStep custom(DynamicCustomOp op, String name) {
    return custom(op, op.inputArguments().toArray(INDArray[]::new), op.outputArguments().toArray(INDArray[]::new),
        name);
  }

  /** {@code out = a * scalar}. */
  static PlanStep scale(INDArray a, double scalar, INDArray out, String name) {
    return legacy(new ScalarMultiplication(a, null, out, scalar), a, out, name);
  }

  /** {@code out = x > cutoff ? 1 : 0}. */
  static PlanStep step(INDArray x, double cutoff, INDArray out, String name) {
    return legacy(new org.nd4j.linalg.api.ops.impl.scalar.Step(x, out, cutoff), x, out, name);
  }

  /** {@code out = x (1 - x)}. */
  static PlanStep timesOneMinus(INDArray x, INDArray out, String name) {
    return legacy(new org.nd4j.linalg.api.ops.impl.transforms.same.TimesOneMinus(x, out), x, out, name);
  }

  /**
   * {@code out} = the sum of {@code in} over {@code dimensions}; {@code out} has the reduced shape with
   * the summed axes kept as 1 ({@code keepDims}) or dropped.
   */
  static PlanStep sum(INDArray in, int[] dimensions, boolean keepDims, INDArray out, String name) {
    return legacy(new org.nd4j.linalg.api.ops.impl.reduce.same.Sum(in, out, keepDims, dimensions), in, out, name);
  }

  /**
   * {@code image} = the input gradient of a convolution (its integer arguments {@code convolution}: kernel,
   * stride and padding, NCHW, default weight layout) with weights {@code weights} [kH, kW, image
   * channels, grid channels], given {@code grid}, the gradient at its output: libnd4j's
   * {@code deconv2d_tf} (TensorFlow's Conv2DBackpropInput), which reaches oneDNN's backward-data
   * convolution. A transposed convolution is the same computation.
   */
  static PlanStep convolutionInputGradient(INDArray grid, INDArray weights, INDArray image, long[] convolution,
      String name) {
    INDArray imageShape = Nd4j.createFromArray(image.shape()).castTo(DataType.INT);
    long[] a = convolution;
    return custom(DynamicCustomOp.builder("deconv2d_tf").addInputs(imageShape, weights, grid).addOutputs(image)
        .addIntegerArguments((int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5], 1, 1, 0, 0)
        .build(), name);
  }

  /** Runs steps one after the other as one step. */
  static PlanStep sequence(String description, PlanStep... steps) {
    return new KernelStep(description, () -> {
      for (PlanStep s : steps) {
        s.run();
      }
    });
  }

  private static PlanStep legacy(org.nd4j.linalg.api.ops.Op op, INDArray x, INDArray out, String name) {
    OpContext context = Nd4j.getExecutioner().buildContext();
    context.setInputArray(0, x);
    context.setOutputArray(0, out);
    return new LegacyOpStep(op, context, null, name);
  }

  private static PlanStep custom(DynamicCustomOp op, INDArray[] in, INDArray[] out, String name) {
    OpContext context = Nd4j.getExecutioner().buildContext();
    context.setInputArrays(in);
    context.setOutputArrays(out);
    context.setIArguments(op.iArgs());
    context.setTArguments(op.tArgs());
    context.setBArguments(op.bArgs());
    return new NativeOpStep(op, context, name);
  }
}
