package io.genlab.tracking.testkit.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/** JSON text in and out, as MLflow's server writes it (no HTML escaping, snake_case names). */
final class Json {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
  private static final TypeAdapter<JsonElement> ELEMENTS = GSON.getAdapter(JsonElement.class);

  private Json() {}

  static String quote(String text) {
    return GSON.toJson(text);
  }

  static byte[] bytes(JsonElement element) {
    return GSON.toJson(element).getBytes(StandardCharsets.UTF_8);
  }

  /** An error body: {@code {"error_code": ..., "message": ...}}. */
  static byte[] error(ErrorCode code, String message) {
    JsonObject body = new JsonObject();
    body.addProperty("error_code", code.name());
    body.addProperty("message", message);
    return bytes(body);
  }

  /**
   * Parses a request body that must be one JSON object.
   *
   * @throws MlflowError INVALID_PARAMETER_VALUE when it is not
   */
  static JsonObject parseObject(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return new JsonObject();
    }
    JsonElement parsed;
    // Strict: a bare NaN or a single-quoted string is not JSON, and MLflow's parser refuses them.
    try (JsonReader reader = new JsonReader(new StringReader(text))) {
      reader.setStrictness(Strictness.STRICT);
      parsed = ELEMENTS.read(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw MlflowError.invalid("Malformed JSON in the request body: text after the value");
      }
    } catch (IOException | JsonParseException | IllegalStateException e) {
      throw MlflowError.invalid("Malformed JSON in the request body: " + e.getMessage());
    }
    if (!parsed.isJsonObject()) {
      throw MlflowError.invalid("The request body must be a JSON object, got: " + shorten(text));
    }
    return parsed.getAsJsonObject();
  }

  private static String shorten(String text) {
    return text.length() <= 100 ? text : text.substring(0, 100) + "...";
  }
}
