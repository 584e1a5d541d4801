package io.genlab.engine.config;

import io.genlab.api.ConfigException;
import io.genlab.api.Description;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Binds maps of plain values (as parsed from YAML) onto config records, and records back onto maps.
 *
 * <p>Fields absent from the map keep the defaults instance's value; unknown keys, wrong types and
 * values the record's compact constructor rejects are all reported, each with its spec path. Supported
 * field types: boolean, int, long, float, double (and boxes), String, enums, nested records, lists
 * of those, and maps from names to those (record values start from their type's {@code DEFAULTS}).
 *
 * <p>Values are never converted behind the user's back: integers out of the field's range, fractions for
 * integers, text for numbers or booleans, numbers or booleans for text, NaN and infinities, lists over
 * {@link #MAX_LIST} entries and null (except for boxed numbers and fields whose default is null) are all
 * refused, saying what is allowed. Stateless and thread-safe.
 */
public final class ConfigBinder {
  /** The most entries of a list field: config lists hold layer sizes, classes and the like. */
  public static final int MAX_LIST = 1000;
  private static final java.util.regex.Pattern NUMBER_TEXT =
      java.util.regex.Pattern.compile("[-+]?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
  private static final java.util.regex.Pattern BOOLEAN_TEXT =
      java.util.regex.Pattern.compile("(?i)true|false|yes|no|on|off");

  private ConfigBinder() {}

  /**
   * Creates a record of {@code defaults}' type from {@code values}.
   *
   * @param defaults the record whose values fill absent fields
   * @param values the user's values, or {@code null} for all defaults
   * @param path the spec path of {@code values}, for messages (e.g. {@code model.config})
   * @throws InvalidConfigException listing every problem
   */
  public static <R extends Record> R bind(R defaults, Map<String, ?> values, String path) {
    List<ConfigProblem> problems = new ArrayList<>();
    R result = bind(defaults, values, path, problems);
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static <R extends Record> R bind(R defaults, Map<String, ?> values, String path, List<ConfigProblem> problems) {
    Class<R> type = (Class<R>) defaults.getClass();
    RecordComponent[] components = type.getRecordComponents();
    Map<String, RecordComponent> byName = new LinkedHashMap<>();
    for (RecordComponent c : components) {
      byName.put(c.getName(), c);
    }
    Map<String, ?> given = values == null ? Map.of() : values;
    int before = problems.size();
    for (String key : given.keySet()) {
      if (!byName.containsKey(key)) {
        problems.add(new ConfigProblem(join(path, key),
            "unknown field '" + key + "' for " + type.getSimpleName() + "; " + Suggestions.hint(key, byName.keySet())));
      }
    }
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      Object current = get(c, defaults);
      if (given.containsKey(c.getName())) {
        Object raw = given.get(c.getName());
        String fieldPath = join(path, c.getName());
        if (raw == null && current != null && !Number.class.isAssignableFrom(c.getType())) {
          // Null is a value only where the default is null or the type a boxed number (optional fields, e.g.
          // RealNvpConfig.logitAlpha); elsewhere it is a mistake that would surface as a NullPointerException.
          problems.add(new ConfigProblem(fieldPath, c.getName() + " must be " + article(typeName(c.getGenericType()))
              + ", found null; remove the key to keep the default (" + plain(current) + ")"));
          args[i] = current;
        } else if (raw instanceof Map<?, ?> m && Record.class.isAssignableFrom(c.getType()) && current != null) {
          args[i] = bind((Record) current, (Map<String, ?>) m, fieldPath, problems);
        } else if (raw instanceof Map<?, ?> m && c.getType() == Map.class) {
          args[i] = bindMap(m, ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[1], fieldPath, problems);
        } else {
          try {
            args[i] = convert(raw, c.getGenericType(), fieldPath);
          } catch (ConfigException e) {
            problems.add(new ConfigProblem(fieldPath, e.getMessage()));
            args[i] = current;
          }
        }
      } else {
        args[i] = current;
      }
    }
    if (problems.size() > before) {
      return defaults;
    }
    try {
      Constructor<R> ctor = type.getDeclaredConstructor(
          java.util.Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      ctor.setAccessible(true);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      String field = cause instanceof ConfigException ce ? ce.field() : null;
      problems.add(new ConfigProblem(field == null ? path : join(path, field), String.valueOf(cause.getMessage())));
      return defaults;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct config record " + type.getName(), e);
    }
  }

  /**
   * Binds a map field entry by entry; record values start from their type's {@code DEFAULTS}.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> bindMap(Map<?, ?> raw, Type valueType, String path, List<ConfigProblem> problems) {
    Map<String, Object> out = new LinkedHashMap<>();
    raw.forEach((key, value) -> {
      String entryPath = join(path, String.valueOf(key));
      if (valueType instanceof Class<?> cls && cls.isRecord()) {
        if (value instanceof Map<?, ?> m) {
          out.put(String.valueOf(key), bind(defaultsOf(cls, entryPath), (Map<String, ?>) m, entryPath, problems));
        } else {
          problems.add(new ConfigProblem(entryPath, key + " must be a map (" + cls.getSimpleName() + "), found " + value));
        }
      } else {
        try {
          out.put(String.valueOf(key), convert(value, valueType, entryPath));
        } catch (ConfigException e) {
          problems.add(new ConfigProblem(entryPath, e.getMessage()));
        }
      }
    });
    return out;
  }

  private static Record defaultsOf(Class<?> recordType, String path) {
    try {
      return (Record) recordType.getField("DEFAULTS").get(null);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException("config record " + recordType.getName() + " used in a map at " + path
          + " needs a public static DEFAULTS instance", e);
    }
  }

  /**
   * The record as an ordered map of plain values (numbers, strings, booleans, lists, nested maps), the
   * inverse of {@link #bind}.
   */
  public static Map<String, Object> toMap(Record record) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      out.put(c.getName(), plain(get(c, record)));
    }
    return out;
  }

  /** Flattens nested maps to dotted keys: {@code {a: {b: 1}}} becomes {@code a.b = 1}; lists stay values. */
  public static Map<String, Object> flatten(Map<String, ?> map) {
    Map<String, Object> out = new TreeMap<>();
    flatten("", map, out);
    return out;
  }

  /** A description of each field: name, type, default and {@link Description}, in declaration order. */
  public static List<FieldInfo> describe(Record defaults) {
    List<FieldInfo> out = new ArrayList<>();
    for (RecordComponent c : defaults.getClass().getRecordComponents()) {
      Description d = c.getAnnotation(Description.class);
      out.add(new FieldInfo(c.getName(), typeName(c.getGenericType()), plain(get(c, defaults)),
          d == null ? "" : d.value()));
    }
    return out;
  }

  /**
   * One config field as {@code genlab plugins} shows it.
   *
   * @param name the field name
   * @param type a readable type (int, double, list of int ...)
   * @param defaultValue the default, as a plain value; may be {@code null}
   * @param description the field's {@link Description}, or empty
   */
  public record FieldInfo(String name, String type, Object defaultValue, String description) {}

  private static void flatten(String prefix, Map<String, ?> map, Map<String, Object> out) {
    map.forEach((k, v) -> {
      String key = prefix.isEmpty() ? k : prefix + "." + k;
      if (v instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, ?> nested = (Map<String, ?>) m;
        flatten(key, nested, out);
      } else {
        out.put(key, v);
      }
    });
  }

  private static Object plain(Object value) {
    if (value instanceof Record r) {
      return toMap(r);
    } else if (value instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT);
    } else if (value instanceof List<?> l) {
      return l.stream().map(ConfigBinder::plain).collect(Collectors.toList());
    } else if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    return value;
  }

  private static Object get(RecordComponent c, Record r) {
    try {
      c.getAccessor().setAccessible(true);
      return c.getAccessor().invoke(r);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getName(), e);
    }
  }

  /**
   * {@code raw} as a value of {@code type} by the rules of {@link #bind} (no strings for numbers, no
   * wrapping or rounding, finite numbers only), for spec values outside config records.
   *
   * @param field the spec path, for messages
   * @throws ConfigException naming {@code field}, the value and what is allowed
   */
  public static Object value(Object raw, Type type, String field) {
    return convert(raw, type, field);
  }

  private static Object convert(Object raw, Type type, String path) {
    Class<?> cls = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    String field = path.substring(path.lastIndexOf('.') + 1);
    if (raw == null) {
      if (cls.isPrimitive()) {
        throw new ConfigException(field, field + " must be " + article(typeName(type)) + ", found null; remove the "
            + "key to keep the default");
      }
      return null;
    }
    if (cls == int.class || cls == Integer.class) {
      return (int) integral(raw, field, type, Integer.MIN_VALUE, Integer.MAX_VALUE);
    } else if (cls == long.class || cls == Long.class) {
      return integral(raw, field, type, Long.MIN_VALUE, Long.MAX_VALUE);
    } else if (cls == double.class || cls == Double.class) {
      return real(raw, field, type, Double.MAX_VALUE);
    } else if (cls == float.class || cls == Float.class) {
      return (float) real(raw, field, type, Float.MAX_VALUE);
    } else if (cls == boolean.class || cls == Boolean.class) {
      if (raw instanceof Boolean b) {
        return b;
      }
      throw mismatch(field, type, raw, raw instanceof String s && BOOLEAN_TEXT.matcher(s).matches()
          ? "; write true or false without quotes" : "");
    } else if (cls == String.class) {
      if (raw instanceof String s) {
        return s;
      }
      throw mismatch(field, type, raw, raw instanceof Number || raw instanceof Boolean
          ? "; YAML reads it as " + (raw instanceof Boolean ? "a boolean" : "a number") + ": quote it ('" + raw
              + "') if you mean the text" : "");
    } else if (cls.isEnum()) {
      if (raw instanceof Map<?, ?> || raw instanceof List<?>) {
        throw mismatch(field, type, raw, "");
      }
      String s = raw.toString();
      List<String> names = new ArrayList<>();
      for (Object constant : cls.getEnumConstants()) {
        String name = ((Enum<?>) constant).name();
        names.add(name.toLowerCase(Locale.ROOT));
        if (name.equalsIgnoreCase(s.replace('-', '_'))) {
          return constant;
        }
      }
      throw new ConfigException(field, field + " must be one of " + names + ", found '" + s + "'; "
          + Suggestions.hint(s, names));
    } else if (cls == Map.class || cls.isRecord()) {
      throw mismatch(field, type, raw, "");
    } else if (cls == List.class) {
      Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
      List<?> items = raw instanceof List<?> l ? l : List.of(raw);
      if (items.size() > MAX_LIST) {
        throw new ConfigException(field, field + " has " + items.size() + " entries; at most " + MAX_LIST
            + " are accepted (a config list holds layer sizes, classes and the like)");
      }
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        out.add(convert(items.get(i), element, path + "[" + i + "]"));
      }
      return out;
    }
    throw new ConfigException(field, field + " has type " + typeName(type) + ", which configs cannot hold");
  }

  /** A whole number in {@code [min, max]}: never rounded, wrapped or read from text. */
  private static long integral(Object raw, String field, Type type, long min, long max) {
    String range = " from " + min + " to " + max;
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte
        || raw instanceof BigInteger) {
      BigInteger v = raw instanceof BigInteger b ? b : BigInteger.valueOf(((Number) raw).longValue());
      if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
        throw new ConfigException(field, field + " must be " + article(typeName(type)) + range + ", found " + raw);
      }
      return v.longValue();
    }
    if (raw instanceof Double || raw instanceof Float) {
      double d = ((Number) raw).doubleValue();
      if (d != Math.rint(d) || Double.isInfinite(d)) {
        throw mismatch(field, type, raw, "; a whole number is needed");
      }
      if (d < min || d > max || Math.abs(d) > (1L << 53)) {
        throw new ConfigException(field, field + " must be " + article(typeName(type)) + range + ", found " + raw);
      }
      return (long) d;
    }
    throw mismatch(field, type, raw, numberText(raw) ? "; write numbers without quotes" : "");
  }

  /** A finite number of magnitude at most {@code max}: NaN and infinities are refused. */
  private static double real(Object raw, String field, Type type, double max) {
    if (!(raw instanceof Number n)) {
      throw mismatch(field, type, raw, numberText(raw) ? "; write numbers without quotes" : "");
    }
    double d = n.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d) || Math.abs(d) > max) {
      throw new ConfigException(field, field + " must be a finite number, found " + raw
          + (Math.abs(d) > max && !Double.isInfinite(d) ? " (too large for " + typeName(type) + ")" : ""));
    }
    return d;
  }

  /** Whether {@code raw} is text that reads as a number: a quoted number, whose quotes should go. */
  private static boolean numberText(Object raw) {
    return raw instanceof String s && NUMBER_TEXT.matcher(s.trim()).matches();
  }

  private static ConfigException mismatch(String field, Type type, Object raw, String hint) {
    String shown = raw instanceof String ? "'" + raw + "'" : raw instanceof List<?> ? "a list " + raw
        : raw instanceof Map<?, ?> ? "a mapping " + raw : String.valueOf(raw);
    return new ConfigException(field, field + " must be " + article(typeName(type)) + ", found " + shown + hint);
  }

  private static String article(String typeName) {
    if (typeName.startsWith("one of")) {
      return typeName;
    }
    return typeName.startsWith("list") || typeName.startsWith("map") ? "a " + typeName : (typeName.matches("^[aeiou].*") ? "an " : "a ") + typeName;
  }

  private static String typeName(Type type) {
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      return "list of " + typeName(p.getActualTypeArguments()[0]);
    }
    if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
      return "map of name to " + typeName(p.getActualTypeArguments()[1]);
    }
    Class<?> c = (Class<?>) type;
    if (c == Integer.class) {
      return "int";
    } else if (c == Double.class || c == Float.class || c == float.class) {
      return "double";
    } else if (c == Long.class) {
      return "long";
    } else if (c == Boolean.class) {
      return "boolean";
    } else if (c == String.class) {
      return "string";
    } else if (c.isEnum()) {
      List<String> names = new ArrayList<>();
      for (Object constant : c.getEnumConstants()) {
        names.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
      }
      return "one of " + names;
    } else if (c.isRecord()) {
      return "map (" + c.getSimpleName() + ")";
    }
    return c.getSimpleName();
  }

  private static String join(String path, String key) {
    return path == null || path.isEmpty() ? key : path + "." + key;
  }
}
