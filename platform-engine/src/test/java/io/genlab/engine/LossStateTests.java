package io.genlab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.Examples;
import io.genlab.api.Loss;
import io.genlab.api.LossState;
import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import io.genlab.api.RandomSource;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.exec.SameDiffExecutor;
import io.genlab.engine.train.ModelSession;
import io.genlab.engine.train.Trainer;
import io.genlab.engine.train.TrainingFailedException;
import io.genlab.engine.train.TrainingListener;
import io.genlab.engine.train.TrainingState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/** Losses that keep state across steps: the trainer feeds, moves on, logs and checkpoints it. */
class LossStateTests {

  /** The tiny model's MSE weighted by a state {@code w}, which follows {@code update} from {@code initial}. */
  private static final class WeightedLoss implements Loss {
    private final double initial;
    private final LossState.Update update;
    private final boolean createVariable;

    WeightedLoss(double initial, LossState.Update update, boolean createVariable) {
      this.initial = initial;
      this.update = update;
      this.createVariable = createVariable;
    }

    @Override
    public Objectives build(LossContext context) {
      SameDiff sd = context.graph().sameDiff();
      SDVariable diff = context.graph().output("out").sub(sd.getVariable("x"));
      SDVariable mse = diff.mul(diff).sum(1).mean();
      SDVariable weighted = mse;
      if (createVariable) {
        // A value the trainer must overwrite: the state's initial value, not this, is what the first step sees.
        weighted = mse.mul(sd.var("w", Nd4j.scalar(123f)));
      }
      return Objectives.of(Objective.of("weighted", weighted), Map.of("mse", sd.identity("diag/mse", mse)));
    }

    @Override
    public List<LossState> state() {
      return List.of(new LossState("w", "w", initial, update));
    }
  }

  /** A rule like BEGAN's on the tiny model: w grows with the iteration's MSE, clipped to [0, 1]. */
  private static final LossState.Update CONTROL = (current, completed, diagnostics) ->
      Math.max(0, Math.min(1, current + 0.02 * diagnostics.get("mse")));

  private static ModelSession session(Loss loss) {
    return ModelSession.build(new TinyPlugin.TinyModel(TinyPlugin.TinyConfig.DEFAULTS), loss,
        TinyPlugin.data().info(), RandomSource.seeded(1).derive("init"), SameDiffExecutor.factory(), 16);
  }

  private static List<Map<String, Double>> run(Trainer trainer, Examples data, int stopAfter) {
    List<Map<String, Double>> iterations = new ArrayList<>();
    trainer.run(data, new TrainingListener() {
      @Override
      public void onIteration(TrainingState state, Map<String, Double> scalars) {
        iterations.add(new LinkedHashMap<>(scalars));
      }

      @Override
      public boolean stopRequested() {
        return stopAfter >= 0 && iterations.size() >= stopAfter;
      }
    });
    return iterations;
  }

  @Test
  void eachIterationSeesTheValueItsPredecessorsUpdateGaveAndLogsIt() {
    Trainer trainer = new Trainer(session(new WeightedLoss(0.0, CONTROL, true)), TrainerTests.CONFIG,
        RandomSource.seeded(2));
    List<Map<String, Double>> iterations = run(trainer, TinyPlugin.data(), -1);

    assertThat(iterations).hasSize(30);
    // The first step uses the initial value 0, not the 123 the graph was built with: its objective is 0.
    assertThat(iterations.get(0)).containsEntry("train/w", 0.0).containsEntry("loss/weighted", 0.0);
    double expected = 0.0;
    for (Map<String, Double> it : iterations) {
      assertThat(it.get("train/w")).isEqualTo(expected);
      // The objective the graph computed is the logged MSE times the logged weight (float arithmetic).
      assertThat(it.get("loss/weighted")).isCloseTo(it.get("train/mse") * expected,
          org.assertj.core.data.Offset.offset(1e-5 * (1 + it.get("train/mse"))));
      expected = CONTROL.next(expected, 0, Map.of("mse", it.get("train/mse")));
    }
    assertThat(trainer.lossState("w")).isEqualTo(expected);
    assertThat(expected).isStrictlyBetween(0.0, 1.0);
  }

  @Test
  void aResumedRunContinuesTheStateBitIdentically(@TempDir Path dir) throws Exception {
    Examples data = TinyPlugin.data();
    List<Map<String, Double>> all = run(new Trainer(session(new WeightedLoss(0.0, CONTROL, true)),
        TrainerTests.CONFIG, RandomSource.seeded(2)), data, -1);

    Trainer interrupted = new Trainer(session(new WeightedLoss(0.0, CONTROL, true)), TrainerTests.CONFIG,
        RandomSource.seeded(2));
    List<Map<String, Double>> joined = run(interrupted, data, 13);
    Path checkpoint = dir.resolve("last.ckpt");
    interrupted.saveCheckpoint(checkpoint);
    Trainer resumed = new Trainer(session(new WeightedLoss(0.0, CONTROL, true)), TrainerTests.CONFIG,
        RandomSource.seeded(2));
    resumed.restoreCheckpoint(checkpoint);
    assertThat(resumed.lossState("w")).isEqualTo(interrupted.lossState("w"));
    joined.addAll(run(resumed, data, -1));

    assertThat(joined).isEqualTo(all);
  }

  @Test
  void aCheckpointWithoutTheLossStateIsRefusedNamingIt(@TempDir Path dir) throws Exception {
    Trainer plain = new Trainer(TrainerTests.session(), TrainerTests.CONFIG, RandomSource.seeded(2));
    run(plain, TinyPlugin.data(), 3);
    Path checkpoint = dir.resolve("plain.ckpt");
    plain.saveCheckpoint(checkpoint);

    Trainer stateful = new Trainer(session(new WeightedLoss(0.0, CONTROL, true)), TrainerTests.CONFIG,
        RandomSource.seeded(2));
    assertThatThrownBy(() -> stateful.restoreCheckpoint(checkpoint))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("state 'w' is missing");
    assertThat(stateful.state().iteration()).isZero();
  }

  @Test
  void aStateThatStopsBeingFiniteFailsTheRunNamingIt() {
    LossState.Update diverging = (current, completed, diagnostics) -> completed < 4 ? current : Double.NaN;
    Trainer trainer = new Trainer(session(new WeightedLoss(1.0, diverging, true)), TrainerTests.CONFIG,
        RandomSource.seeded(2));
    assertThatThrownBy(() -> run(trainer, TinyPlugin.data(), -1))
        .isInstanceOf(TrainingFailedException.class)
        .hasMessageContaining("loss state 'w' became NaN after iteration 4");
  }

  @Test
  void aStateWhoseVariableTheLossDidNotCreateIsADefectOfTheLoss() {
    assertThatThrownBy(() -> session(new WeightedLoss(0.0, CONTROL, false)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("state 'w' in variable 'w', which its build did not create");
  }

  @Test
  void aScheduleDependsOnTheIterationAlone() {
    LossState warmup = LossState.schedule("beta", "beta", t -> Math.min(1.0, t / 4.0));
    assertThat(warmup.initial()).isZero();
    assertThat(warmup.update().next(0.25, 3, Map.of())).isEqualTo(0.75);
    assertThat(warmup.update().next(0.0, 9, Map.of())).isEqualTo(1.0);
    assertThatThrownBy(() -> new LossState("k t", "k", 0, CONTROL)).hasMessageContaining("found 'k t'");
    assertThatThrownBy(() -> new LossState("k", "k", Double.NaN, CONTROL)).hasMessageContaining("found NaN");
  }
}
