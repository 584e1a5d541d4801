package io.genlab.engine.train;

import io.genlab.api.Check;
import io.genlab.api.Description;

/**
 * How to train: epochs, batch, binarisation, optimiser and logging cadence (the spec's
 * {@code training:} section).
 *
 * @param epochs passes over the training split
 * @param batchSize examples per step; the last incomplete batch of an epoch is dropped
 * @param binarize how [0, 1] data become binary
 * @param optimizer the optimiser of every parameter group
 * @param logEvery log training scalars every this many iterations
 * @param checkpointEvery save a checkpoint every this many epochs (the final one is always saved)
 * @param maxIterations stop after this many iterations in all (0: no limit), for smoke tests
 */
public record TrainingConfig(
    @Description("passes over the training split") int epochs,
    @Description("examples per step; the last incomplete batch of an epoch is dropped") int batchSize,
    @Description("none, threshold, fixed or dynamic (Bernoulli resampled every epoch)") Binarization binarize,
    @Description("the optimiser of every parameter group") OptimizerConfig optimizer,
    @Description("log training scalars every this many iterations") int logEvery,
    @Description("save a checkpoint every this many epochs; the last is always saved") int checkpointEvery,
    @Description("stop after this many iterations in all (0: no limit)") int maxIterations) {

  /** 10 epochs of batch 128, Adam 1e-3, no binarisation. */
  public static final TrainingConfig DEFAULTS =
      new TrainingConfig(10, 128, Binarization.NONE, OptimizerConfig.DEFAULTS, 10, 1, 0);

  public TrainingConfig {
    Check.positive("epochs", epochs);
    Check.positive("batchSize", batchSize);
    Check.notNull("binarize", binarize);
    Check.notNull("optimizer", optimizer);
    Check.positive("logEvery", logEvery);
    Check.positive("checkpointEvery", checkpointEvery);
    Check.nonNegative("maxIterations", maxIterations);
  }
}
