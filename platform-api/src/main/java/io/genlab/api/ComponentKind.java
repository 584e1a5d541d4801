package io.genlab.api;

import static org.apiguardian.api.API.Status.STABLE;

import com.google.inject.Key;
import com.google.inject.util.Types;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The kinds of component a plugin can register, each bound in its own Guice map by name.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public enum ComponentKind {
  MODEL(Model.class, "model"),
  LOSS(Loss.class, "loss"),
  SAMPLER(Sampler.class, "sampler"),
  METRIC(Metric.class, "metric"),
  DATASET(Dataset.class, "dataset");

  private final Class<?> type;
  private final String label;

  ComponentKind(Class<?> type, String label) {
    this.type = type;
    this.label = label;
  }

  /** The component interface. */
  public Class<?> type() {
    return type;
  }

  /** The lower-case word users see ("model", "loss" ...). */
  public String label() {
    return label;
  }

  /** The Guice key of the {@code Map<String, ComponentFactory<T>>} this kind is bound in. */
  public Key<Map<String, ComponentFactory<?>>> mapKey() {
    @SuppressWarnings("unchecked")
    Key<Map<String, ComponentFactory<?>>> key =
        (Key<Map<String, ComponentFactory<?>>>)
            Key.get(Types.mapOf(String.class, Types.newParameterizedType(ComponentFactory.class, type)));
    return key;
  }
}
