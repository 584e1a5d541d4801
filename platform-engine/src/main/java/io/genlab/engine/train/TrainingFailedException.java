package io.genlab.engine.train;

/** Training cannot go on (a loss became NaN or infinite); the message names the step and the reason. */
public class TrainingFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient TrainingState state;

  /** Creates the exception for training stopped at {@code state}. */
  public TrainingFailedException(TrainingState state, String message) {
    super(message);
    this.state = state;
  }

  /** Where training stood when it failed. */
  public TrainingState state() {
    return state;
  }
}
