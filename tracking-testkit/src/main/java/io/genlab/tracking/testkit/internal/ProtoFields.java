package io.genlab.tracking.testkit.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a request message's fields as protobuf's JSON parser does for MLflow's server: snake_case
 * or lowerCamelCase names, unknown fields ignored, {@code null} meaning absent, int64 as a JSON
 * number or a string of digits, doubles also as {@code "NaN"}, {@code "Infinity"}, {@code
 * "-Infinity"}, enums by name or number.
 *
 * <p>A value of the wrong JSON type is refused with INVALID_PARAMETER_VALUE naming the field's path
 * (e.g. {@code metrics[3].timestamp}), where MLflow's server also refuses it (its proto parse
 * fails, then its schema check) or, for a few corner cases, would coerce it; the fake refuses so a
 * client bug shows.
 */
final class ProtoFields {
  private static final Pattern INTEGER = Pattern.compile("-?\\d+");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private final JsonObject object;
  private final String prefix;

  private ProtoFields(JsonObject object, String prefix) {
    this.object = object;
    this.prefix = prefix;
  }

  static ProtoFields of(JsonObject object) {
    return new ProtoFields(object, "");
  }

  /**
   * A GET request's query parameters as a message: repeated names (or {@code name[]}) are lists.
   */
  static ProtoFields ofQuery(Map<String, List<String>> query) {
    JsonObject object = new JsonObject();
    query.forEach(
        (rawName, values) -> {
          String name = rawName.replaceFirst("\\[\\d*]$", "");
          if (values.size() == 1 && name.equals(rawName)) {
            object.addProperty(name, values.get(0));
          } else {
            JsonArray array =
                object.has(name) && object.get(name).isJsonArray()
                    ? object.getAsJsonArray(name)
                    : new JsonArray();
            values.forEach(array::add);
            object.add(name, array);
          }
        });
    return of(object);
  }

  String path(String name) {
    return prefix + name;
  }

  private JsonElement raw(String name) {
    JsonElement value = object.get(name);
    if (value == null) {
      value = object.get(camelCase(name));
    }
    return value == null || value.isJsonNull() ? null : value;
  }

  boolean has(String name) {
    return raw(name) != null;
  }

  /** The string value, or {@code null} when absent. */
  String string(String name) {
    JsonElement value = raw(name);
    if (value == null) {
      return null;
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw MlflowError.invalidValue(path(name), value, "expected a string");
    }
    return value.getAsString();
  }

  /** The string value; absent or empty is MLflow's "Missing value for required parameter". */
  String requiredString(String name) {
    String value = string(name);
    if (value == null || value.isEmpty()) {
      throw MlflowError.missing(path(name));
    }
    return value;
  }

  /** The string value, or {@code ""} when absent (protobuf's default). */
  String stringOrEmpty(String name) {
    String value = string(name);
    return value == null ? "" : value;
  }

  /** An int64 field, or {@code null} when absent. */
  Long int64(String name) {
    JsonElement value = raw(name);
    if (value == null) {
      return null;
    }
    BigDecimal number = integral(name, value);
    try {
      return number.longValueExact();
    } catch (ArithmeticException e) {
      throw MlflowError.invalidValue(path(name), value, "out of the range of a 64-bit integer");
    }
  }

  long requiredInt64(String name) {
    Long value = int64(name);
    if (value == null) {
      throw MlflowError.missing(path(name));
    }
    return value;
  }

  /** An int32 field, or {@code null} when absent. */
  Integer int32(String name) {
    JsonElement value = raw(name);
    if (value == null) {
      return null;
    }
    BigDecimal number = integral(name, value);
    try {
      return number.intValueExact();
    } catch (ArithmeticException e) {
      throw MlflowError.invalidValue(path(name), value, "out of the range of a 32-bit integer");
    }
  }

