package io.genlab.engine.exec.internal;

import io.genlab.engine.internal.FloatBuffers;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.ScalarOp;

/**
 * Group normalisation as one kernel: the thirteen ops {@code nn.Layers.applyGroupNorm} builds
 * (grouping reshape, mean, centring, variance, epsilon, reciprocal square root, two broadcasts by
 * adding zeros, products, the affine scale and shift) become three passes over each group, statistics
 * from float partial sums. Where a plan needs only the result (sampling, evaluation) the kernel
 * replaces the ops here. In a training graph the unfused gradient reads the intermediate values, so
 * the kernel, which writes only the output and the statistics, is checked here and kept for
 * {@link GroupNormGradientFusion}, which puts it in place when it fuses the gradient as well. In a
 * sampling plan, a SiLU that alone reads the result is applied by the kernel too ({@link #siluKernel}).
 * Stateful: one instance per compilation.
 */
final class GroupNormFusion implements Rewrite {

  /**
   * The ops of one group norm, found from its last op.
   *
   * @param grouped the [N, G, K] view of x
   * @param mean the groups' means, [N, G, 1]
   * @param inverse 1 / sqrt(variance + epsilon), [N, G, 1]
   * @param scaled the normalised values times gamma, before beta is added
   * @param gammaZeros the zeros gamma is broadcast by
   */
  record Match(String x, String gamma, String beta, String grouped, String mean, String inverse, String scaled,
      String gammaZeros, List<String> ops, List<String> intermediates, SameDiffOp epsilon) {}

  @Override
  public List<String> extraReads(SameDiffOp op, SameDiff graph) {
    Match m = match(graph, op);
    return m == null ? List.of() : List.of(m.x(), m.gamma());
  }

  /** Forward kernels for training graphs, checked, by the group norm's last op; see {@link #trainingKernel}. */
  private final Map<String, PlanStep> trainingKernels = new HashMap<>();

  /** Inference kernels followed by SiLU in place, not yet checked, by the group norm's last op; see {@link #siluKernel}. */
  private final Map<String, PlanStep> siluKernels = new HashMap<>();

  @Override
  public Replacement apply(OpSite site) {
    SameDiff graph = site.graph();
    Match m = match(graph, graph.getOps().get(site.name()));
    if (m == null) {
      return null;
    }
    Set<String> region = new HashSet<>(m.ops());
    boolean training = false;
    for (String v : m.intermediates()) {
      if (site.value(v) == null) {
        return null;
      }
      training |= site.readBeyond(v, region);
    }
    INDArray x = site.value(m.x());
    INDArray gamma = site.value(m.gamma());
    INDArray beta = site.value(m.beta());
    INDArray grouped = site.value(m.grouped());
    INDArray out = site.output(0);
    INDArray mean = site.value(m.mean());
    INDArray inverse = site.value(m.inverse());
    if (x == null || gamma == null || beta == null || x.rank() != 4 || grouped.rank() != 3) {
      return null;
    }
    for (INDArray a : new INDArray[] {x, gamma, beta, out, mean, inverse}) {
      if (!FloatBuffers.isContiguousFloat(a)) {
        return null;
      }
    }
    int n = (int) x.size(0);
    int channels = (int) x.size(1);
    int pixels = (int) (x.size(2) * x.size(3));
    int groups = (int) grouped.size(1);
    if (grouped.size(0) != n || channels % groups != 0 || grouped.size(2) != (long) channels / groups * pixels
        || gamma.length() != channels || beta.length() != channels || out.length() != x.length()
        || mean.length() != (long) n * groups || inverse.length() != (long) n * groups) {
      return null;
    }
    float epsilon = ((ScalarOp) m.epsilon().getOp()).scalar().getFloat(0);
    FloatBuffer xv = FloatBuffers.view(x);
    FloatBuffer gv = FloatBuffers.view(gamma);
    FloatBuffer bv = FloatBuffers.view(beta);
    FloatBuffer ov = FloatBuffers.view(out);
    // In training the kernel also writes the statistics the gradient kernel reads.
    FloatBuffer mv = training ? FloatBuffers.view(mean) : null;
    FloatBuffer iv = training ? FloatBuffers.view(inverse) : null;
    Parallel parallel = site.parallel();
    int perGroup = channels / groups * pixels;
    // Groups are independent: the threads take contiguous runs of them. With silu, each group's
    // result y becomes y sigmoid(y) before it is written (the sigmoid and the product SiluFusion runs).
    java.util.function.Function<Boolean, Runnable> kernels = silu -> () -> parallel.forEach(n * groups,
        (from, to, scratch) -> {
          float[] scale = scratch.floats(2, channels);
          float[] shift = scratch.floats(3, channels);
          gv.get(0, scale, 0, channels);
          bv.get(0, shift, 0, channels);
          float[] values = scratch.floats(0, perGroup);
          float[] result = scratch.floats(1, perGroup);
          float[] sigmoid = silu ? scratch.floats(4, perGroup) : null;
          float[] statistics = new float[2];
          for (int k = from; k < to; k++) {
            int start = k * perGroup;
            xv.get(start, values, 0, perGroup);
            normalise(values, result, perGroup, pixels, k % groups * (channels / groups), scale, shift, epsilon,
                statistics);
            if (silu) {
              Transcendentals.sigmoid(result, sigmoid, perGroup);
              for (int i = 0; i < perGroup; i++) {
                result[i] = result[i] * sigmoid[i];
              }
            }
            ov.put(start, result, 0, perGroup);
            if (mv != null) {
              mv.put(k, statistics[0]);
              iv.put(k, statistics[1]);
            }
          }
        });
    Runnable kernel = kernels.apply(false);
    String description = "java group_norm '" + site.name() + "' " + groups + " groups of " + perGroup;
    if (!training) {
      siluKernels.put(site.name(), new KernelStep(description + " + silu in place", kernels.apply(true)));
      Set<String> absorbed = new HashSet<>(m.ops());
      absorbed.remove(site.name());
      return new Replacement(new KernelStep(description, kernel), Map.of(), absorbed);
    }
    if (agrees(kernel, x, out, mean, inverse)) {
      trainingKernels.put(site.name(), new KernelStep(description + " (training)", kernel));
    }
    return null;
  }

