package io.genlab.api;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * Creates one named component (a model, loss, sampler, metric or dataset) from its config record.
 *
 * <p>The defaults instance gives every config field its default value; users override fields by name
 * in the spec. Immutable and thread-safe; {@link #create} may be called many times.
 *
 * @param <T> the component type
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public final class ComponentFactory<T> {
  private final String summary;
  private final Record defaults;
  private final Function<Record, ? extends T> factory;

  private ComponentFactory(String summary, Record defaults, Function<Record, ? extends T> factory) {
    this.summary = Check.notNull("summary", summary);
    this.defaults = Check.notNull("defaults", defaults);
    this.factory = factory;
  }

  /**
   * A factory for components configured by records of {@code defaults}' class.
   *
   * @param summary one sentence shown by {@code genlab plugins}
   * @param defaults the config with every field at its default value
   * @param factory creates the component from a validated config
   */
  public static <C extends Record, T> ComponentFactory<T> of(
      String summary, C defaults, Function<? super C, ? extends T> factory) {
    @SuppressWarnings("unchecked")
    Class<C> type = (Class<C>) defaults.getClass();
    return new ComponentFactory<>(summary, defaults, r -> factory.apply(type.cast(r)));
  }

  /** One sentence describing the component. */
  public String summary() {
    return summary;
  }

  /** The config record type. */
  public Class<? extends Record> configType() {
    return defaults.getClass();
  }

  /** The config with every field at its default. */
  public Record defaults() {
    return defaults;
  }

  /**
   * Creates the component.
   *
   * @param config a config of {@link #configType()}, never {@code null}
   * @throws ClassCastException when the config has another type
   */
  public T create(Record config) {
    return factory.apply(configType().cast(config));
  }
}
