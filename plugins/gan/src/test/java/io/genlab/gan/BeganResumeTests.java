package io.genlab.gan;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.api.Examples;
import io.genlab.api.RandomSource;
import io.genlab.engine.exec.SameDiffExecutor;
import io.genlab.engine.train.Binarization;
import io.genlab.engine.train.ModelSession;
import io.genlab.engine.train.OptimizerConfig;
import io.genlab.engine.train.Trainer;
import io.genlab.engine.train.TrainingConfig;
import io.genlab.engine.train.TrainingListener;
import io.genlab.engine.train.TrainingState;
import io.genlab.gan.internal.BeganLoss;
import io.genlab.gan.internal.EnergyGan;
import io.genlab.tck.TinyData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BEGAN trained by the platform's trainer: k_t is logged as {@code train/k}, moves by the control rule
 * from the iteration's diagnostics, and a run resumed from a checkpoint continues it bit-identically.
 * A fast k (lambdaK 0.05, gamma 0.75) so that it leaves 0 within a few iterations.
 */
class BeganResumeTests {
  private static final TrainingConfig CONFIG = new TrainingConfig(4, 8, Binarization.NONE,
      new OptimizerConfig("adam", 1e-3, 0.5, 0.9, 1e-8), 1, 1, 0);
  private static final LossConfigs.Began BEGAN = new LossConfigs.Began(0.75, 0.05);

  private static ModelSession session() {
    EnergyGanConfig model = new EnergyGanConfig(2, List.of(8), List.of(8), 2, List.of(8),
        io.genlab.nn.Activation.RELU, io.genlab.nn.Activation.LEAKY_RELU, io.genlab.nn.Init.PYTORCH_DEFAULT);
    return ModelSession.build(new EnergyGan(model), new BeganLoss(BEGAN), TinyData.labelledBlobs().info(),
        RandomSource.seeded(1).derive("init"), SameDiffExecutor.factory(), 16);
  }

  /** The session on the executor the CLI uses by default (the planned one), not SameDiff's own. */
  private static ModelSession plannedSession() {
    EnergyGanConfig model = new EnergyGanConfig(2, List.of(8), List.of(8), 2, List.of(8),
        io.genlab.nn.Activation.RELU, io.genlab.nn.Activation.LEAKY_RELU, io.genlab.nn.Init.PYTORCH_DEFAULT);
    return ModelSession.build(new EnergyGan(model), new BeganLoss(BEGAN), TinyData.labelledBlobs().info(),
        RandomSource.seeded(1).derive("init"), io.genlab.engine.exec.EngineConfig.DEFAULTS.factory(line -> { }), 16);
  }

  @Test
  void theDefaultExecutorReadsKWhereverTheTrainerWritesIt() {
    ModelSession session = plannedSession();
    var executor = session.executor();
    Map<String, org.nd4j.linalg.api.ndarray.INDArray> feeds = Map.of(
        session.graph().dataInput(), org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][] {{1, 1}, {-1, 1}, {1, -1}}),
        "z", org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][] {{0.5f, -1}, {1, 0.2f}, {-0.3f, 0.7f}}));
    var discriminator = session.objectives().objectives().get(0);
    List<String> outputs = List.of("diag/l_real", "diag/l_fake");
    List<String> parameters = session.graph().parameterGroups().get(GanModel.DISCRIMINATOR);
    executor.parameter(BeganLoss.K_VARIABLE).assign(0f);
    String decoderOut = parameters.stream().filter(p -> p.contains("decoder/out/W")).findFirst().orElseThrow();
    // a copy: the planned executor reuses its gradient buffers from call to call
    var gradientAtZero = executor.gradients(feeds, discriminator, parameters, outputs).gradients().get(decoderOut).dup();
    double lossAtZero = executor.output(feeds, List.of(discriminator.value().name())).get(discriminator.value().name())
        .getDouble(0);
    executor.parameter(BeganLoss.K_VARIABLE).assign(0.5f);
    var atHalf = executor.gradients(feeds, discriminator, parameters, outputs);
    double lossAtHalf = executor.output(feeds, List.of(discriminator.value().name())).get(discriminator.value().name())
        .getDouble(0);
    double real = atHalf.outputs().get("diag/l_real").getDouble(0);
    double fake = atHalf.outputs().get("diag/l_fake").getDouble(0);
    assertThat(lossAtZero).isCloseTo(real, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(lossAtHalf).isCloseTo(real - 0.5 * fake, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(atHalf.gradients().get(decoderOut)).as("the fake term reaches the discriminator's gradients")
        .isNotEqualTo(gradientAtZero);
  }

  /** Per iteration: train/k, l_real, l_fake; stops after {@code stopAfter} iterations (-1: never). */
  private static List<double[]> run(Trainer trainer, Examples data, int stopAfter) {
    List<double[]> rows = new ArrayList<>();
    trainer.run(data, new TrainingListener() {
      @Override
      public void onIteration(TrainingState state, Map<String, Double> scalars) {
        rows.add(new double[] {scalars.get("train/k"), scalars.get("train/l_real"), scalars.get("train/l_fake")});
      }

      @Override
      public boolean stopRequested() {
        return stopAfter >= 0 && rows.size() >= stopAfter;
      }
    });
    return rows;
  }

  @Test
  void kFollowsTheControlRuleAndResumesBitIdentically(@TempDir Path dir) throws Exception {
    Examples data = TinyData.labelledBlobs();
    List<double[]> all = run(new Trainer(session(), CONFIG, RandomSource.seeded(2)), data, -1);
    assertThat(all).hasSize(24); // 48 points, batch 8, 4 epochs
    assertThat(all.get(0)[0]).as("k_0").isZero();
    BeganLoss rule = new BeganLoss(BEGAN);
    for (int i = 1; i < all.size(); i++) {
      double[] before = all.get(i - 1);
      // the trainer passes the diagnostics as logged (doubles of the float graph values)
      assertThat(all.get(i)[0]).as("k after iteration " + i).isEqualTo(rule.next(before[0], before[1], before[2]));
    }
    assertThat(all.stream().mapToDouble(r -> r[0]).max().orElseThrow()).as("k moved").isGreaterThan(0);

    Trainer interrupted = new Trainer(session(), CONFIG, RandomSource.seeded(2));
    List<double[]> before = run(interrupted, data, 10);
    Path checkpoint = dir.resolve("last.ckpt");
    assertThat(interrupted.lossState("k")).as("k is away from its initial value at the checkpoint").isGreaterThan(0);
    interrupted.saveCheckpoint(checkpoint);
    Trainer resumed = new Trainer(session(), CONFIG, RandomSource.seeded(2));
    resumed.restoreCheckpoint(checkpoint);
    assertThat(resumed.lossState("k")).isEqualTo(interrupted.lossState("k"));
    List<double[]> after = run(resumed, data, -1);
    List<double[]> joined = new ArrayList<>(before);
    joined.addAll(after);
    assertThat(joined).hasSameSizeAs(all);
    for (int i = 0; i < all.size(); i++) {
      assertThat(joined.get(i)).as("iteration " + i).isEqualTo(all.get(i));
    }
  }
}
