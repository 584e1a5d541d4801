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
 * region's intermediate values. Where nothing else reads the forward ops' intermediate values either,
 * the forward ops give way to {@link GroupNormFusion}'s checked training kernel. Stateful: one
 * instance per compilation.
 */
final class GroupNormGradientFusion implements Rewrite {
  /** One group norm's gradient region. */
  private record Region(GroupNormFusion.Match forward, String dy, String dx, String dGamma, String dBeta,
      Set<String> ops, String last) {}

  private final Map<String, Region> byLastOp = new HashMap<>();
  private final GroupNormFusion forwardFusion;

  /** Uses {@code forwardFusion}'s checked training kernels for the forward ops of the gradients it fuses. */
  GroupNormGradientFusion(GroupNormFusion forwardFusion) {
    this.forwardFusion = forwardFusion;
  }

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

  private static List<String> readersOf(SameDiff graph, String variable) {
    List<String> readers = graph.getVariables().get(variable).getInputsForOp();
    return readers == null ? List.of() : readers;
  }

  /** Whether every output of op {@code name} is read only by {@code readers} and none is wanted. */
  private static boolean feedsOnly(OpSite site, String name, Set<String> readers) {
    for (String output : site.graph().getOps().get(name).getOutputsOfOp()) {
      if (site.readBeyond(output, readers)) {
        return false;
      }
    }
    return true;
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
      if (a == null || !FloatBuffers.isContiguousFloat(a)) {
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
    Map<String, PlanStep> earlierSteps = forwardKernel(site, r, absorbed);
    return new Replacement(new KernelStep("java group_norm_bp '" + site.name() + "' " + groups + " groups of "
        + perGroup, kernel), Map.of(), absorbed, writes, earlierSteps);
  }

  /**
   * The forward kernel in place of the forward ops, added to {@code absorbed}, where nothing outside the
   * forward ops and this gradient region reads the intermediate values it does not write; else none.
   */
  private Map<String, PlanStep> forwardKernel(OpSite site, Region r, Set<String> absorbed) {
    GroupNormFusion.Match m = r.forward();
    String lastForwardOp = m.ops().get(0);
    PlanStep forward = forwardFusion.trainingKernel(lastForwardOp);
    if (forward == null) {
      return Map.of();
    }
    Set<String> readers = new HashSet<>(m.ops());
    readers.addAll(r.ops());
    // Backward ops that read only forward values and feed only this region (the reciprocal square
    // root's derivative: a pow of the variance and its scaling) are dead once it is fused: they go too.
    Set<String> dead = new HashSet<>();
    java.util.ArrayDeque<String> frontier = new java.util.ArrayDeque<>();
    m.intermediates().forEach(v -> frontier.addAll(readersOf(site.graph(), v)));
    while (!frontier.isEmpty() && dead.size() < 16) {
      String op = frontier.poll();
      if (!readers.contains(op) && dead.add(op)) {
        site.graph().getOps().get(op).getOutputsOfOp().forEach(v -> frontier.addAll(readersOf(site.graph(), v)));
      }
    }
    for (boolean changed = true; changed; ) {
      Set<String> within = new HashSet<>(readers);
      within.addAll(dead);
      changed = dead.removeIf(op -> !feedsOnly(site, op, within));
    }
    readers.addAll(dead);
    for (String v : m.intermediates()) {
      boolean written = v.equals(m.grouped()) || v.equals(m.mean()) || v.equals(m.inverse());
      if (!written && site.readBeyond(v, readers)) {
        return Map.of();
      }
    }
    absorbed.addAll(dead);
    // The grouping reshape stays: the gradient kernel reads its result.
    String grouping = site.graph().getVariables().get(m.grouped()).getOutputOfOp();
    for (String op : m.ops()) {
      if (!op.equals(lastForwardOp) && !op.equals(grouping)) {
        absorbed.add(op);
      }
    }
    return Map.of(lastForwardOp, forward);
  }

  /**
   * One group of one example: dx into {@code out}, and per channel the sums of dy x^ and dy added to
   * {@code sums} (pairs). The group's sums of g^ = dy gamma and g^ x^ follow from the channels' ones
   * times gamma, so each value is read for two float sums over eight interleaved partials
   * ({@link FloatSums}) and two maps the JIT vectorises: a double accumulator per term before took
   * 3.7 ms for a U-Net group norm's gradient over 1.6M values.
   */
  static void gradient(float[] x, float[] dy, float[] out, int length, int pixels, int firstChannel, float mean,
      float inverse, FloatBuffer gamma, double[] sums) {
    for (int p = 0; p < length; p++) {
      out[p] = (x[p] - mean) * inverse;
    }
    double sumG = 0;
    double sumGx = 0;
    for (int c = 0, at = 0; at < length; c++, at += pixels) {
      double scale = gamma.get(firstChannel + c);
      double dyX = FloatSums.dot(dy, out, at, at + pixels);
      double dySum = FloatSums.sum(dy, at, at + pixels);
      sums[2 * c] += dyX;
      sums[2 * c + 1] += dySum;
      sumG += scale * dySum;
      sumGx += scale * dyX;
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
