package io.genlab.engine.exec;

import io.genlab.api.Check;
import io.genlab.api.Description;
import java.util.function.Consumer;

/**
 * How a run executes its graphs: the spec's {@code engine} section.
 *
 * @param executor {@code planned} (compiled plans; the default) or {@code samediff} (SameDiff's own
 *     interpreter, the reference the planned executor is tested against)
 * @param rewrites whether planned execution replaces hot op patterns with fused kernels (matmul with its
 *     bias, losses and their gradients, bias gradients, normalisation); {@code false} runs the ops as
 *     SameDiff defines them, bit-identical to {@code samediff}
 */
public record EngineConfig(
    @Description("planned (compiled plans, the default) or samediff (SameDiff's interpreter, the reference)") Executor executor,
    @Description("planned only: fused kernels for hot op patterns; false = SameDiff's ops, bit-identical to samediff") boolean rewrites) {

  /** Planned execution with rewrites. */
  public static final EngineConfig DEFAULTS = new EngineConfig(Executor.PLANNED, true);

  /** The two executors. */
  public enum Executor {
    /** SameDiff's interpreter: shape inference and allocation at every op of every step. */
    SAMEDIFF,
    /** Plans compiled once per graph and input shape, arrays preallocated, hot patterns fused. */
    PLANNED
  }

  public EngineConfig {
    Check.notNull("executor", executor);
  }

  /**
   * The factory of this configuration's executors, on one thread.
   *
   * @param notices receives one line for each graph the planned executor hands to SameDiff
   */
  public GraphExecutor.Factory factory(Consumer<String> notices) {
    return factory(1, notices);
  }

  /**
   * The factory of this configuration's executors, whose Java kernels use {@code threads} threads.
   *
   * @param notices receives one line for each graph the planned executor hands to SameDiff
   */
  public GraphExecutor.Factory factory(int threads, Consumer<String> notices) {
    return executor == Executor.SAMEDIFF ? SameDiffExecutor.factory()
        : PlannedExecutor.factory(rewrites, threads, notices);
  }
}
