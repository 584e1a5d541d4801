package io.genlab.engine;

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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The trainer: losses fall, stop requests end training, checkpoints resume bit-identically. */
class TrainerTests {
  static final TrainingConfig CONFIG = new TrainingConfig(6, 8, Binarization.NONE,
      new OptimizerConfig("adam", 1e-2, 0.9, 0.999, 1e-8), 1, 1, 0);

  static ModelSession session() {
    return ModelSession.build(new TinyPlugin.TinyModel(TinyPlugin.TinyConfig.DEFAULTS), new TinyPlugin.TinyLoss(),
        TinyPlugin.data().info(), RandomSource.seeded(1).derive("init"), SameDiffExecutor.factory(), 16);
  }

  private static List<Double> run(Trainer trainer, Examples data, int stopAfter) {
    return run(trainer, data, stopAfter, new ArrayList<>());
  }

  private static List<Double> run(Trainer trainer, Examples data, int stopAfter, List<Double> epochMeans) {
    List<Double> losses = new ArrayList<>();
    trainer.run(data, new TrainingListener() {
      @Override
      public void onIteration(TrainingState state, Map<String, Double> scalars) {
        losses.add(scalars.get("loss/mse"));
      }

      @Override
      public void onEpochEnd(TrainingState state, Map<String, Double> means) {
        epochMeans.add(means.get("loss/mse"));
      }

      @Override
      public boolean stopRequested() {
        return stopAfter >= 0 && losses.size() >= stopAfter;
      }
    });
    return losses;
  }

  @Test
  void lossFallsOverTraining() {
    List<Double> losses = run(new Trainer(session(), CONFIG, RandomSource.seeded(2)), TinyPlugin.data(), -1);
    assertThat(losses).hasSize(30);
    assertThat(losses.subList(25, 30).stream().mapToDouble(d -> d).average().orElseThrow())
        .isLessThan(losses.subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow());
  }

  @Test
  void aResumedRunEndsBitIdenticalToAnUninterruptedOne(@TempDir Path dir) throws Exception {
    Examples data = TinyPlugin.data();
    ModelSession straight = session();
    List<Double> allMeans = new ArrayList<>();
    List<Double> all = run(new Trainer(straight, CONFIG, RandomSource.seeded(2)), data, -1, allMeans);

    ModelSession first = session();
    Trainer interrupted = new Trainer(first, CONFIG, RandomSource.seeded(2));
    List<Double> means = new ArrayList<>();
    List<Double> before = run(interrupted, data, 13, means); // stops mid-epoch (5 batches per epoch)
    assertThat(interrupted.stopped()).isTrue();
    Path checkpoint = dir.resolve("last.ckpt");
    interrupted.saveCheckpoint(checkpoint);

    ModelSession second = session();
    Trainer resumed = new Trainer(second, CONFIG, RandomSource.seeded(2));
    resumed.restoreCheckpoint(checkpoint);
    assertThat(resumed.state().iteration()).isEqualTo(13);
    List<Double> after = run(resumed, data, -1, means);

    List<Double> joined = new ArrayList<>(before);
    joined.addAll(after);
    assertThat(joined).isEqualTo(all);
    // The epoch cut by the stop averages over all its batches, those before the stop included.
    assertThat(means).hasSize(6).isEqualTo(allMeans);
    for (String p : List.of("w1", "w2")) {
      INDArray a = straight.executor().parameter(p);
      assertThat(second.executor().parameter(p)).as(p).isEqualTo(a);
    }
  }

