package io.genlab.engine.exec.internal;

import io.genlab.engine.internal.FloatBuffers;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gradient of a training-mode batch norm with respect to its input as one kernel: the ops
 * SameDiff differentiates {@code nn.Layers.batchNorm}'s nine into for it (the variance's chain through
 * the reciprocal square root, the mean's, the centring's, and the sums of x's and the centred values'
 * several contributions: two reductions and a dozen element-wise passes over the activations) become
 * one pass that reads x, the forward pass's mean and inverse deviation, gamma, the incoming gradient
 * dy and the gamma and beta gradients: with x^ = (x - mean) inverse over a channel's M values,
 * dx = gamma inverse (dy - dbeta / M - x^ dgamma / M), as dbeta = sum(dy) and dgamma = sum(dy x^).
 * The ops giving dgamma and dbeta stay (a discriminator sums them with its other batch's early in the
 * plan, before x's gradient is due).
 *
 * <p>The region is found before compiling ({@link #prepare}), as for group norm: the ops downstream
 * of the gradient of the last add and upstream of x's gradient. It applies only where x is read by
 * the batch norm alone (so x's whole gradient is the kernel's), nothing outside reads the region's
 * intermediate values, and no other gradient flows in. Threads take contiguous runs of channels, so
 * every value is the same at any thread count. Stateful: one instance per compilation.
 */
final class BatchNormGradientFusion implements Rewrite {
  /** One batch norm's gradient region. */
  private record Region(Forward forward, String dy, String dx, String dGamma, String dBeta, Set<String> ops,
      String last) {}

  /** The forward ops of one batch norm, by the variables the kernel reads. */
  record Forward(String x, String mean, String inverse, String gamma, String beta, String scaled,
      String scale, Set<String> variables) {}

  private final Map<String, Region> byLastOp = new HashMap<>();

  @Override
  public void prepare(SameDiff graph, List<SameDiffOp> order, Set<String> wanted) {
    Map<String, Integer> position = GradientRegions.positions(order);
    for (SameDiffOp op : order) {
      Forward f = op.getOp().opName().equals("add") ? match(graph, op) : null;
      Region r = f == null ? null : region(graph, order, position, wanted, f);
      if (r != null) {
        byLastOp.put(r.last(), r);
      }
    }
  }

  /**
   * The batch norm ending in {@code last}, matched against the ops {@code Layers.batchNorm} builds:
   * {@code add(multiply(centred, multiply(rsqrt(add_scalar(reduce_mean(centred * centred))), gamma)),
   * beta)} with {@code centred = subtract(x, reduce_mean(x))}; or null.
   */
  static Forward match(SameDiff graph, SameDiffOp last) {
    Set<String> vars = new HashSet<>();
    if (!GraphPatterns.is(last, "add", 2)) {
      return null;
    }
    String beta = last.getInputsToOp().get(1);
    SameDiffOp scaled = producer(graph, last.getInputsToOp().get(0), "multiply", 2, vars);
    SameDiffOp scale = scaled == null ? null : producer(graph, scaled.getInputsToOp().get(1), "multiply", 2, vars);
    SameDiffOp rsqrt = scale == null ? null : producer(graph, scale.getInputsToOp().get(0), "rsqrt", 1, vars);
    SameDiffOp epsilon = rsqrt == null ? null : producer(graph, rsqrt.getInputsToOp().get(0), "add_scalar", 1, vars);
    SameDiffOp variance = epsilon == null ? null : producer(graph, epsilon.getInputsToOp().get(0), "reduce_mean", 1, vars);
    SameDiffOp square = variance == null ? null : producer(graph, variance.getInputsToOp().get(0), "multiply", 2, vars);
    if (square == null) {
      return null;
    }
    String centredName = scaled.getInputsToOp().get(0);
    if (!square.getInputsToOp().get(0).equals(centredName) || !square.getInputsToOp().get(1).equals(centredName)) {
      return null;
    }
    SameDiffOp centred = producer(graph, centredName, "subtract", 2, vars);
    SameDiffOp mean = centred == null ? null : producer(graph, centred.getInputsToOp().get(1), "reduce_mean", 1, vars);
    String x = centred == null ? null : centred.getInputsToOp().get(0);
    if (mean == null || !mean.getInputsToOp().get(0).equals(x) || !isVariable(graph, beta)
        || !isVariable(graph, scale.getInputsToOp().get(1))) {
      return null;
    }
    // Statistics over every axis but the channel axis 1 (kept as 1), as Layers.batchStatistics takes them.
    for (SameDiffOp reduction : List.of(mean, variance)) {
      if (!statisticsAxes(reduction)) {
        return null;
      }
    }
    vars.add(x);
    vars.add(beta);
    vars.add(scale.getInputsToOp().get(1));
    vars.add(last.getOutputsOfOp().get(0));
    return new Forward(x, mean.getOutputsOfOp().get(0), rsqrt.getOutputsOfOp().get(0), scale.getInputsToOp().get(1),
        beta, last.getInputsToOp().get(0), scaled.getInputsToOp().get(1), vars);
  }

  private static boolean statisticsAxes(SameDiffOp reduction) {
    if (!(reduction.getOp() instanceof org.nd4j.linalg.api.ops.BaseReduceOp r) || !r.isKeepDims()
        || r.dimensions() == null) {
      return false;
    }
    long[] dims = r.dimensions().toLongVector();
    return java.util.Arrays.equals(dims, new long[] {0}) || java.util.Arrays.equals(dims, new long[] {0, 2, 3});
  }

  private static Region region(SameDiff graph, List<SameDiffOp> order, Map<String, Integer> position,
      Set<String> wanted, Forward f) {
    SameDiffOp shiftGradient = null;
    SameDiffOp scaleGradient = null;
    SameDiffOp scaledGradient = null;
    for (SameDiffOp op : order) {
      List<String> in = op.getInputsToOp();
      String name = op.getOp().opName();
      if (name.equals("add_bp") && in.size() == 3 && in.get(0).equals(f.scaled()) && in.get(1).equals(f.beta())) {
        shiftGradient = op;
      } else if (name.equals("multiply_bp") && in.size() == 3 && in.get(1).equals(f.gamma())
          && in.get(0).equals(f.inverse())) {
        scaleGradient = op;
      } else if (name.equals("multiply_bp") && in.size() == 3 && in.get(1).equals(f.scale())) {
        scaledGradient = op;
      }
    }
    List<String> xReaders = graph.getVariables().get(f.x()).getInputsForOp();
    if (shiftGradient == null || scaleGradient == null || scaledGradient == null || xReaders == null) {
      return null;
    }
    String dx = gradientOf(graph, f.x());
    if (dx == null) {
      return null;
    }
    // x read only by the batch norm (forward and backward), so its whole gradient is the kernel's.
    Set<String> downstreamOps = GradientRegions.downstream(graph, position, shiftGradient.getName());
    for (String reader : xReaders) {
      SameDiffOp op = graph.getOps().get(reader);
      boolean forwardStatistic = op.getOutputsOfOp().stream().anyMatch(f.variables()::contains);
      if (!forwardStatistic && !downstreamOps.contains(reader)
          && !PlanCompiler.SHAPE_ONLY.contains(op.getOp().opName())) {
        return null;
      }
    }
    // The shift's and the scales' gradients stay as they are (the gamma and beta gradients they give are
    // summed with other batches' early in the plan); the kernel computes x's from them.
    Set<String> kept = Set.of(shiftGradient.getName(), scaledGradient.getName(), scaleGradient.getName());
    Set<String> downstream = new HashSet<>(downstreamOps);
    downstream.removeAll(kept);
    String dGamma = scaleGradient.getOutputsOfOp().get(1);
    String dBeta = shiftGradient.getOutputsOfOp().get(1);
    Set<String> outputs = Set.of(dx);
    Set<String> upstream = GradientRegions.upstream(graph, downstream, outputs);
    String dy = shiftGradient.getInputsToOp().get(2);
    if (!downstreamOps.containsAll(kept) || !upstream.contains(graph.getVariables().get(dx).getOutputOfOp())
        || !GradientRegions.sealed(graph, position, wanted, upstream, outputs)) {
      return null;
    }
    Set<String> keptOutputs = new HashSet<>();
    kept.forEach(op -> keptOutputs.addAll(graph.getOps().get(op).getOutputsOfOp()));
    // Nothing flows in but dy, the kept gradients and values computed from the forward pass's alone (the
    // reciprocal square root's gradient reads a power of the variance): another gradient would be lost.
    for (String name : upstream) {
      for (String in : graph.getOps().get(name).getInputsToOp()) {
        Variable v = graph.getVariables().get(in);
        String producer = v == null ? null : v.getOutputOfOp();
        if (producer != null && upstream.contains(producer) || in.equals(dy) || keptOutputs.contains(in)
            || fromForwardValues(graph, in, f.variables(), FORWARD_DEPTH)) {
          continue;
        }
        return null;
      }
    }
    String last = GradientRegions.last(position, upstream);
    if (!GradientRegions.outputsReadAfter(graph, position, upstream, outputs, last)) {
      return null;
    }
    return new Region(f, dy, dx, dGamma, dBeta, upstream, last);
  }

  /** How many ops deep {@link #fromForwardValues} looks: the power and scaling before rsqrt's gradient. */
  private static final int FORWARD_DEPTH = 4;

  /**
   * Whether {@code variable} is one of the batch norm's forward values, a constant, or computed within
   * {@code depth} ops from those alone.
   */
  private static boolean fromForwardValues(SameDiff graph, String variable, Set<String> forward, int depth) {
    if (forward.contains(variable)) {
      return true;
    }
    Variable v = graph.getVariables().get(variable);
    if (v == null) {
      return false;
    }
    if (v.getOutputOfOp() == null) {
      return v.getVariable().getVariableType() == org.nd4j.autodiff.samediff.VariableType.CONSTANT;
    }
    if (depth == 0) {
      return false;
    }
    for (String in : graph.getOps().get(v.getOutputOfOp()).getInputsToOp()) {
      if (!fromForwardValues(graph, in, forward, depth - 1)) {
        return false;
      }
    }
    return true;
  }

  /** The variable holding the whole gradient of {@code x} in the gradient graph, or null. */
  private static String gradientOf(SameDiff graph, String x) {
    try {
      SDVariable g = graph.getGradForVariable(x);
      return g == null ? null : g.name();
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public List<String> extraReads(SameDiffOp op, SameDiff graph) {
    Region r = byLastOp.get(op.getName());
    if (r == null) {
      return List.of();
    }
    Forward f = r.forward();
    return List.of(f.x(), f.mean(), f.inverse(), f.gamma(), r.dy(), r.dGamma(), r.dBeta());
  }

  @Override
  public Replacement apply(OpSite site) {
    Region r = byLastOp.get(site.name());
    if (r == null) {
      return null;
    }
    Forward f = r.forward();
    INDArray x = site.value(f.x());
    INDArray mean = site.value(f.mean());
    INDArray inverse = site.value(f.inverse());
    INDArray gamma = site.value(f.gamma());
    INDArray dy = site.value(r.dy());
    INDArray dx = site.value(r.dx());
    INDArray dGamma = site.value(r.dGamma());
    INDArray dBeta = site.value(r.dBeta());
    for (INDArray a : new INDArray[] {x, mean, inverse, gamma, dy, dx, dGamma, dBeta}) {
      if (a == null || !FloatBuffers.isContiguousFloat(a)) {
        return null;
      }
    }
    if (x.rank() != 2 && x.rank() != 4 || !java.util.Arrays.equals(x.shape(), dy.shape())
        || !java.util.Arrays.equals(x.shape(), dx.shape())) {
      return null;
    }
    int n = (int) x.size(0);
    int channels = (int) x.size(1);
    int pixels = x.rank() == 4 ? (int) (x.size(2) * x.size(3)) : 1;
    for (INDArray perChannel : new INDArray[] {mean, inverse, gamma, dGamma, dBeta}) {
      if (perChannel.length() != channels) {
        return null;
      }
    }
    Kernel kernel = new Kernel(FloatBuffers.view(x), FloatBuffers.view(dy), FloatBuffers.view(dx),
        FloatBuffers.view(mean), FloatBuffers.view(inverse), FloatBuffers.view(gamma), FloatBuffers.view(dGamma),
        FloatBuffers.view(dBeta), n, channels, pixels);
    Parallel parallel = site.parallel();
    Map<String, INDArray> writes = new HashMap<>();
    writes.put(r.dx(), dx);
    Set<String> absorbed = new HashSet<>(r.ops());
    absorbed.remove(site.name());
    return new Replacement(new KernelStep("java batch_norm_bp '" + site.name() + "' " + channels + " channels of "
        + (long) n * pixels, () -> parallel.forEach(channels, kernel::channels)), Map.of(), absorbed, writes);
  }

  /** The kernel over x viewed as {@code [n, channels, pixels]}. */
  private record Kernel(FloatBuffer x, FloatBuffer dy, FloatBuffer dx, FloatBuffer mean, FloatBuffer inverse,
      FloatBuffer gamma, FloatBuffer dGamma, FloatBuffer dBeta, int n, int channels, int pixels) {

    /** Channels {@code [from, to)}: each example's block of them at a time, in one pass. */
    void channels(int from, int to, Scratch scratch) {
      int count = to - from;
      int width = count * pixels;
      float[] xs = scratch.floats(0, width);
      float[] gs = scratch.floats(1, width);
      float[] out = scratch.floats(2, width);
      float[] centre = new float[count];
      float[] inv = new float[count];
      float[] meanDy = new float[count];
      float[] meanDyX = new float[count];
      float[] k = new float[count];
      mean.get(from, centre);
      inverse.get(from, inv);
      float values = (float) n * pixels;
      for (int c = 0; c < count; c++) {
        meanDy[c] = dBeta.get(from + c) / values;
        meanDyX[c] = dGamma.get(from + c) / values;
        k[c] = gamma.get(from + c) * inv[c];
      }
      for (int e = 0; e < n; e++) {
        int at = (e * channels + from) * pixels;
        x.get(at, xs, 0, width);
        dy.get(at, gs, 0, width);
        for (int c = 0; c < count; c++) {
          for (int p = c * pixels; p < (c + 1) * pixels; p++) {
            float xhat = (xs[p] - centre[c]) * inv[c];
            out[p] = k[c] * (gs[p] - meanDy[c] - xhat * meanDyX[c]);
          }
        }
        dx.put(at, out, 0, width);
      }
    }
  }

  /** The op producing {@code variable} if it is a {@code name} op with {@code inputs} inputs, recorded. */
  private static SameDiffOp producer(SameDiff graph, String variable, String name, int inputs, Set<String> vars) {
    SameDiffOp op = GraphPatterns.producer(graph, variable, name, inputs);
    if (op != null) {
      vars.add(variable);
    }
    return op;
  }

  private static boolean isVariable(SameDiff graph, String name) {
    return graph.getVariable(name).getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE;
  }
}
