package io.genlab.runner.spec;

import io.genlab.engine.exec.EngineConfig;
import io.genlab.engine.train.TrainingConfig;
import java.util.List;
import java.util.Map;

/**
 * A resolved experiment spec: defaults, the spec file and the command-line overrides merged and
 * validated.
 *
 * @param name the run name shown in MLflow
 * @param experiment the MLflow experiment the run belongs to
 * @param seed the run seed every random stream derives from
 * @param threads the number of compute threads
 * @param data the data section
 * @param model the model reference
 * @param loss the loss reference
 * @param training the training config
 * @param metrics the metrics to evaluate after training
 * @param samplers the samplers to draw sample grids from after training
 * @param trackingUri where to log: a path (MLflow file store) or a server URI
 * @param engine how graphs execute (planned or SameDiff's interpreter)
 * @param firstStageRun the id of the run whose trained model ({@link io.genlab.api.LatentCodec}) maps the data to
 *     the latents this run trains on ({@code firstStage.run}), or {@code null} to train on the data themselves
 * @param resolved the whole resolved spec as plain values (logged as resolved.yaml and as params)
 */
public record ExperimentSpec(
    String name,
    String experiment,
    long seed,
    int threads,
    DataSpec data,
    ComponentRef model,
    ComponentRef loss,
    TrainingConfig training,
    List<ComponentRef> metrics,
    List<ComponentRef> samplers,
    String trackingUri,
    EngineConfig engine,
    String firstStageRun,
    Map<String, Object> resolved) {
  /** The paper figures of the spec's {@code paper:} list, in its order; empty when it has none. */
  public List<PaperFigure> paper() {
    return PaperFigure.fromResolved(resolved.get(PaperFigure.KEY));
  }
}