  @Test
  void aLearningRateScheduleScalesEveryUpdateLogsTheRateAndResumesOnTheSameCurve(@TempDir Path dir) throws Exception {
    TrainingConfig cosine = new TrainingConfig(6, 8, Binarization.NONE,
        new OptimizerConfig("adam", 1e-2, 0.9, 0.999, 1e-8), 1, 1, 0, Map.of(), 0,
        new io.genlab.engine.train.LearningRateSchedule("cosine", 5, 1000, 0.1, 0.0));
    Examples data = TinyPlugin.data();
    List<Map<String, Double>> all = scalars(new Trainer(session(), cosine, RandomSource.seeded(2)), data, -1);
    List<Double> rates = all.stream().map(s -> s.get("lr/model")).toList();
    assertThat(rates).hasSize(30);
    assertThat(rates.subList(0, 5)).containsExactly(2e-3, 4e-3, 6e-3, 8e-3, 1e-2);
    assertThat(rates.get(29)).isCloseTo(1e-2 * 0.5 * (1 + Math.cos(Math.PI * 24 / 25)), org.assertj.core.data.Offset.offset(1e-15));
    // A smaller rate is a different run: the schedule reaches the optimiser.
    List<Double> constant = run(new Trainer(session(), CONFIG, RandomSource.seeded(2)), data, -1);
    assertThat(all.get(1).get("loss/mse")).isNotEqualTo(constant.get(1));

    Trainer interrupted = new Trainer(session(), cosine, RandomSource.seeded(2));
    List<Map<String, Double>> joined = scalars(interrupted, data, 13);
    interrupted.saveCheckpoint(dir.resolve("c.ckpt"));
    Trainer resumed = new Trainer(session(), cosine, RandomSource.seeded(2));
    resumed.restoreCheckpoint(dir.resolve("c.ckpt"));
    joined.addAll(scalars(resumed, data, -1));
    assertThat(joined).isEqualTo(all);
  }

  @Test
  void aConstantRateLogsNoRate() {
    List<Map<String, Double>> all = scalars(new Trainer(session(), CONFIG, RandomSource.seeded(2)), TinyPlugin.data(), 2);
    assertThat(all.get(0)).doesNotContainKey("lr/model");
  }

  private static List<Map<String, Double>> scalars(Trainer trainer, Examples data, int stopAfter) {
    List<Map<String, Double>> out = new ArrayList<>();
    trainer.run(data, new TrainingListener() {
      @Override
      public void onIteration(TrainingState state, Map<String, Double> scalars) {
        out.add(new java.util.LinkedHashMap<>(scalars));
      }

      @Override
      public boolean stopRequested() {
        return stopAfter >= 0 && out.size() >= stopAfter;
      }
    });
    return out;
  }

  private static ModelSession session(io.genlab.engine.exec.GraphExecutor.Factory executors) {
    return ModelSession.build(new TinyPlugin.TinyModel(TinyPlugin.TinyConfig.DEFAULTS), new TinyPlugin.TinyLoss(),
        TinyPlugin.data().info(), RandomSource.seeded(1).derive("init"), executors, 16);
  }

  @Test
  void aCheckpointDoesNotDependOnTheExecutorThatWroteIt(@TempDir Path dir) throws Exception {
    Examples data = TinyPlugin.data();
    var unrewritten = io.genlab.engine.exec.PlannedExecutor.factory(false, line -> { });
    List<Double> all = run(new Trainer(session(unrewritten), CONFIG, RandomSource.seeded(2)), data, -1);

    // Half the run on SameDiff, the rest planned: the same as planned throughout, bit for bit.
    Trainer first = new Trainer(session(SameDiffExecutor.factory()), CONFIG, RandomSource.seeded(2));
    List<Double> before = run(first, data, 13);
    Path written = dir.resolve("samediff.ckpt");
    first.saveCheckpoint(written);
    Trainer second = new Trainer(session(unrewritten), CONFIG, RandomSource.seeded(2));
    second.restoreCheckpoint(written);
    List<Double> joined = new ArrayList<>(before);
    joined.addAll(run(second, data, -1));
    assertThat(joined).isEqualTo(all);

    // And the other way round, into the default planned executor with its rewrites: it trains on.
    Trainer planned = new Trainer(session(io.genlab.engine.exec.EngineConfig.DEFAULTS.factory(line -> { })), CONFIG,
        RandomSource.seeded(2));
    List<Double> plannedBefore = run(planned, data, 13);
    Path plannedCheckpoint = dir.resolve("planned.ckpt");
    planned.saveCheckpoint(plannedCheckpoint);
    Trainer onSameDiff = new Trainer(session(SameDiffExecutor.factory()), CONFIG, RandomSource.seeded(2));
    onSameDiff.restoreCheckpoint(plannedCheckpoint);
    List<Double> after = run(onSameDiff, data, -1);
    assertThat(after).hasSize(17).allSatisfy(v -> assertThat(v).isFinite());
    assertThat(plannedBefore.get(12)).isCloseTo(all.get(12), org.assertj.core.data.Offset.offset(1e-3));
  }

