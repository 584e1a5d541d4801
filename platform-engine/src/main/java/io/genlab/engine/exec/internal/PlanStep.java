package io.genlab.engine.exec.internal;

/**
 * One executable step of a {@link Plan}: an op whose inputs, outputs and arguments were all bound when
 * the plan was compiled, so running it allocates nothing and looks nothing up. Not thread-safe.
 */
public interface PlanStep {

  /** Runs the step on the arrays it was bound to. */
  void run();

  /** What the step computes, for profiles and error messages (an op type and its graph name). */
  String describe();
}
