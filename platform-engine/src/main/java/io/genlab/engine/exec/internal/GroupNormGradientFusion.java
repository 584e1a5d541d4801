package io.genlab.engine.exec.internal;

import io.genlab.engine.internal.FloatBuffers;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gradient of a group norm as one kernel: the two dozen ops SameDiff differentiates
 * {@code nn.Layers.applyGroupNorm}'s thirteen into (broadcast gradients, the variance's chain, the mean's,
 * the regrouping reshapes) become one pass per group that reads x, the forward pass's means and
 * inverse deviations, gamma and the incoming gradient, and writes the gradients of x, gamma and beta:
 * with x^ = (x - mean) inverse and g^ = dy gamma, dx = inverse (g^ - mean(g^) - x^ mean(g^ x^)) over the
 * group, dgamma = sum(dy x^) and dbeta = sum(dy) over examples and pixels, in double.
 *
 * <p>The region is found before compiling ({@link #prepare}): the ops downstream of the last add's
 * gradient and upstream of the three gradients; it applies only where nothing else reads the
 * region's intermediate values. Stateful: one instance per compilation.
 */
final class GroupNormGradientFusion implements Rewrite {
  /** One group norm's gradient region. */
  private record Region(GroupNormFusion.Match forward, String dy, String dx, String dGamma, String dBeta,
      Set<String> ops, String last) {}

  private final Map<String, Region> byLastOp = new HashMap<>();

  @Override
  public void prepare(SameDiff graph, List<SameDiffOp> order, Set<String> wanted) {
    Map<String, Integer> position = GradientRegions.positions(order);
    for (SameDiffOp op : order) {
      GroupNormFusion.Match m = op.getOp().opName().equals("add") ? GroupNormFusion.match(graph, op) : null;
      Region r = m == null ? null : region(graph, order, position, wanted, m);
      if (r != null) {
        byLastOp.put(r.last(), r);
      }
    }
  }

  private static Region region(SameDiff graph, List<SameDiffOp> order, Map<String, Integer> position,
      Set<String> wanted, GroupNormFusion.Match m) {
    SameDiffOp shiftGradient = null;
    SameDiffOp scaleGradient = null;
    for (SameDiffOp op : order) {
      List<String> in = op.getInputsToOp();
      if (op.getOp().opName().equals("add_bp") && in.size() == 3) {
        if (in.get(0).equals(m.scaled()) && in.get(1).equals(m.beta())) {
          shiftGradient = op;
        } else if (in.get(0).equals(m.gamma()) && in.get(1).equals(m.gammaZeros())) {
          scaleGradient = op;
        }
      }
    }
    if (shiftGradient == null || scaleGradient == null) {
      return null;
    }
    // Downstream of the gradient of the last add, within the plan.
    Set<String> downstream = GradientRegions.downstream(graph, position, shiftGradient.getName());
    // x's gradient leaves the region through the reshape back to x's shape.
    SameDiffOp ungroup = null;
    for (String name : downstream) {
      SameDiffOp op = graph.getOps().get(name);
      if (op.getOp().opName().equals("reshape") && op.getInputsToOp().size() == 2
          && isShapeOf(graph, op.getInputsToOp().get(1), m.x())) {
        if (ungroup != null) {
          return null;
        }
        ungroup = op;
      }
    }
    if (ungroup == null || !downstream.contains(scaleGradient.getName())) {
      return null;
    }
    String dx = ungroup.getOutputsOfOp().get(0);
    String dGamma = scaleGradient.getOutputsOfOp().get(0);
    String dBeta = shiftGradient.getOutputsOfOp().get(1);
    // The region: downstream of the last add's gradient and upstream of the three gradients.
    Set<String> outputs = Set.of(dx, dGamma, dBeta);
    Set<String> upstream = GradientRegions.upstream(graph, downstream, outputs);
    if (!GradientRegions.sealed(graph, position, wanted, upstream, outputs)) {
      return null;
    }
    Set<String> beforeUngroup = new HashSet<>(upstream);
    beforeUngroup.remove(ungroup.getName());
    String last = GradientRegions.last(position, beforeUngroup);
    if (last == null || position.get(ungroup.getName()) < position.get(last)
        || !GradientRegions.outputsReadAfter(graph, position, upstream, outputs, last)) {
      return null;
    }
    return new Region(m, shiftGradient.getInputsToOp().get(2), dx, dGamma, dBeta, new LinkedHashSet<>(upstream), last);
  }

  private static boolean isShapeOf(SameDiff graph, String variable, String of) {
    SameDiffOp op = GraphPatterns.producer(graph, variable, "shape_of");
    return op != null && op.getInputsToOp().get(0).equals(of);
  }

  @Override
  public List<String> extraReads(SameDiffOp op, SameDiff graph) {
    Region r = byLastOp.get(op.getName());
    if (r == null) {
      return List.of();
    }
    GroupNormFusion.Match m = r.forward();
    return List.of(m.grouped(), m.mean(), m.inverse(), m.gamma(), r.dy());
  }

  @Override
  public Replacement apply(OpSite site) {
    Region r = byLastOp.get(site.name());
    if (r == null) {
      return null;
    }
    GroupNormFusion.Match m = r.forward();
    // dx leaves through a reshape (a view of this array, compiled after this op): write its input.
    String dxBase = site.graph().getOps().get(site.graph().getVariables().get(r.dx()).getOutputOfOp()).getInputsToOp().get(0);
    INDArray grouped = site.value(m.grouped());
    INDArray mean = site.value(m.mean());
    INDArray inverse = site.value(m.inverse());
    INDArray gamma = site.value(m.gamma());
    INDArray dy = site.value(r.dy());
    INDArray dx = site.value(dxBase);
    INDArray dGamma = site.value(r.dGamma());
    INDArray dBeta = site.value(r.dBeta());
    INDArray[] all = {grouped, mean, inverse, gamma, dy, dx, dGamma, dBeta};
    for (INDArray a : all) {
      if (a == null || a.dataType() != DataType.FLOAT || !FloatBuffers.isContiguous(a)) {
        return null;
      }
    }
    if (grouped.rank() != 3 || dy.rank() != 4) {
      return null;
    }
    int n = (int) grouped.size(0);
    int groups = (int) grouped.size(1);
    int perGroup = (int) grouped.size(2);
    int channels = (int) dy.size(1);
    int pixels = (int) (dy.size(2) * dy.size(3));
    if (dy.size(0) != n || channels % groups != 0 || perGroup != channels / groups * pixels || mean.length() != (long) n * groups
        || inverse.length() != (long) n * groups || gamma.length() != channels || dx.length() != dy.length()
        || dGamma.length() != channels || dBeta.length() != channels) {
      return null;
    }
    FloatBuffer xv = FloatBuffers.view(grouped);
    FloatBuffer mv = FloatBuffers.view(mean);
    FloatBuffer iv = FloatBuffers.view(inverse);
    FloatBuffer gv = FloatBuffers.view(gamma);
    FloatBuffer dyv = FloatBuffers.view(dy);
    FloatBuffer dxv = FloatBuffers.view(dx);
    FloatBuffer dgv = FloatBuffers.view(dGamma);
    FloatBuffer dbv = FloatBuffers.view(dBeta);
    int perChannel = channels / groups;
    Parallel parallel = site.parallel();
    // Threads take whole groups across all examples: every channel's sums stay on one thread, in one order.
    Runnable kernel = () -> parallel.forEach(groups, (from, to, scratch) -> {
      float[] x = scratch.floats(0, perGroup);
      float[] g = scratch.floats(1, perGroup);
      float[] out = scratch.floats(2, perGroup);
      double[] sums = new double[2 * perChannel];
      for (int gi = from; gi < to; gi++) {
        java.util.Arrays.fill(sums, 0);
        for (int e = 0; e < n; e++) {
          int at = (e * groups + gi) * perGroup;
          xv.get(at, x, 0, perGroup);
          dyv.get(at, g, 0, perGroup);
          gradient(x, g, out, perGroup, pixels, gi * perChannel, mv.get(e * groups + gi), iv.get(e * groups + gi), gv, sums);
          dxv.put(at, out, 0, perGroup);
        }
        for (int c = 0; c < perChannel; c++) {
          dgv.put(gi * perChannel + c, (float) sums[2 * c]);
          dbv.put(gi * perChannel + c, (float) sums[2 * c + 1]);
        }
      }
    });
    Map<String, INDArray> writes = new HashMap<>();
    writes.put(dxBase, dx);
    writes.put(r.dGamma(), dGamma);
    writes.put(r.dBeta(), dBeta);
    Set<String> absorbed = new HashSet<>(r.ops());
    absorbed.remove(site.name());
    return new Replacement(new KernelStep("java group_norm_bp '" + site.name() + "' " + groups + " groups of "
        + perGroup, kernel), Map.of(), absorbed, writes);
  }

  /**
   * One group of one example: dx into {@code out}, and per channel the sums of dy x^ and dy added to
   * {@code sums} (pairs).
   */
  static void gradient(float[] x, float[] dy, float[] out, int length, int pixels, int firstChannel, float mean,
      float inverse, FloatBuffer gamma, double[] sums) {
    double sumG = 0;
    double sumGx = 0;
    for (int c = 0, at = 0; at < length; c++, at += pixels) {
      float scale = gamma.get(firstChannel + c);
      double dyX = 0;
      double dySum = 0;
      for (int p = at; p < at + pixels; p++) {
        float xhat = (x[p] - mean) * inverse;
        float g = dy[p] * scale;
        dyX += (double) dy[p] * xhat;
        dySum += dy[p];
        sumG += g;
        sumGx += (double) g * xhat;
        out[p] = xhat;
      }
      sums[2 * c] += dyX;
      sums[2 * c + 1] += dySum;
    }
    float meanG = (float) (sumG / length);
    float meanGx = (float) (sumGx / length);
    for (int c = 0, at = 0; at < length; c++, at += pixels) {
      float scale = gamma.get(firstChannel + c);
      for (int p = at; p < at + pixels; p++) {
        out[p] = inverse * (dy[p] * scale - meanG - out[p] * meanGx);
      }
    }
  }
}
