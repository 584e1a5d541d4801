package io.genlab.engine.exec;

import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import io.genlab.engine.exec.internal.GradientFunctions;
import io.genlab.engine.exec.internal.Parallel;
import io.genlab.engine.exec.internal.Plan;
import io.genlab.engine.exec.internal.PlanCache;
import io.genlab.engine.exec.internal.UnsupportedGraphException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The default executor: runs compiled {@link Plan}s instead of SameDiff's interpreter.
 *
 * <p>Each objective gets a gradient graph of its own (SameDiff differentiates that objective alone),
 * so a step computes only what its parameter group needs. Plans are compiled per (graph, wanted
 * variables, placeholder shapes) and cached; the last partial batch of an evaluation gets a plan of its
 * own. A graph the planner cannot handle runs through {@link SameDiffExecutor} instead, announced once
 * through the notice consumer with the op that stopped it. Not thread-safe.
 */
public final class PlannedExecutor implements GraphExecutor {
  private final SameDiff sd;
  private final Map<String, Gradients> gradients = new LinkedHashMap<>();
  private final PlanCache forward;
  private final Consumer<String> notices;
  private final SameDiffExecutor fallback;
  private String forwardFallback;

  /** A differentiated objective: its gradient graph, its gradient names by parameter, its plans. */
  private static final class Gradients {
    final SameDiff graph;
    final Map<String, String> names;
    final PlanCache plans;
    String unsupported;

    Gradients(SameDiff graph, Map<String, String> names, PlanCache plans) {
      this.graph = graph;
      this.names = names;
      this.plans = plans;
    }
  }

  /**
   * Differentiates every objective of {@code objectives} on {@code sd}.
   *
   * @param rewrites whether plans replace hot op patterns with fused kernels
   * @param threads the threads Java kernels split their work over
   * @param notices receives one line per graph that falls back to SameDiff
   */
  public PlannedExecutor(SameDiff sd, Objectives objectives, boolean rewrites, int threads, Consumer<String> notices) {
    this.sd = sd;
    this.notices = notices;
    Parallel parallel = new Parallel(threads);
    for (Objective o : objectives.objectives()) {
      gradients.put(o.name(), differentiate(sd, o, new PlanCache(sd, rewrites, parallel, notices)));
    }
    this.forward = new PlanCache(sd, rewrites, parallel, notices);
    // Built after the gradient graphs: it sets the loss variables that SameDiff's own gradient uses.
    this.fallback = new SameDiffExecutor(sd, objectives);
  }

  /** The factory of this executor on one thread, with its fallback notices sent to {@code notices}. */
  public static GraphExecutor.Factory factory(boolean rewrites, Consumer<String> notices) {
    return factory(rewrites, 1, notices);
  }

  /** The factory of this executor, its Java kernels on {@code threads} threads, notices sent to {@code notices}. */
  public static GraphExecutor.Factory factory(boolean rewrites, int threads, Consumer<String> notices) {
    return (sd, objectives) -> new PlannedExecutor(sd, objectives, rewrites, threads, notices);
  }

  /** The gradient graph of {@code objective} alone, with the gradient variable of every parameter. */
  private static Gradients differentiate(SameDiff sd, Objective objective, PlanCache plans) {
    sd.setLossVariables(objective.value().name());
    GradientFunctions.create(sd);
    SameDiff graph = sd.getFunction("grad");
    Map<String, String> names = new HashMap<>();
    for (SDVariable v : graph.variables()) {
      if (v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE && sd.hasVariable(v.name())) {
        SDVariable g = graph.getGradForVariable(v.name());
        if (g != null) {
          names.put(v.name(), g.name());
        }
      }
    }
    return new Gradients(graph, names, plans.on(graph));
  }

  @Override
  public Step gradients(Map<String, INDArray> feeds, Objective objective, List<String> parameters, Collection<String> outputs) {
    Gradients g = gradients.get(objective.name());
    if (g == null) {
      throw new IllegalArgumentException("objective '" + objective.name() + "' is not one of this executor's");
    }
    if (g.unsupported == null) {
      Set<String> wanted = new LinkedHashSet<>(outputs);
      for (String p : parameters) {
        String name = g.names.get(p);
        if (name != null) {
          wanted.add(name);
        }
      }
      try {
        Map<String, INDArray> values = g.plans.plan(wanted, feeds).run(feeds);
        Map<String, INDArray> grads = new HashMap<>();
        for (String p : parameters) {
          String name = g.names.get(p);
          if (name != null) {
            grads.put(p, values.get(name));
          }
        }
        Map<String, INDArray> outs = new HashMap<>();
        for (String o : outputs) {
          outs.put(o, values.get(o));
        }
        return new Step(grads, outs);
      } catch (UnsupportedGraphException e) {
        g.unsupported = e.getMessage();
        notices.accept("genlab: the gradient of objective '" + objective.name() + "' runs through SameDiff: " + e.getMessage());
      }
    }
    return fallback.gradients(feeds, objective, parameters, outputs);
  }

  @Override
  public Map<String, INDArray> output(Map<String, INDArray> feeds, Collection<String> outputs) {
    if (forwardFallback == null) {
      try {
        Map<String, INDArray> values = forward.plan(new LinkedHashSet<>(outputs), feeds).run(feeds);
        // Callers keep outputs across calls (samplers loop on them): hand out copies.
        Map<String, INDArray> out = new HashMap<>();
        for (String o : outputs) {
          out.put(o, values.get(o).dup());
        }
        return out;
      } catch (UnsupportedGraphException e) {
        forwardFallback = e.getMessage();
        notices.accept("genlab: the model's forward graph runs through SameDiff: " + e.getMessage());
      }
    }
    return fallback.output(feeds, outputs);
  }

  @Override
  public void releaseTrainingMemory() {
    gradients.values().forEach(g -> g.plans.clear());
  }

  @Override
  public INDArray parameter(String name) {
    return sd.getVariable(name).getArr();
  }

  /** The graphs that run through SameDiff and why, by graph ("forward" or the objective's name). */
  public Map<String, String> fallbacks() {
    Map<String, String> out = new LinkedHashMap<>();
    if (forwardFallback != null) {
      out.put("forward", forwardFallback);
    }
    gradients.forEach((name, g) -> {
      if (g.unsupported != null) {
        out.put(name, g.unsupported);
      }
    });
    return out;
  }

  /** The number of compiled plans held (for tests of the cache). */
  public int planCount() {
    int n = forward.size();
    for (Gradients g : gradients.values()) {
      n += g.plans.size();
    }
    return n;
  }
}
