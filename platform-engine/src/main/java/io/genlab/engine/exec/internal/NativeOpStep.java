package io.genlab.engine.exec.internal;

import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * A libnd4j custom op with its context bound once: each run is one native call, with no shape
 * inference and no allocation.
 */
final class NativeOpStep implements PlanStep {
  private static final NativeOps NATIVE = NativeOpsHolder.getInstance().getDeviceNativeOps();
  private final CustomOp op;
  private final long hash;
  private final OpContext context;
  private final String name;

  NativeOpStep(CustomOp op, OpContext context, String name) {
    this.op = op;
    this.hash = op.opHash();
    this.context = context;
    this.name = name;
  }

  @Override
  public void run() {
    int status = NATIVE.execCustomOp2(null, hash, context.contextPointer());
    if (status != 0) {
      throw new IllegalStateException("op " + describe() + " failed: " + NATIVE.lastErrorMessage());
    }
  }

  @Override
  public String describe() {
    return op.opName() + " '" + name + "'";
  }
}