  private BigDecimal integral(String name, JsonElement value) {
    if (value.isJsonPrimitive()) {
      JsonPrimitive primitive = value.getAsJsonPrimitive();
      if (primitive.isNumber()) {
        BigDecimal number = new BigDecimal(primitive.getAsString());
        if (number.stripTrailingZeros().scale() <= 0) {
          return number;
        }
      } else if (primitive.isString() && INTEGER.matcher(primitive.getAsString()).matches()) {
        return new BigDecimal(primitive.getAsString());
      }
    }
    throw MlflowError.invalidValue(path(name), value, "expected an integer");
  }

  /** A double field, or {@code null} when absent. */
  Double dbl(String name) {
    JsonElement value = raw(name);
    if (value == null) {
      return null;
    }
    if (value.isJsonPrimitive()) {
      JsonPrimitive primitive = value.getAsJsonPrimitive();
      if (primitive.isNumber()) {
        return primitive.getAsDouble();
      }
      if (primitive.isString()) {
        String text = primitive.getAsString();
        switch (text) {
          case "NaN":
            return Double.NaN;
          case "Infinity":
            return Double.POSITIVE_INFINITY;
          case "-Infinity":
            return Double.NEGATIVE_INFINITY;
          default:
            if (DECIMAL.matcher(text).matches()) {
              return Double.parseDouble(text);
            }
        }
      }
    }
    throw MlflowError.invalidValue(
        path(name), value, "Please specify value as a valid double (64-bit floating point)");
  }

  /**
   * An enum field's name, or {@code null} when absent; {@code names[i]} has number {@code i + 1}
   * (MLflow's enums start at 1).
   */
  String enumName(String name, List<String> names) {
    JsonElement value = raw(name);
    if (value == null) {
      return null;
    }
    if (value.isJsonPrimitive()) {
      JsonPrimitive primitive = value.getAsJsonPrimitive();
      if (primitive.isString() && names.contains(primitive.getAsString())) {
        return primitive.getAsString();
      }
      if (primitive.isNumber()
          || primitive.isString() && INTEGER.matcher(primitive.getAsString()).matches()) {
        BigDecimal number = new BigDecimal(primitive.getAsString());
        if (number.compareTo(BigDecimal.ONE) >= 0
            && number.compareTo(BigDecimal.valueOf(names.size())) <= 0
            && number.stripTrailingZeros().scale() <= 0) {
          return names.get(number.intValue() - 1);
        }
      }
    }
    throw MlflowError.invalidValue(path(name), value, "expected one of " + names);
  }

  /** A repeated string field; a single string counts as a list of one, absent as empty. */
  List<String> strings(String name) {
    JsonElement value = raw(name);
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
      out.add(value.getAsString());
      return out;
    }
    if (!value.isJsonArray()) {
      throw MlflowError.invalidValue(path(name), value, "expected an array of strings");
    }
    for (JsonElement item : value.getAsJsonArray()) {
      if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
        throw MlflowError.invalidValue(path(name), value, "expected an array of strings");
      }
      out.add(item.getAsString());
    }
    return out;
  }

  /** A repeated message field, each element reading with its own path ({@code name[i].}). */
  List<ProtoFields> messages(String name) {
    JsonElement value = raw(name);
    List<ProtoFields> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!value.isJsonArray()) {
      throw MlflowError.invalidValue(path(name), value, "expected an array");
    }
    JsonArray array = value.getAsJsonArray();
    for (int i = 0; i < array.size(); i++) {
      JsonElement item = array.get(i);
      String itemPath = path(name) + "[" + i + "]";
      if (!item.isJsonObject()) {
        throw MlflowError.invalidValue(itemPath, item, "expected an object");
      }
      out.add(new ProtoFields(item.getAsJsonObject(), itemPath + "."));
    }
    return out;
  }

  /** A message field, or {@code null} when absent. */
  ProtoFields message(String name) {
    JsonElement value = raw(name);
    if (value == null) {
      return null;
    }
    if (!value.isJsonObject()) {
      throw MlflowError.invalidValue(path(name), value, "expected an object");
    }
    return new ProtoFields(value.getAsJsonObject(), path(name) + ".");
  }

  private static String camelCase(String snake) {
    StringBuilder out = new StringBuilder(snake.length());
    boolean upper = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }
}
