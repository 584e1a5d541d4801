package io.genlab.tracking;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The lifecycle state of a tracked run, with MLflow's integer codes.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum RunStatus {
  /** The run is in progress. */
  RUNNING(1),
  /** The run is queued and has not started. */
  SCHEDULED(2),
  /** The run completed. */
  FINISHED(3),
  /** The run stopped on an error. */
  FAILED(4),
  /** The run was stopped from outside (interrupt, signal, user). */
  KILLED(5);

  private final int code;

  RunStatus(int code) {
    this.code = code;
  }

  /** MLflow's integer code, as stored in a run's {@code meta.yaml}. */
  public int code() {
    return code;
  }

  /** Whether the run has ended: {@link #FINISHED}, {@link #FAILED} or {@link #KILLED}. */
  public boolean isTerminal() {
    return this == FINISHED || this == FAILED || this == KILLED;
  }

  /**
   * The status with MLflow's integer {@code code}.
   *
   * @throws IllegalArgumentException if {@code code} is not 1 to 5
   */
  public static RunStatus fromCode(int code) {
    for (RunStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown MLflow run status code " + code + ": must be 1 to 5");
  }
}
