/**
 * Hyper-parameter sweeps: the {@code sweep:} section of a spec ({@link io.genlab.runner.sweep.SweepDefinition}),
 * its expansion into trials ({@link io.genlab.runner.sweep.TrialPlan}) with every trial's spec resolved
 * ({@link io.genlab.runner.sweep.SweepPlan}), the parent and child runs and their parallel trial processes
 * ({@link io.genlab.runner.sweep.SweepRunner}), and early stopping by asynchronous successive halving
 * ({@link io.genlab.runner.sweep.Asha}, applied inside each trial by {@link io.genlab.runner.sweep.AshaStopping}).
 * The definitions and plans are immutable and thread-safe; the runners say otherwise where they are not.
 */
package io.genlab.runner.sweep;
