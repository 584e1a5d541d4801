package io.genlab.tracking.testkit.internal;

/**
 * An error the fake answers as MLflow's server does: HTTP status of the code, body {@code
 * {"error_code": ..., "message": ...}}.
 */
public final class MlflowError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  public MlflowError(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  static MlflowError invalid(String message) {
    return new MlflowError(ErrorCode.INVALID_PARAMETER_VALUE, message);
  }

  static MlflowError missing(String path) {
    return invalid("Missing value for required parameter '" + path + "'.");
  }

  /** MLflow's {@code invalid_value(path, value, message)}. */
  static MlflowError invalidValue(String path, Object value, String why) {
    String shown = value instanceof String s ? Json.quote(s) : String.valueOf(value);
    String text = "Invalid value " + shown + " for parameter '" + path + "' supplied";
    return invalid(why == null ? text + "." : text + ": " + why);
  }

  static MlflowError notFound(String message) {
    return new MlflowError(ErrorCode.RESOURCE_DOES_NOT_EXIST, message);
  }
}
