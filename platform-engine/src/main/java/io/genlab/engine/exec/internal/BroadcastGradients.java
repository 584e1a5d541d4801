package io.genlab.engine.exec.internal;

import io.genlab.engine.internal.FloatBuffers;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradients of broadcasting add, subtract and multiply without libnd4j's generic broadcast
 * backprop: an add or subtract operand of the full shape takes the incoming gradient as it is (its
 * gradient is that array, no copy), a full-shape product is one libnd4j multiply, and an operand that
 * repeats along axes (a bias, a norm's scale, a time embedding) gets the gradient summed over them by
 * a chunked Java loop accumulating in double.
 */
final class BroadcastGradients implements Rewrite {

  @Override
  public Replacement apply(OpSite site) {
    String op = site.opName();
    if (!(op.equals("add_bp") || op.equals("subtract_bp") || op.equals("multiply_bp"))
        || site.inputCount() != 3 || site.outputCount() != 2) {
      return null;
    }
    INDArray x = site.input(0);
    INDArray y = site.input(1);
    INDArray g = site.input(2);
    for (INDArray a : new INDArray[] {x, y, g, site.output(0), site.output(1)}) {
      if (a.dataType() != DataType.FLOAT || !FloatBuffers.isContiguous(a)) {
        return null;
      }
    }
    BroadcastLayout layout = BroadcastLayout.of(g.shape(), x.shape(), y.shape());
    if (layout == null || !Arrays.equals(site.output(0).shape(), x.shape())
        || !Arrays.equals(site.output(1).shape(), y.shape())) {
      return null;
    }
    Map<String, INDArray> aliases = new HashMap<>();
    List<PlanStep> parts = new ArrayList<>();
    gradient(site, layout, 0, aliases, parts);
    gradient(site, layout, 1, aliases, parts);
    String what = "java " + op + " '" + site.name() + "' " + Arrays.toString(g.shape()) + " <- "
        + Arrays.toString(x.shape()) + ", " + Arrays.toString(y.shape());
    PlanStep step = parts.isEmpty() ? null : new KernelStep(what, () -> parts.forEach(PlanStep::run));
    return new Replacement(step, aliases);
  }

  /** Plans the gradient of operand {@code which} (0 = x, 1 = y). */
  private static void gradient(OpSite site, BroadcastLayout layout, int which, Map<String, INDArray> aliases,
      List<PlanStep> parts) {
    String op = site.opName();
    INDArray g = site.input(2);
    INDArray operand = site.input(which);
    INDArray other = site.input(1 - which);
    INDArray out = site.output(which);
    boolean full = operand.length() == g.length();
    boolean negate = op.equals("subtract_bp") && which == 1;
    String name = site.name() + "/d" + (which == 0 ? "x" : "y");
    if (op.equals("multiply_bp")) {
      if (full) {
        parts.add(NativeSteps.multiply(g, other, out, name));
      } else {
        boolean otherFull = other.length() == g.length();
        parts.add(reduction(site, layout, which, otherFull ? null : other, otherFull ? other : null, out, false));
      }
    } else if (full && !negate) {
      aliases.put(site.outputName(which), g.reshape(operand.shape()));
    } else if (full) {
      parts.add(NativeSteps.scale(g, -1.0, out, name));
    } else {
      parts.add(reduction(site, layout, which, null, null, out, negate));
    }
  }

  /** out = the sum of g (times the other operand, small or full) over the axes {@code which} repeats along. */
  private static PlanStep reduction(OpSite site, BroadcastLayout layout, int which, INDArray smallFactor,
      INDArray fullFactor, INDArray out, boolean negate) {
    Scratch scratch = site.scratch();
    int size = Math.toIntExact(out.length());
    FloatBuffer gv = FloatBuffers.view(site.input(2));
    FloatBuffer sv = smallFactor == null ? null : FloatBuffers.view(smallFactor);
    int smallLength = smallFactor == null ? 0 : Math.toIntExact(smallFactor.length());
    FloatBuffer fv = fullFactor == null ? null : FloatBuffers.view(fullFactor);
    FloatBuffer ov = FloatBuffers.view(out);
    int factorIndex = 1 - which;
    return new KernelStep("java sum " + site.name(), () -> {
      float[] small = null;
      if (sv != null) {
        small = scratch.floats(3, smallLength);
        sv.get(0, small, 0, smallLength);
      }
      double[] acc = scratch.zeroedDoubles(size);
      layout.accumulate(gv, which, small, factorIndex, fv, acc, scratch);
      float[] result = scratch.floats(2, size);
      for (int i = 0; i < size; i++) {
        result[i] = negate ? (float) -acc[i] : (float) acc[i];
      }
      ov.put(0, result, 0, size);
    });
  }
}
