/**
 * Hyper-parameter sweeps: the {@code sweep:} section of a spec ({@link io.genlab.runner.sweep.SweepDefinition}),
 * its expansion into trials ({@link io.genlab.runner.sweep.TrialPlan}) and early stopping by asynchronous
 * successive halving ({@link io.genlab.runner.sweep.Asha}). Every type here is immutable and thread-safe.
 */
package io.genlab.runner.sweep;