  /**
   * The checked forward kernel of the group norm ending in op {@code lastOp} of a training graph, which
   * writes the output, the means and the inverse deviations but none of the other intermediate values
   * the unfused gradient reads; or null. {@link GroupNormGradientFusion} puts it in place of the
   * forward ops when it fuses that gradient too.
   */
  PlanStep trainingKernel(String lastOp) {
    return trainingKernels.get(lastOp);
  }

  /**
   * The inference kernel of the group norm ending in op {@code lastOp}, followed in each group by SiLU,
   * {@code y sigmoid(y)}, written in place of y; or null. Not checked: {@link SiluFusion} runs and checks
   * it when the SiLU is y's only reader.
   */
  PlanStep siluKernel(String lastOp) {
    return siluKernels.get(lastOp);
  }

  /**
   * Whether {@code kernel} computes the output and statistics as the ops just did; the ops' values are
   * put back either way, since the ops stay in the plan unless the gradient is fused as well.
   */
  private static boolean agrees(Runnable kernel, INDArray x, INDArray out, INDArray mean, INDArray inverse) {
    INDArray[] results = {out, mean, inverse};
    INDArray[] reference = new INDArray[results.length];
    for (int i = 0; i < results.length; i++) {
      reference[i] = results[i].dup();
    }
    kernel.run();
    double scale = RewriteCheck.inputScale(new INDArray[] {x}, x.length());
    boolean agrees = true;
    for (int i = 0; i < results.length; i++) {
      // The inverse deviations are checked against their own magnitude.
      agrees &= RewriteCheck.disagreement(reference[i], results[i], i == 2 ? 0 : scale) == null;
      results[i].assign(reference[i]);
      reference[i].close();
    }
    return agrees;
  }

  /**
   * One group: {@code out = (v - mean) / sqrt(var + epsilon) * scale[c] + shift[c]} for the channels from
   * {@code firstChannel}, each {@code pixels} values. Mean and variance from float sums over eight
   * interleaved partials ({@link FloatSums}; the variance's of the deviations from the mean), divided
   * in double: the double accumulators before took 1.7 ms for a U-Net group norm over 1.6M values.
   * The mean and the inverse deviation go to {@code statistics}.
   */
  static void normalise(float[] v, float[] out, int length, int pixels, int firstChannel, float[] scale,
      float[] shift, float epsilon, float[] statistics) {
    float centre = (float) ((double) FloatSums.sum(v, 0, length) / length);
    // The squared deviations go through out, which the last loop overwrites.
    for (int i = 0; i < length; i++) {
      float d = v[i] - centre;
      out[i] = d * d;
    }
    double variance = (double) FloatSums.sum(out, 0, length) / length;
    float inverse = (float) (1.0 / Math.sqrt((float) variance + epsilon));
    statistics[0] = centre;
    statistics[1] = inverse;
    for (int c = 0, at = 0; at < length; c++, at += pixels) {
      float a = scale[firstChannel + c];
      float b = shift[firstChannel + c];
      for (int p = at; p < at + pixels; p++) {
        out[p] = (v[p] - centre) * inverse * a + b;
      }
    }
  }

