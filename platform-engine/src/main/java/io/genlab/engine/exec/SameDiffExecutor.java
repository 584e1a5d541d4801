package io.genlab.engine.exec;

import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import io.genlab.engine.exec.internal.GradientFunctions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference executor: SameDiff's own {@code calculateGradientsAndOutputs}.
 *
 * <p>Several objectives share one graph: the loss variable is {@code sum_i w_i * objective_i} with a
 * scalar placeholder per weight, and a step for objective {@code k} feeds {@code w_k = 1}, the others
 * 0, and asks only for its parameter group's gradients. Switching {@code setLossVariables} per step
 * would rebuild the gradient function every time (18-54 ms, see the ND4J notes). Not thread-safe.
 */
public final class SameDiffExecutor implements GraphExecutor {
  private static final String WEIGHT_PREFIX = "genlab/objective_weight/";
  private final SameDiff sd;
  private final List<Objective> objectives;
  private final Map<String, INDArray> weightFeeds = new HashMap<>();
  private boolean gradientFunctionReady;

  /** Wraps {@code sd}, adding the objective weighting described above. */
  public SameDiffExecutor(SameDiff sd, Objectives objectives) {
    this.sd = sd;
    this.objectives = objectives.objectives();
    if (this.objectives.size() == 1) {
      sd.setLossVariables(this.objectives.get(0).value());
    } else {
      SDVariable total = null;
      for (Objective o : this.objectives) {
        SDVariable w = sd.placeHolder(WEIGHT_PREFIX + o.name(), DataType.FLOAT);
        SDVariable term = o.value().mul(w);
        total = total == null ? term : total.add(term);
      }
      sd.setLossVariables(total);
    }
  }

  /** The factory of this executor. */
  public static GraphExecutor.Factory factory() {
    return SameDiffExecutor::new;
  }

  @Override
  public Step gradients(Map<String, INDArray> feeds, Objective objective, List<String> parameters, Collection<String> outputs) {
    ensureGradientFunction();
    Map<String, INDArray> all = feeds;
    if (objectives.size() > 1) {
      all = new HashMap<>(feeds);
      for (Objective o : objectives) {
        all.put(WEIGHT_PREFIX + o.name(), weight(o == objective ? 1f : 0f));
      }
    }
    OutAndGrad result = sd.calculateGradientsAndOutputs(all, new ArrayList<>(outputs), parameters);
    return new Step(result.getGradients(), result.getOutputs());
  }

  @Override
  public Map<String, INDArray> output(Map<String, INDArray> feeds, Collection<String> outputs) {
    return sd.output(feeds, new ArrayList<>(outputs));
  }

  @Override
  public INDArray parameter(String name) {
    return sd.getVariable(name).getArr();
  }

  private INDArray weight(float value) {
    return weightFeeds.computeIfAbsent(Float.toString(value), k -> Nd4j.scalar(DataType.FLOAT, value));
  }

  /** Builds the gradient function once. */
  private void ensureGradientFunction() {
    if (!gradientFunctionReady) {
      GradientFunctions.create(sd);
      gradientFunctionReady = true;
    }
  }
}
