package io.genlab.engine.train;

import io.genlab.engine.exec.GraphExecutor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Owns the optimiser state of one parameter group and applies its updates in place.
 *
 * <p>One ND4J {@link GradientUpdater} per parameter, over a state view array this class keeps, so
 * checkpoints can save and restore the exact state. Not thread-safe.
 */
public final class ParameterGroupOptimizer {
  private final String group;
  private final GraphExecutor executor;
  private final Map<String, INDArray> state = new LinkedHashMap<>();
  private final Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();

  /** Creates fresh (zero) state for every parameter of {@code group}. */
  public ParameterGroupOptimizer(String group, List<String> parameters, OptimizerConfig config, GraphExecutor executor) {
    this.group = group;
    this.executor = executor;
    IUpdater updater = config.updater();
    for (String name : parameters) {
      INDArray param = executor.parameter(name);
      long size = updater.stateSize(param.length());
      INDArray view = size == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, size);
      GradientUpdater<?> u = updater.instantiate(view, true);
      if (view != null) {
        u.setStateViewArray(view, param.shape(), param.ordering(), true);
      }
      state.put(name, view);
      updaters.put(name, u);
    }
  }

  /** The group's name. */
  public String group() {
    return group;
  }

  /**
   * Applies one update: {@code param -= update(gradient)}; the gradients are overwritten.
   *
   * @param gradients by parameter name; every parameter of the group must be present
   * @param iteration the group's update count so far (Adam's bias correction uses it)
   */
  public void step(Map<String, INDArray> gradients, int iteration, int epoch) {
    for (Map.Entry<String, GradientUpdater<?>> e : updaters.entrySet()) {
      INDArray gradient = gradients.get(e.getKey());
      if (gradient == null) {
        throw new IllegalStateException("no gradient for parameter '" + e.getKey() + "' of group '" + group
            + "': is it connected to the objective?");
      }
      e.getValue().applyUpdater(gradient, iteration, epoch);
      executor.parameter(e.getKey()).subi(gradient);
    }
  }

  /** The state arrays by parameter name (live; absent for stateless optimisers such as SGD). */
  public Map<String, INDArray> state() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    state.forEach((k, v) -> {
      if (v != null) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Restores state saved from {@link #state()}. */
  public void restore(Map<String, INDArray> saved) {
    state.forEach((name, view) -> {
      if (view == null) {
        return;
      }
      INDArray s = saved.get(name);
      if (s == null || s.length() != view.length()) {
        throw new IllegalStateException("checkpoint has no matching optimiser state for '" + name + "'");
      }
      view.assign(s.reshape(view.shape()));
    });
  }
}