  /** The group norm whose last op is {@code last}, matched against the ops Layers.applyGroupNorm builds; or null. */
  static Match match(SameDiff graph, SameDiffOp last) {
    // y = add(scaled, beta); scaled = multiply(normalised, gammaE); gammaE = add(gamma, zeros)
    if (last == null || !GraphPatterns.is(last, "add", 2)) {
      return null;
    }
    List<String> ops = new ArrayList<>();
    List<String> inner = new ArrayList<>();
    ops.add(last.getName());
    String beta = last.getInputsToOp().get(1);
    SameDiffOp scaled = producer(graph, last.getInputsToOp().get(0), "multiply", 2, ops, inner);
    if (scaled == null || !isVariable(graph, beta)) {
      return null;
    }
    SameDiffOp gammaExpand = producer(graph, scaled.getInputsToOp().get(1), "add", 2, ops, inner);
    SameDiffOp normalised = producer(graph, scaled.getInputsToOp().get(0), "reshape", -1, ops, inner);
    if (gammaExpand == null || normalised == null || !isVariable(graph, gammaExpand.getInputsToOp().get(0))
        || !isZeros(graph, gammaExpand.getInputsToOp().get(1))) {
      return null;
    }
    // normalised = reshape(multiply(centred, inverse)); inverse = add(rsqrt(add_scalar(variance)), zeros)
    SameDiffOp product = producer(graph, normalised.getInputsToOp().get(0), "multiply", 2, ops, inner);
    if (product == null) {
      return null;
    }
    SameDiffOp inverse = producer(graph, product.getInputsToOp().get(1), "add", 2, ops, inner);
    if (inverse == null || !isZeros(graph, inverse.getInputsToOp().get(1))) {
      return null;
    }
    SameDiffOp rsqrt = producer(graph, inverse.getInputsToOp().get(0), "rsqrt", 1, ops, inner);
    SameDiffOp epsilon = rsqrt == null ? null : producer(graph, rsqrt.getInputsToOp().get(0), "add_scalar", 1, ops, inner);
    SameDiffOp variance = epsilon == null ? null : producer(graph, epsilon.getInputsToOp().get(0), "reduce_mean", -1, ops, inner);
    SameDiffOp square = variance == null ? null : producer(graph, variance.getInputsToOp().get(0), "multiply", 2, ops, inner);
    // centred = subtract(grouped, reduce_mean(grouped)); square = centred * centred
    String centredName = product.getInputsToOp().get(0);
    if (square == null || !square.getInputsToOp().get(0).equals(centredName)
        || !square.getInputsToOp().get(1).equals(centredName)) {
      return null;
    }
    SameDiffOp centred = producer(graph, centredName, "subtract", 2, ops, inner);
    if (centred == null) {
      return null;
    }
    SameDiffOp mean = producer(graph, centred.getInputsToOp().get(1), "reduce_mean", -1, ops, inner);
    String groupedName = centred.getInputsToOp().get(0);
    if (mean == null || !mean.getInputsToOp().get(0).equals(groupedName)) {
      return null;
    }
    SameDiffOp grouping = producer(graph, groupedName, "reshape", -1, ops, inner);
    if (grouping == null) {
      return null;
    }
    // The grouped view first: the kernel reads the group count from it.
    inner.remove(groupedName);
    inner.add(0, groupedName);
    return new Match(grouping.getInputsToOp().get(0), gammaExpand.getInputsToOp().get(0), beta, groupedName,
        centred.getInputsToOp().get(1), inverse.getInputsToOp().get(0), last.getInputsToOp().get(0),
        gammaExpand.getInputsToOp().get(1), ops, inner, epsilon);
  }

  /** The op producing {@code variable} if it is a {@code name} op with {@code inputs} inputs (-1: any), recorded. */
  private static SameDiffOp producer(SameDiff graph, String variable, String name, int inputs, List<String> ops,
      List<String> inner) {
    SameDiffOp op = GraphPatterns.producer(graph, variable, name, inputs);
    if (op != null) {
      ops.add(op.getName());
      inner.add(variable);
    }
    return op;
  }

  private static boolean isVariable(SameDiff graph, String name) {
    return graph.getVariable(name).getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE;
  }

  /** Whether {@code name} is the output of a zeros_like op (the broadcasts add such zeros). */
  private static boolean isZeros(SameDiff graph, String name) {
    return GraphPatterns.producer(graph, name, "zeroslike") != null;
  }
}
