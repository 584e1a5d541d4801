package io.genlab.engine.exec.internal;

/**
 * A graph the planner cannot compile (control flow, an op whose output shape depends on values, an op
 * it does not know); the executor then runs that graph through SameDiff.
 */
public final class UnsupportedGraphException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code message} names the op and why. */
  public UnsupportedGraphException(String message) {
    super(message);
  }
}
