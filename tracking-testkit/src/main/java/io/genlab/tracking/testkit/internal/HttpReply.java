package io.genlab.tracking.testkit.internal;

import com.google.gson.JsonElement;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP answer: status, headers ({@code Content-Type} included) and body.
 *
 * @param status the HTTP status
 * @param headers header values by name
 * @param body the body bytes
 */
public record HttpReply(int status, Map<String, String> headers, byte[] body) {
  static HttpReply json(JsonElement body) {
    return new HttpReply(200, contentType("application/json"), Json.bytes(body));
  }

  static HttpReply error(MlflowError error) {
    return error(error.code(), error.getMessage());
  }

  static HttpReply error(ErrorCode code, String message) {
    return new HttpReply(
        code.httpStatus(), contentType("application/json"), Json.error(code, message));
  }

  static HttpReply text(int status, String text) {
    return new HttpReply(
        status, contentType("text/plain; charset=utf-8"), text.getBytes(StandardCharsets.UTF_8));
  }

  /** Flask's answer for a path no route matches. */
  static HttpReply notFound() {
    return new HttpReply(
        404,
        contentType("text/html; charset=utf-8"),
        ("<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The"
                + " requested URL was not found on the server.</p>\n")
            .getBytes(StandardCharsets.UTF_8));
  }

  /** Flask's answer for a route that does not take the method. */
  static HttpReply methodNotAllowed(String allowed) {
    Map<String, String> headers = contentType("text/html; charset=utf-8");
    headers.put("Allow", allowed);
    return new HttpReply(
        405,
        headers,
        ("<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not"
                + " Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n")
            .getBytes(StandardCharsets.UTF_8));
  }

  HttpReply withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new HttpReply(status, copy, body);
  }

  static Map<String, String> contentType(String value) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", value);
    return headers;
  }
}
