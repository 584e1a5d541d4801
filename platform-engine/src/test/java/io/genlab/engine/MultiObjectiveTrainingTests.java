package io.genlab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.Loss;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import io.genlab.api.ParameterConstraint;
import io.genlab.api.RandomSource;
import io.genlab.api.RunningAverage;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.exec.SameDiffExecutor;
import io.genlab.engine.train.Binarization;
import io.genlab.engine.train.ModelSession;
import io.genlab.engine.train.OptimizerConfig;
import io.genlab.engine.train.Trainer;
import io.genlab.engine.train.TrainingConfig;
import io.genlab.engine.train.TrainingListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Several objectives over two parameter groups (the GAN shape): each group's own optimiser, an
 * objective's parameter constraint, and running averages kept and checkpointed by the trainer.
 */
class MultiObjectiveTrainingTests {
  private static final Examples DATA = data();

  /**
   * Group "a" holds wa (initially 0.5 everywhere), group "b" holds wb (0.5); objective "a" is mean(wa)
   * with a clip constraint, "b" is mean(wb). Both gradients are 1/4 per element, so one step's size
   * shows which optimiser ran. Group "a" also keeps avg = running mean of the batch, momentum 0.5;
   * group "b" keeps wb_ema, a moving average of the weights wb themselves, momentum 0.5, and
   * wb_ema_warm, the same with warm-up.
   */
  private static final class TwoGroupModel implements Model {
    @Override
    public ModelGraph build(BuildContext context) {
      SameDiff sd = context.sameDiff();
      SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 2);
      sd.var("wa", Nd4j.valueArrayOf(new long[] {2, 2}, 0.5f));
      sd.var("wb", Nd4j.valueArrayOf(new long[] {2, 2}, 0.5f));
      sd.var("avg", Nd4j.zeros(DataType.FLOAT, 1, 2));
      sd.var("wb_ema", Nd4j.valueArrayOf(new long[] {2, 2}, 0.5f));
      sd.var("wb_ema_warm", Nd4j.valueArrayOf(new long[] {2, 2}, 0.5f));
      return ModelGraph.builder(sd).dataInput(x, 2)
          .output("x", x)
          .parameters("a", List.of("wa")).parameters("b", List.of("wb"))
          .runningAverages(List.of(new RunningAverage("avg", x.mean(true, 0), "a", 0.5),
              new RunningAverage("wb_ema", sd.getVariable("wb"), "b", 0.5),
              new RunningAverage("wb_ema_warm", sd.getVariable("wb"), "b", 0.5, true)))
          .build();
    }
  }

  private static final class TwoObjectiveLoss implements Loss {
    @Override
    public Objectives build(LossContext context) {
      SameDiff sd = context.graph().sameDiff();
      // x * 0 ties the objectives to the batch so the running average's statistic is computed in the step.
      SDVariable tie = context.graph().output("x").mul(0).sum();
      return new Objectives(List.of(
          new Objective("a", sd.getVariable("wa").mean().add(tie), "a", 1).withConstraint(ParameterConstraint.clip(0.4)),
          new Objective("b", sd.getVariable("wb").mean().add(tie), "b", 1)), Map.of());
    }
  }

  private static Examples data() {
    float[] v = {1, 2, 3, 4, 5, 6, 7, 8};
    return new Examples(new DataInfo(new long[] {2}, 0, 10, false, 0), v, null, 4);
  }

  private static ModelSession session() {
    return ModelSession.build(new TwoGroupModel(), new TwoObjectiveLoss(), DATA.info(), RandomSource.seeded(1),
        SameDiffExecutor.factory(), 4);
  }

  private static TrainingConfig config(Map<String, OptimizerConfig> optimizers) {
    return new TrainingConfig(1, 4, Binarization.NONE, new OptimizerConfig("adam", 1e-3, 0.9, 0.999, 1e-8), 1, 1, 0,
        optimizers, 0);
  }

  @Test
  void eachGroupStepsWithItsOwnOptimiserAndTheConstraintProjectsAfterTheStep() {
    ModelSession session = session();
    new Trainer(session, config(Map.of("b", new OptimizerConfig("sgd", 0.1, 0.9, 0.999, 1e-8))), RandomSource.seeded(2))
        .run(DATA, new TrainingListener() {});
    // b: SGD, 0.5 - 0.1 * 1/4 = 0.475 exactly.
    assertThat(session.executor().parameter("wb").ravel().toFloatVector()).containsOnly(0.475f);
    // A weight average takes the weights after the step: 0.5 * 0.5 + 0.5 * 0.475 (before it would give 0.5).
    assertThat(session.executor().parameter("wb_ema").ravel().toFloatVector()).containsOnly(0.4875f);
    // With warm-up the first update's momentum is 1 - 1/10 = 0.9 > 0.5: 0.1 * 0.5 + 0.9 * 0.475.
    assertThat(session.executor().parameter("wb_ema_warm").ravel().toFloatVector()).containsOnly(0.4775f);
    // a: Adam's first step moves by about the learning rate (0.5 - 1e-3), then clip(0.4) caps it.
    assertThat(session.executor().parameter("wa").ravel().toFloatVector()).containsOnly(0.4f);
  }

  @Test
  void withoutTheConstraintAdamsFirstStepIsTheLearningRate() {
    ModelSession session = session();
    new Trainer(session, config(Map.of("a", new OptimizerConfig("adam", 1e-2, 0.9, 0.999, 1e-8))), RandomSource.seeded(2))
        .run(DATA, new TrainingListener() {});
    assertThat(session.executor().parameter("wb").getDouble(0)).isCloseTo(0.5 - 1e-3, within(1e-6));
  }

  @Test
  void runningAveragesFollowTheirGroupsStepsAndSurviveACheckpoint(@TempDir Path dir) throws Exception {
    ModelSession session = session();
    Trainer trainer = new Trainer(session, config(Map.of()), RandomSource.seeded(2));
    trainer.run(DATA, new TrainingListener() {});
    // One step of group a over the whole batch: 0.5 * 0 + 0.5 * mean = 0.5 * (4, 5).
    INDArray average = session.executor().parameter("avg");
    assertThat(average.ravel().toFloatVector()).containsExactly(2f, 2.5f);

    Path checkpoint = dir.resolve("c.ckpt");
    trainer.saveCheckpoint(checkpoint);
    ModelSession restored = session();
    new Trainer(restored, config(Map.of()), RandomSource.seeded(2)).restoreCheckpoint(checkpoint);
    assertThat(restored.executor().parameter("avg")).isEqualTo(average);
  }

  @Test
  void anOptimiserForAGroupTheModelLacksIsAConfigErrorWithASuggestion() {
    assertThatThrownBy(() -> new Trainer(session(), config(Map.of("bb", OptimizerConfig.DEFAULTS)), RandomSource.seeded(2)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("training.optimizers.bb")
        .hasMessageContaining("no parameter group 'bb'")
        .hasMessageContaining("[a, b]")
        .hasMessageContaining("'b'");
  }

  @Test
  void rmspropIsAnOptimiserChoice() {
    ModelSession session = session();
    new Trainer(session, config(Map.of("b", new OptimizerConfig("rmsprop", 1e-3, 0.9, 0.999, 1e-8, 0.99))),
        RandomSource.seeded(2)).run(DATA, new TrainingListener() {});
    // RMSProp's first step: g / sqrt((1 - 0.99) g^2) = 10 times the learning rate.
    assertThat(session.executor().parameter("wb").getDouble(0)).isCloseTo(0.5 - 1e-2, within(1e-5));
  }
}
