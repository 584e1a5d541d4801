package io.genlab.engine.exec.internal;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/**
 * An op being compiled, as a {@link Rewrite} sees it: its arguments, its inputs and allocated outputs,
 * and the values computed so far in the plan.
 */
final class OpSite {
  private final SameDiff graph;
  private final SameDiffOp op;
  private final INDArray[] inputs;
  private final INDArray[] outputs;
  private final Map<String, INDArray> values;
  private final Scratch scratch;
  private final java.util.function.Function<long[], INDArray> allocator;
  private final java.util.Set<String> planOps;
  private final java.util.Set<String> wanted;

  private final Parallel parallel;

  OpSite(SameDiff graph, SameDiffOp op, INDArray[] inputs, INDArray[] outputs, Map<String, INDArray> values, Scratch scratch,
      Parallel parallel, java.util.function.Function<long[], INDArray> allocator, java.util.Set<String> planOps,
      java.util.Set<String> wanted) {
    this.parallel = parallel;
    this.planOps = planOps;
    this.wanted = wanted;
    this.graph = graph;
    this.op = op;
    this.inputs = inputs;
    this.outputs = outputs;
    this.values = values;
    this.scratch = scratch;
    this.allocator = allocator;
  }

  /** The graph the op belongs to. */
  SameDiff graph() {
    return graph;
  }

  /** The value computed so far for variable {@code name}, or null. */
  INDArray value(String name) {
    return values.get(name);
  }

  /**
   * Whether variable {@code name} is wanted from the plan or its value read by an op of the plan other
   * than {@code within} (ops that read only its shape do not count): a fusion may then not skip it.
   */
  boolean readBeyond(String name, java.util.Set<String> within) {
    List<String> readers = graph.getVariables().get(name).getInputsForOp();
    return wanted.contains(name) || (readers != null && readers.stream().anyMatch(op -> !within.contains(op)
        && planOps.contains(op) && !PlanCompiler.SHAPE_ONLY.contains(graph.getOps().get(op).getOp().opName())));
  }

  /**
   * Whether output {@code i} is wanted or read by a later op: SameDiff's gradient ops compute every
   * gradient (a discriminator's with respect to its images, say) whether or not anything reads it.
   */
  boolean outputRead(int i) {
    return readBeyond(outputName(i), java.util.Set.of(name()));
  }

  /** Whether any output from {@code first} on is read (a gradient op's weight and bias gradients, say). */
  boolean anyOutputRead(int first) {
    for (int i = first; i < outputCount(); i++) {
      if (outputRead(i)) {
        return true;
      }
    }
    return false;
  }

  /** The names of the outputs from {@code first} on. */
  java.util.Set<String> outputNames(int first) {
    return new java.util.HashSet<>(op.getOutputsOfOp().subList(first, outputCount()));
  }

  /** A new float array of the plan (kept alive and counted with the plan's own), for a rewrite's intermediate values. */
  INDArray allocate(long... shape) {
    return allocator.apply(shape);
  }

  String opName() {
    return op.getOp().opName();
  }

  String name() {
    return op.getName();
  }

  DifferentialFunction function() {
    return op.getOp();
  }

  INDArray input(int i) {
    return inputs[i];
  }

  int inputCount() {
    return inputs.length;
  }

  INDArray output(int i) {
    return outputs[i];
  }

  int outputCount() {
    return outputs.length;
  }

  String inputName(int i) {
    return op.getInputsToOp().get(i);
  }

  String outputName(int i) {
    return op.getOutputsOfOp().get(i);
  }

  /** The integer arguments of a custom op (empty for legacy ops). */
  long[] iArgs() {
    return op.getOp() instanceof DynamicCustomOp c ? c.iArgs() : new long[0];
  }

  /** The floating-point arguments of a custom op (empty for legacy ops). */
  double[] tArgs() {
    return op.getOp() instanceof DynamicCustomOp c ? c.tArgs() : new double[0];
  }

  /** The threads the plan's Java kernels split their work over. */
  Parallel parallel() {
    return parallel;
  }

  /** The scratch space of the plan this op belongs to. */
  Scratch scratch() {
    return scratch;
  }

  /**
   * The output of an op named {@code opName} that takes {@code input} as its only input and has
   * already been computed in this plan, or null (a gradient uses it instead of recomputing it).
   */
  INDArray computedUnaryOf(String opName, String input) {
    String output = unaryOutput(graph, opName, input);
    return output == null ? null : values.get(output);
  }

  /** The output variable of an op named {@code opName} of {@code graph} whose only input is {@code input}, or null. */
  static String unaryOutput(SameDiff graph, String opName, String input) {
    Variable v = graph.getVariables().get(input);
    List<String> consumers = v == null ? null : v.getInputsForOp();
    if (consumers == null) {
      return null;
    }
    for (String consumer : consumers) {
      SameDiffOp other = graph.getOps().get(consumer);
      if (other != null && other.getOp().opName().equals(opName) && other.getInputsToOp().size() == 1) {
        return other.getOutputsOfOp().get(0);
      }
    }
    return null;
  }
}
