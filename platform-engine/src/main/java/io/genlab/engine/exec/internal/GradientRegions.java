package io.genlab.engine.exec.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;

/**
 * The regions of a gradient graph that a fused normalisation gradient replaces: the ops downstream of
 * one op (the gradient of the normalisation's last add) and upstream of the gradients it writes.
 * Stateless.
 */
final class GradientRegions {
  private GradientRegions() {}

  /** Each op's index in the plan's execution order. */
  static Map<String, Integer> positions(List<SameDiffOp> order) {
    Map<String, Integer> position = new java.util.HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      position.put(order.get(i).getName(), i);
    }
    return position;
  }

  /** The plan's ops reachable from op {@code start} through the variables they write, {@code start} included. */
  static Set<String> downstream(SameDiff graph, Map<String, Integer> position, String start) {
    Set<String> downstream = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (!position.containsKey(name) || !downstream.add(name)) {
        continue;
      }
      for (String out : graph.getOps().get(name).getOutputsOfOp()) {
        List<String> readers = graph.getVariables().get(out).getInputsForOp();
        if (readers != null) {
          todo.addAll(readers);
        }
      }
    }
    return downstream;
  }

  /** The ops of {@code within} that the variables {@code outputs} are computed from. */
  static Set<String> upstream(SameDiff graph, Set<String> within, Set<String> outputs) {
    Set<String> upstream = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(outputs);
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      String v = todo.pop();
      if (!seen.add(v)) {
        continue;
      }
      Variable var = graph.getVariables().get(v);
      String producer = var == null ? null : var.getOutputOfOp();
      if (producer != null && within.contains(producer) && upstream.add(producer)) {
        todo.addAll(graph.getOps().get(producer).getInputsToOp());
      }
    }
    return upstream;
  }

  /**
   * Whether no variable written by the ops of {@code region}, other than {@code outputs}, is wanted
   * or read by a plan op outside the region (ops reading only shapes do not count).
   */
  static boolean sealed(SameDiff graph, Map<String, Integer> position, Set<String> wanted, Set<String> region,
      Set<String> outputs) {
    for (String name : region) {
      for (String out : graph.getOps().get(name).getOutputsOfOp()) {
        List<String> readers = graph.getVariables().get(out).getInputsForOp();
        boolean readOutside = readers != null && readers.stream().anyMatch(r -> position.containsKey(r)
            && !region.contains(r) && !PlanCompiler.SHAPE_ONLY.contains(graph.getOps().get(r).getOp().opName()));
        if (!outputs.contains(out) && (wanted.contains(out) || readOutside)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The op of {@code region} that runs last, or null for an empty region. */
  static String last(Map<String, Integer> position, Set<String> region) {
    String last = null;
    for (String name : region) {
      if (last == null || position.get(name) > position.get(last)) {
        last = name;
      }
    }
    return last;
  }

  /**
   * Whether every plan op outside {@code region} that reads one of {@code outputs} runs after op
   * {@code last}, where the fused kernel writes them all (an earlier reader would see the previous
   * step's values).
   */
  static boolean outputsReadAfter(SameDiff graph, Map<String, Integer> position, Set<String> region,
      Set<String> outputs, String last) {
    for (String out : outputs) {
      List<String> readers = graph.getVariables().get(out).getInputsForOp();
      if (readers != null && readers.stream().anyMatch(r -> position.containsKey(r) && !region.contains(r)
          && position.get(r) < position.get(last))) {
        return false;
      }
    }
    return true;
  }
}
