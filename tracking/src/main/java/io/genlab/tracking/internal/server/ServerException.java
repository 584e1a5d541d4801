package io.genlab.tracking.internal.server;

import java.io.IOException;

/**
 * A request the tracking server did not carry out: either for now (unreachable, timed out, 429, 5xx: worth
 * retrying, the run goes on spooled) or for good (any other 4xx: the message names what was refused).
 *
 * <p>An {@link IOException}, so that the command line reports it as a problem with the store (exit 2),
 * not as a defect in genlab. Messages never hold credentials.
 */
final class ServerException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final boolean transientFailure;

  ServerException(String message, int status, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.transientFailure = transientFailure;
  }

  /** The HTTP status the server answered with, or 0 when it did not answer. */
  int status() {
    return status;
  }

  /** Whether the same request may succeed later: no answer, a timeout, 408, 429 or 5xx. */
  boolean isTransient() {
    return transientFailure;
  }

  /** Whether the server refused the credentials (401) or the user's rights (403). */
  boolean isAuthentication() {
    return status == 401 || status == 403;
  }
}
