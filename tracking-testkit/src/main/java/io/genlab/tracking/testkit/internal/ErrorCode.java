package io.genlab.tracking.testkit.internal;

/**
 * MLflow's error codes (databricks.proto) with the HTTP status its server answers them with ({@code
 * mlflow.exceptions.ERROR_CODE_TO_HTTP_STATUS}).
 */
public enum ErrorCode {
  INTERNAL_ERROR(500),
  TEMPORARILY_UNAVAILABLE(503),
  REQUEST_LIMIT_EXCEEDED(429),
  ENDPOINT_NOT_FOUND(404),
  NOT_IMPLEMENTED(501),
  BAD_REQUEST(400),
  INVALID_PARAMETER_VALUE(400),
  INVALID_STATE(400),
  RESOURCE_ALREADY_EXISTS(400),
  RESOURCE_DOES_NOT_EXIST(404),
  UNAUTHENTICATED(401),
  PERMISSION_DENIED(403);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** The HTTP status MLflow's server sends with this code. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The code an injected failure with this HTTP status carries, as MLflow would name it. */
  public static ErrorCode forHttpStatus(int status) {
    return switch (status) {
      case 400 -> BAD_REQUEST;
      case 401 -> UNAUTHENTICATED;
      case 403 -> PERMISSION_DENIED;
      case 404 -> ENDPOINT_NOT_FOUND;
      case 429 -> REQUEST_LIMIT_EXCEEDED;
      case 501 -> NOT_IMPLEMENTED;
      case 503 -> TEMPORARILY_UNAVAILABLE;
      default -> INTERNAL_ERROR;
    };
  }
}
