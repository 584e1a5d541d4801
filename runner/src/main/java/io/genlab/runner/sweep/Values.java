package io.genlab.runner.sweep;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** Helpers for the plain YAML values a sweep holds: freezing, copying and printing them. Stateless. */
final class Values {
  private static final MathContext SHORT = new MathContext(6);

  private Values() {}

  /** A deep, unmodifiable copy of a YAML value (maps keep their order; {@code null}s are allowed). */
  static Object freeze(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), freeze(v)));
      return Collections.unmodifiableMap(out);
    }
    if (value instanceof List<?> l) {
      return freezeList(l);
    }
    return value;
  }

  /** A deep, unmodifiable copy of a list. */
  static List<Object> freezeList(List<?> list) {
    List<Object> out = new ArrayList<>(list.size());
    list.forEach(v -> out.add(freeze(v)));
    return Collections.unmodifiableList(out);
  }

  /** A deep, unmodifiable, order-keeping copy of a map whose values are frozen with {@code each}. */
  static <V> Map<String, V> freezeMap(Map<String, ? extends V> map, UnaryOperator<V> each) {
    Map<String, V> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, each.apply(v)));
    return Collections.unmodifiableMap(out);
  }

  /** A deep, mutable copy of a YAML value, for handing to YAML writers and callers that edit. */
  static Object plain(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(v -> out.add(plain(v)));
      return out;
    }
    return value;
  }

  /** The value of an integral YAML scalar (Integer, Long, Short, Byte, a BigInteger that fits), or {@code null}. */
  static Long integral(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger b && b.bitLength() < 64) {
      return b.longValue();
    }
    return null;
  }

  /** The value of a numeric YAML scalar, or {@code null}. */
  static Double real(Object value) {
    boolean tooBig = value instanceof BigInteger b && b.bitLength() >= 64;
    return value instanceof Number n && !tooBig ? n.doubleValue() : null;
  }

  /** A short human form: numbers to 6 significant digits without trailing zeros, lists in brackets. */
  static String show(Object value) {
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return Double.toString(d);
      }
      BigDecimal b = new BigDecimal(d).round(SHORT).stripTrailingZeros();
      double magnitude = Math.abs(d);
      return d == 0 || (magnitude >= 1e-4 && magnitude < 1e9) ? b.toPlainString() : b.toString();
    }
    if (value instanceof List<?> l) {
      return l.stream().map(Values::show).collect(Collectors.joining(", ", "[", "]"));
    }
    return String.valueOf(value);
  }

  /** How a problem message names a value found in the spec: strings quoted, everything else as YAML-ish text. */
  static String found(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }
}
