package io.genlab.engine.exec.internal;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A legacy (transform, scalar, reduce, broadcast) op run through ND4J's executioner on a context bound
 * once. Ops are shared by every plan of a graph, so a scalar taken from another array is set again
 * before each run.
 */
final class LegacyOpStep implements PlanStep {
  private final Op op;
  private final OpContext context;
  private final INDArray scalar;
  private final String name;

  LegacyOpStep(Op op, OpContext context, INDArray scalar, String name) {
    this.op = op;
    this.context = context;
    this.scalar = scalar;
    this.name = name;
  }

  @Override
  public void run() {
    if (scalar != null) {
      ((ScalarOp) op).setScalar(scalar);
    }
    Nd4j.getExecutioner().exec(op, context);
  }

  @Override
  public String describe() {
    return op.opName() + " '" + name + "'";
  }
}
