package io.genlab.engine.exec.internal;

import java.util.List;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;

/** Lookups the pattern-matching rewrites share over a SameDiff graph. Stateless. */
final class GraphPatterns {
  private GraphPatterns() {}

  /** The op that writes {@code variable}, or null (a leaf, or no such variable). */
  static SameDiffOp producer(SameDiff graph, String variable) {
    Variable v = graph.getVariables().get(variable);
    return v == null || v.getOutputOfOp() == null ? null : graph.getOps().get(v.getOutputOfOp());
  }

  /** The op that writes {@code variable} if it is a {@code name} op, whatever its arity; or null. */
  static SameDiffOp producer(SameDiff graph, String variable, String name) {
    SameDiffOp op = producer(graph, variable);
    return op != null && op.getOp().opName().equals(name) ? op : null;
  }

  /** The op that writes {@code variable} if {@link #is}({@code name}, {@code inputs}); or null. */
  static SameDiffOp producer(SameDiff graph, String variable, String name, int inputs) {
    SameDiffOp op = producer(graph, variable);
    return op != null && is(op, name, inputs) ? op : null;
  }

  /** Whether {@code op} is a {@code name} op with {@code inputs} inputs (-1: any) and one output. */
  static boolean is(SameDiffOp op, String name, int inputs) {
    List<String> in = op.getInputsToOp();
    return op.getOp().opName().equals(name) && in != null && (inputs < 0 || in.size() == inputs)
        && op.getOutputsOfOp().size() == 1;
  }
}
