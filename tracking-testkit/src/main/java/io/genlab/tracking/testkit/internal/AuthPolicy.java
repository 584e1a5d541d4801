package io.genlab.tracking.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Which credentials the fake demands, if any: HTTP Basic as MLflow's {@code basic-auth} app checks
 * them, or a bearer token as a proxy in front of a server would.
 *
 * <p>No {@code Authorization} header, or one of the other scheme, answers 401 with a {@code
 * WWW-Authenticate} header; wrong credentials answer 403 "Permission denied". (MLflow's basic-auth
 * app answers 401 for a wrong password too; 403 tells the two cases apart in tests.) Thread-safe.
 */
public final class AuthPolicy {
  private volatile String scheme;
  private volatile String expected;

  public void requireBasic(String user, String password) {
    String pair = user + ":" + password;
    expected = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    scheme = "Basic";
  }

  public void requireBearer(String token) {
    expected = "Bearer " + token;
    scheme = "Bearer";
  }

  public void allowAnonymous() {
    scheme = null;
    expected = null;
  }

  /** The refusal for this request, or {@code null} when it may pass. */
  HttpReply check(HttpCall call) {
    String wantedScheme = scheme;
    String wanted = expected;
    if (wantedScheme == null) {
      return null;
    }
    String given = call.header("Authorization");
    if (given == null
        || !given.regionMatches(true, 0, wantedScheme + " ", 0, wantedScheme.length() + 1)) {
      return HttpReply.text(
              401,
              "You are not authenticated. Please see"
                  + " https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow"
                  + " on how to authenticate.")
          .withHeader(
              "WWW-Authenticate",
              wantedScheme.equals("Basic") ? "Basic realm=\"mlflow\"" : "Bearer");
    }
    if (!given
        .substring(wantedScheme.length() + 1)
        .trim()
        .equals(wanted.substring(wantedScheme.length() + 1))) {
      return HttpReply.text(403, "Permission denied");
    }
    return null;
  }
}
