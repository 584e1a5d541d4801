package io.genlab.engine.exec.internal;

/** A step computed by a Java kernel (or direct BLAS calls) that a {@link Rewrite} put in place of an op. */
final class KernelStep implements PlanStep {
  private final String description;
  private final Runnable kernel;

  KernelStep(String description, Runnable kernel) {
    this.description = description;
    this.kernel = kernel;
  }

  @Override
  public void run() {
    kernel.run();
  }

  @Override
  public String describe() {
    return description;
  }
}