  /** Records each data-dependent initialisation: the batch it saw, and sets w2 to that batch's mean. */
  private static final class DataInitialisedModel implements io.genlab.api.Model {
    private final io.genlab.api.Model tiny = new TinyPlugin.TinyModel(TinyPlugin.TinyConfig.DEFAULTS);
    final List<INDArray> batchesSeen = new ArrayList<>();

    @Override
    public io.genlab.api.ModelGraph build(BuildContext context) {
      return tiny.build(context);
    }

    @Override
    public void initializeFromData(DataInitContext context) {
      INDArray x = context.feeds().get("x");
      batchesSeen.add(x.dup());
      context.parameter("w2").assign(x.meanNumber());
      assertThat(context.model().run(context.feeds(), List.of(context.model().graph().output("out").name()))
          .get(context.model().graph().output("out").name()).getDouble(0))
          .as("the model runs on the init feeds with the values just set").isFinite();
    }
  }

  private static ModelSession session(io.genlab.api.Model model) {
    return ModelSession.build(model, new TinyPlugin.TinyLoss(), TinyPlugin.data().info(),
        RandomSource.seeded(1).derive("init"), SameDiffExecutor.factory(), 16);
  }

  @Test
  void dataDependentInitialisationRunsOnceOnTheFirstBatchBeforeTheFirstStepAndNotOnResume(@TempDir Path dir)
      throws Exception {
    Examples data = TinyPlugin.data();
    DataInitialisedModel model = new DataInitialisedModel();
    ModelSession session = session(model);
    Trainer trainer = new Trainer(session, CONFIG, RandomSource.seeded(2));
    List<INDArray> w2AfterFirstStep = new ArrayList<>();
    trainer.run(data, new TrainingListener() {
      @Override
      public void onIteration(TrainingState state, Map<String, Double> scalars) {
        w2AfterFirstStep.add(session.executor().parameter("w2").dup());
      }

      @Override
      public boolean stopRequested() {
        return w2AfterFirstStep.size() >= 4;
      }
    });
    assertThat(model.batchesSeen).hasSize(1);
    int[] firstBatch = java.util.Arrays.copyOf(RandomSource.seeded(2).derive("shuffle").derive(0).permutation(40), 8);
    assertThat(model.batchesSeen.get(0)).isEqualTo(data.batch(firstBatch));
    // One Adam step with learning rate 1e-2 moves w2 at most ~1e-2 from the value the initialisation set.
    double mean = data.batch(firstBatch).meanNumber().doubleValue();
    assertThat(w2AfterFirstStep.get(0).sub(mean).amaxNumber().doubleValue()).isLessThan(0.011);
    Path checkpoint = dir.resolve("last.ckpt");
    trainer.saveCheckpoint(checkpoint);

    DataInitialisedModel resumedModel = new DataInitialisedModel();
    Trainer resumed = new Trainer(session(resumedModel), CONFIG, RandomSource.seeded(2));
    resumed.restoreCheckpoint(checkpoint);
    run(resumed, data, -1);
    assertThat(resumedModel.batchesSeen).as("a resumed run keeps the checkpoint's values").isEmpty();
  }
}
