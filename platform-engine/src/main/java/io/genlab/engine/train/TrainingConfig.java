package io.genlab.engine.train;

import io.genlab.api.Check;
import io.genlab.api.Description;
import java.util.Map;

/**
 * How to train: epochs, batch, binarisation, optimiser and logging cadence (the spec's
 * {@code training:} section).
 *
 * @param epochs passes over the training split
 * @param batchSize examples per step; the last incomplete batch of an epoch is dropped
 * @param binarize how [0, 1] data become binary
 * @param optimizer the optimiser of every parameter group not named in {@code optimizers}
 * @param logEvery log training scalars every this many iterations
 * @param checkpointEvery save a checkpoint every this many epochs (the final one is always saved)
 * @param maxIterations stop after this many iterations in all (0: no limit), for smoke tests
 * @param optimizers optimisers of named parameter groups (a GAN's {@code generator} and
 *     {@code discriminator}); unset fields take the optimiser defaults
 * @param evaluateEvery evaluate metrics and samplers every this many epochs as well as at the end (0:
 *     only at the end)
 * @param schedule how the learning rate of every group changes over training (constant by default)
 */
public record TrainingConfig(
    @Description("passes over the training split") int epochs,
    @Description("examples per step; the last incomplete batch of an epoch is dropped") int batchSize,
    @Description("none, threshold, fixed or dynamic (Bernoulli resampled every epoch)") Binarization binarize,
    @Description("the optimiser of every parameter group") OptimizerConfig optimizer,
    @Description("log training scalars every this many iterations") int logEvery,
    @Description("save a checkpoint every this many epochs; the last is always saved") int checkpointEvery,
    @Description("stop after this many iterations in all (0: no limit)") int maxIterations,
    @Description("optimisers of named parameter groups (e.g. generator, discriminator); others use optimizer")
        Map<String, OptimizerConfig> optimizers,
    @Description("evaluate metrics and samplers every this many epochs too (0: only at the end)") int evaluateEvery,
    @Description("learning-rate schedule of every group: constant, cosine or step, with optional warm-up")
        LearningRateSchedule schedule) {

  /** 10 epochs of batch 128, Adam 1e-3, no binarisation. */
  public static final TrainingConfig DEFAULTS =
      new TrainingConfig(10, 128, Binarization.NONE, OptimizerConfig.DEFAULTS, 10, 1, 0, Map.of(), 0, LearningRateSchedule.DEFAULTS);

  public TrainingConfig {
    Check.positive("epochs", epochs);
    Check.positive("batchSize", batchSize);
    Check.notNull("binarize", binarize);
    Check.notNull("optimizer", optimizer);
    Check.positive("logEvery", logEvery);
    Check.positive("checkpointEvery", checkpointEvery);
    Check.nonNegative("maxIterations", maxIterations);
    Check.notNull("optimizers", optimizers);
    optimizers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(optimizers));
    Check.nonNegative("evaluateEvery", evaluateEvery);
    Check.notNull("schedule", schedule);
  }

  /** A config with one optimiser for every group, evaluated at the end only. */
  public TrainingConfig(int epochs, int batchSize, Binarization binarize, OptimizerConfig optimizer, int logEvery,
      int checkpointEvery, int maxIterations) {
    this(epochs, batchSize, binarize, optimizer, logEvery, checkpointEvery, maxIterations, Map.of(), 0,
        LearningRateSchedule.DEFAULTS);
  }

  /** A config with a constant learning rate. */
  public TrainingConfig(int epochs, int batchSize, Binarization binarize, OptimizerConfig optimizer, int logEvery,
      int checkpointEvery, int maxIterations, Map<String, OptimizerConfig> optimizers, int evaluateEvery) {
    this(epochs, batchSize, binarize, optimizer, logEvery, checkpointEvery, maxIterations, optimizers, evaluateEvery,
        LearningRateSchedule.DEFAULTS);
  }

  /** The optimiser of parameter group {@code group}. */
  public OptimizerConfig optimizerOf(String group) {
    return optimizers.getOrDefault(group, optimizer);
  }
}
