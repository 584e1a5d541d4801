package io.genlab.engine.exec.internal;

import io.genlab.engine.internal.FloatBuffers;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SiLU, {@code x sigmoid(x)}, and its gradient as one pass each: forward, the sigmoid and the product;
 * backward, the four ops SameDiff differentiates the product and the sigmoid into ({@code multiply_bp},
 * {@code sigmoid_bp}'s slope and product, and the add of the two contributions), which become
 * {@code g s + (g x) (s (1 - s))} from x, s and the incoming gradient g: three reads and one write
 * instead of eight and five. Where the fused gradient is the sigmoid's only other reader, it recomputes
 * s from x and the forward kernel does not write s at all; the forward kernel writes s only for an
 * unfused gradient. The U-Net of the DDPM runs twelve of each per training step over up to 3.2 million
 * values. Every product is the ops' own, in their order, so values are the unfused plan's. Elements are
 * split over threads in chunks, the same at any thread count. Where a group norm's output is read by
 * the SiLU alone (a sampler's plan), the norm's kernel applies the SiLU to each group as it writes it
 * ({@link GroupNormFusion#siluKernel}), saving a pass over the activations. Stateful: one instance per
 * compilation.
 */
final class SiluFusion implements Rewrite {
  /** A SiLU's gradient region ending in an add: x, s = sigmoid(x), the incoming gradient, the absorbed ops. */
  private record Backward(String x, String sigmoid, String gradient, Set<String> absorbed) {}

  /** A forward kernel that does not write the sigmoid, for a gradient kernel that recomputes it. */
  private record LeanForward(String op, PlanStep step) {}

  /** A SiLU whose input is a group norm's output read by nothing else: the norm's op and input. */
  private record AfterGroupNorm(String groupNormOp, String groupNormInput) {}

  private final GroupNormFusion groupNorm;
  private final Map<String, Backward> backwardByAdd = new HashMap<>();
  private final Map<String, LeanForward> leanBySigmoid = new HashMap<>();
  private final Map<String, AfterGroupNorm> afterGroupNorm = new HashMap<>();
  private Map<String, Integer> position = Map.of();
  private Set<String> wanted = Set.of();

  /** {@code groupNorm}: the compilation's group norm rewrite, whose kernel can apply the SiLU too. */
  SiluFusion(GroupNormFusion groupNorm) {
    this.groupNorm = groupNorm;
  }

  @Override
  public void prepare(SameDiff graph, List<SameDiffOp> order, Set<String> wanted) {
    this.position = GradientRegions.positions(order);
    this.wanted = wanted;
    for (SameDiffOp op : order) {
      Backward b = op.getOp().opName().equals("add") ? backward(graph, op) : null;
      if (b != null) {
        backwardByAdd.put(op.getName(), b);
      }
      AfterGroupNorm g = op.getOp().opName().equals("multiply") ? afterGroupNorm(graph, op) : null;
      if (g != null) {
        afterGroupNorm.put(op.getName(), g);
      }
    }
  }

  /**
   * {@code multiply(y, sigmoid(y))} in either order where y is a group norm's output and neither y nor
   * the sigmoid is wanted or read by another op of the plan (a sampler's plan; in training the gradient
   * reads both); or null.
   */
  private AfterGroupNorm afterGroupNorm(SameDiff graph, SameDiffOp multiply) {
    List<String> in = multiply.getInputsToOp();
    if (in.size() != 2) {
      return null;
    }
    for (int side = 0; side < 2; side++) {
      SameDiffOp sigmoid = GraphPatterns.producer(graph, in.get(side), "sigmoid");
      String y = in.get(1 - side);
      String norm = graph.getVariables().get(y).getOutputOfOp();
      GroupNormFusion.Match m = norm == null ? null : GroupNormFusion.match(graph, graph.getOps().get(norm));
      if (sigmoid == null || m == null || !sigmoid.getInputsToOp().equals(List.of(y))
          || !readOnlyBy(graph, y, Set.of(sigmoid.getName(), multiply.getName()))
          || !readOnlyBy(graph, in.get(side), Set.of(multiply.getName()))) {
        continue;
      }
      return new AfterGroupNorm(norm, m.x());
    }
    return null;
  }

  /** Whether {@code variable} is not wanted and no op of the plan but {@code readers} reads it. */
  private boolean readOnlyBy(SameDiff graph, String variable, Set<String> readers) {
    List<String> all = graph.getVariables().get(variable).getInputsForOp();
    return !wanted.contains(variable)
        && (all == null || all.stream().allMatch(r -> readers.contains(r) || !position.containsKey(r)));
  }

  /** {@code add(multiply_bp(x, s, g)[x], sigmoid_bp(x, multiply_bp(x, s, g)[s]))} in either order, or null. */
  private Backward backward(SameDiff graph, SameDiffOp add) {
    List<String> in = add.getInputsToOp();
    if (in.size() != 2 || add.getOutputsOfOp().size() != 1) {
      return null;
    }
    for (int side = 0; side < 2; side++) {
      SameDiffOp product = GraphPatterns.producer(graph, in.get(side), "multiply_bp");
      SameDiffOp slope = GraphPatterns.producer(graph, in.get(1 - side), "sigmoid_bp");
      if (product == null || slope == null || product.getInputsToOp().size() != 3
          || product.getOutputsOfOp().size() != 2 || slope.getInputsToOp().size() != 2) {
        continue;
      }
      int k = product.getOutputsOfOp().indexOf(in.get(side));
      List<String> factors = product.getInputsToOp();
      String x = factors.get(k);
      String s = factors.get(1 - k);
      SameDiffOp sigmoid = GraphPatterns.producer(graph, s, "sigmoid");
      if (k < 0 || sigmoid == null || !sigmoid.getInputsToOp().equals(List.of(x))
          || !slope.getInputsToOp().equals(List.of(x, product.getOutputsOfOp().get(1 - k)))) {
        continue;
      }
      Set<String> region = Set.of(product.getName(), slope.getName(), add.getName());
      if (!GradientRegions.sealed(graph, position, wanted, region, Set.of(add.getOutputsOfOp().get(0)))) {
        continue;
      }
      return new Backward(x, s, factors.get(2), Set.of(product.getName(), slope.getName()));
    }
    return null;
  }

  @Override
  public List<String> extraReads(SameDiffOp op, SameDiff graph) {
    Backward b = backwardByAdd.get(op.getName());
    if (b != null) {
      return List.of(b.x(), b.sigmoid(), b.gradient());
    }
    // The fused group norm and SiLU is checked here, so the norm's input must still hold its values.
    AfterGroupNorm g = afterGroupNorm.get(op.getName());
    return g == null ? List.of() : List.of(g.groupNormInput());
  }

  @Override
  public Replacement apply(OpSite site) {
    Backward b = backwardByAdd.get(site.name());
    if (b != null) {
      return backwardKernel(site, b);
    }
    return site.opName().equals("multiply") && site.inputCount() == 2 ? forwardKernel(site) : null;
  }

  private Replacement forwardKernel(OpSite site) {
    SameDiff graph = site.graph();
    for (int side = 0; side < 2; side++) {
      String s = site.inputName(side);
      SameDiffOp sigmoid = GraphPatterns.producer(graph, s, "sigmoid");
      if (sigmoid == null || !sigmoid.getInputsToOp().equals(List.of(site.inputName(1 - side)))) {
        continue;
      }
      INDArray x = site.input(1 - side);
      INDArray sig = site.input(side);
      INDArray out = site.output(0);
      if (!usable(x, sig, out)) {
        return null;
      }
      // The sigmoid runs here now: no reader may come between it and the product.
      List<String> readers = graph.getVariables().get(s).getInputsForOp();
      boolean read = wanted.contains(s);
      for (String r : readers == null ? List.<String>of() : readers) {
        Integer at = position.get(r);
        if (at == null || r.equals(site.name())) {
          continue;
        }
        if (at < position.get(site.name())) {
          return null;
        }
        read = true;
      }
      AfterGroupNorm after = read ? null : afterGroupNorm.get(site.name());
      PlanStep fused = after == null ? null : groupNorm.siluKernel(after.groupNormOp());
      if (fused != null) {
        // The group norm's kernel applies the SiLU to each group it has just normalised, in place: the
        // product becomes the norm's output array, the sigmoid and the product no longer run.
        fused.run();
        return new Replacement(null, Map.of(site.outputName(0), x), Set.of(sigmoid.getName()), Map.of(),
            Map.of(after.groupNormOp(), fused));
      }
      String description = "java silu '" + site.name() + "' " + x.length();
      if (read && !wanted.contains(s)) {
        leanBySigmoid.put(s, new LeanForward(site.name(),
            new KernelStep(description + " (sigmoid recomputed by its gradient)", forward(site, x, out, null))));
      }
      PlanStep step = new KernelStep(description, forward(site, x, out, read ? sig : null));
      return new Replacement(step, Map.of(), Set.of(sigmoid.getName()), read ? Map.of(s, sig) : Map.of());
    }
    return null;
  }

  /** x sigmoid(x) into {@code out}, and the sigmoid into {@code sigmoid} unless it is null. */
  private static Runnable forward(OpSite site, INDArray x, INDArray out, INDArray sigmoid) {
    int n = Math.toIntExact(x.length());
    FloatBuffer xv = FloatBuffers.view(x);
    FloatBuffer sv = sigmoid == null ? null : FloatBuffers.view(sigmoid);
    FloatBuffer ov = FloatBuffers.view(out);
    Parallel parallel = site.parallel();
    return () -> Chunked.forEach(n, parallel, (start, len, scratch) -> {
      float[] xs = scratch.floats(0, Chunked.CHUNK);
      float[] ss = scratch.floats(1, Chunked.CHUNK);
      float[] os = scratch.floats(2, Chunked.CHUNK);
      xv.get(start, xs, 0, len);
      Transcendentals.sigmoid(xs, ss, len);
      for (int i = 0; i < len; i++) {
        os[i] = xs[i] * ss[i];
      }
      ov.put(start, os, 0, len);
      if (sv != null) {
        sv.put(start, ss, 0, len);
      }
    });
  }

  private Replacement backwardKernel(OpSite site, Backward b) {
    INDArray x = site.value(b.x());
    INDArray s = site.value(b.sigmoid());
    INDArray g = site.value(b.gradient());
    INDArray out = site.output(0);
    if (!usable(x, s, out) || g == null || !Arrays.equals(g.shape(), x.shape()) || g.dataType() != DataType.FLOAT
        || !FloatBuffers.isContiguous(g)) {
      return null;
    }
    // Where the sigmoid is read by nothing else, this kernel recomputes it (the same function of the
    // same x, so the same values) and the forward kernel stops writing it: one array less to write and
    // read per SiLU.
    LeanForward lean = leanBySigmoid.get(b.sigmoid());
    Set<String> readers = new java.util.HashSet<>(b.absorbed());
    readers.add(site.name());
    if (lean != null) {
      readers.add(lean.op());
    }
    boolean recompute = lean != null && !site.readBeyond(b.sigmoid(), readers);
    int n = Math.toIntExact(x.length());
    FloatBuffer xv = FloatBuffers.view(x);
    FloatBuffer sv = recompute ? null : FloatBuffers.view(s);
    FloatBuffer gv = FloatBuffers.view(g);
    FloatBuffer ov = FloatBuffers.view(out);
    Parallel parallel = site.parallel();
    PlanStep step = new KernelStep("java silu_bp '" + site.name() + "' " + n, () -> Chunked.forEach(n, parallel,
        (start, len, scratch) -> {
          float[] xs = scratch.floats(0, Chunked.CHUNK);
          float[] ss = scratch.floats(1, Chunked.CHUNK);
          float[] gs = scratch.floats(2, Chunked.CHUNK);
          xv.get(start, xs, 0, len);
          if (sv == null) {
            Transcendentals.sigmoid(xs, ss, len);
          } else {
            sv.get(start, ss, 0, len);
          }
          gv.get(start, gs, 0, len);
          for (int i = 0; i < len; i++) {
            // multiply_bp's two products, sigmoid_bp's slope times its gradient, then their sum.
            float si = ss[i];
            gs[i] = gs[i] * si + (gs[i] * xs[i]) * (si * (1f - si));
          }
          ov.put(start, gs, 0, len);
        }));
    return new Replacement(step, Map.of(), b.absorbed(), Map.of(),
        recompute ? Map.of(lean.op(), lean.step()) : Map.of());
  }

  private static boolean usable(INDArray x, INDArray s, INDArray out) {
    for (INDArray a : new INDArray[] {x, s, out}) {
      if (a == null || !FloatBuffers.isContiguousFloat(a)) {
        return false;
      }
    }
    return Arrays.equals(x.shape(), s.shape()) && Arrays.equals(x.shape(), out.shape());
  }
}
