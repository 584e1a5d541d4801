package io.genlab.tracking.testkit.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** MLflow's page tokens: base64 of {@code {"offset": N}}. Clients must treat them as opaque. */
final class PageTokens {
  private PageTokens() {}

  static String forOffset(int offset) {
    String json = "{\"offset\": " + offset + "}";
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The offset a token names; 0 for a null or empty token. */
  static int offset(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw MlflowError.invalid("Invalid page token, could not base64-decode");
    }
    try {
      JsonElement parsed = JsonParser.parseString(decoded);
      int offset = parsed.getAsJsonObject().get("offset").getAsInt();
      if (offset <= 0) {
        throw new IllegalStateException("not positive");
      }
      return offset;
    } catch (RuntimeException e) {
      throw MlflowError.invalid("Invalid page token, decoded value=" + decoded);
    }
  }
}
