package io.genlab.engine.train;

import io.genlab.api.DataInfo;
import io.genlab.api.Loss;
import io.genlab.api.LossState;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.NoiseInput;
import io.genlab.api.Objectives;
import io.genlab.api.RandomSource;
import io.genlab.api.TrainedModel;
import io.genlab.engine.exec.GraphExecutor;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model built together with its loss into one graph, run through a {@link GraphExecutor}: what the
 * trainer trains and what samplers and metrics see as a {@link TrainedModel}. Not thread-safe.
 */
public final class ModelSession implements TrainedModel {
  private final Model model;
  private final ModelGraph graph;
  private final Objectives objectives;
  private final DataInfo data;
  private final GraphExecutor executor;
  private final int evaluationBatchSize;
  private final List<LossState> lossState;

  private ModelSession(Model model, ModelGraph graph, Objectives objectives, List<LossState> lossState, DataInfo data,
      GraphExecutor executor, int evaluationBatchSize) {
    this.model = model;
    this.graph = graph;
    this.objectives = objectives;
    this.lossState = lossState;
    this.data = data;
    this.executor = executor;
    this.evaluationBatchSize = evaluationBatchSize;
  }

  /**
   * Builds {@code model} and {@code loss} into a fresh graph.
   *
   * @param init the source of initial weights (derived from the run seed)
   * @throws IllegalStateException when the model's graph breaks the {@link ModelGraph} contract
   */
  public static ModelSession build(Model model, Loss loss, DataInfo data, RandomSource init,
      GraphExecutor.Factory executors, int evaluationBatchSize) {
    SameDiff sd = SameDiff.create();
    ModelGraph graph = model.build(new Model.BuildContext(sd, data, init));
    long product = 1;
    for (long d : graph.dataInputShape()) {
      product *= d;
    }
    if (product != data.exampleSize()) {
      throw new IllegalStateException("model input shape " + java.util.Arrays.toString(graph.dataInputShape())
          + " holds " + product + " values but an example has " + data.exampleSize());
    }
    for (String p : graph.parameters()) {
      if (!sd.hasVariable(p)) {
        throw new IllegalStateException("parameter group lists '" + p + "', which is not a graph variable");
      }
    }
    Objectives objectives = loss.build(new Loss.LossContext(model, graph, data));
    for (var o : objectives.objectives()) {
      if (!graph.parameterGroups().containsKey(o.parameterGroup())) {
        throw new IllegalStateException("objective '" + o.name() + "' targets parameter group '"
            + o.parameterGroup() + "', but the model has " + graph.parameterGroups().keySet());
      }
    }
    List<LossState> lossState = List.copyOf(loss.state());
    java.util.Set<String> names = new java.util.HashSet<>();
    java.util.Set<String> variables = new java.util.HashSet<>();
    for (LossState state : lossState) {
      if (!names.add(state.name()) || !variables.add(state.variable())) {
        throw new IllegalStateException("the loss declares state '" + state.name() + "' (variable '"
            + state.variable() + "') twice");
      }
      if (!sd.hasVariable(state.variable()) || sd.getVariable(state.variable()).getVariableType() != VariableType.VARIABLE) {
        throw new IllegalStateException("the loss declares state '" + state.name() + "' in variable '"
            + state.variable() + "', which its build did not create (sd.var)");
      }
      if (graph.parameters().contains(state.variable())) {
        throw new IllegalStateException("loss state variable '" + state.variable() + "' is a trainable parameter");
      }
    }
    return new ModelSession(model, graph, objectives, lossState, data, executors.create(sd, objectives),
        evaluationBatchSize);
  }

  /** The values the loss keeps across steps (see {@link Loss#state()}), in declaration order. */
  public List<LossState> lossState() {
    return lossState;
  }

  /** The executor running this session's graph. */
  public GraphExecutor executor() {
    return executor;
  }

  @Override
  public Model model() {
    return model;
  }

  @Override
  public ModelGraph graph() {
    return graph;
  }

  @Override
  public Objectives objectives() {
    return objectives;
  }

  @Override
  public DataInfo data() {
    return data;
  }

  @Override
  public Map<String, INDArray> run(Map<String, INDArray> feeds, Collection<String> outputs) {
    return executor.output(feeds, outputs);
  }

  @Override
  public Map<String, INDArray> feeds(INDArray batch, INDArray oneHotLabels, RandomSource noise) {
    Map<String, INDArray> feeds = new HashMap<>();
    long n = batch.size(0);
    long[] inputShape = graph.dataInputShape();
    long[] shape = new long[inputShape.length + 1];
    shape[0] = n;
    System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
    feeds.put(graph.dataInput(), batch.reshape('c', shape));
    if (graph.labelInput() != null) {
      if (oneHotLabels == null) {
        throw new IllegalArgumentException("the model is conditional and needs labels");
      }
      feeds.put(graph.labelInput(), oneHotLabels);
    }
    for (NoiseInput input : graph.noise()) {
      feeds.put(input.name(), input.draw(n, noise.derive(input.name())));
    }
    return feeds;
  }

  @Override
  public int evaluationBatchSize() {
    return evaluationBatchSize;
  }
}
