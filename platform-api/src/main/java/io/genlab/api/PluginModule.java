package io.genlab.api;

import static org.apiguardian.api.API.Status.STABLE;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.util.Types;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * A genlab plugin: a Guice module with a stable id that binds a family's components by name.
 *
 * <p>Register an implementation in {@code META-INF/services/io.genlab.api.PluginModule}; it is found
 * with {@link java.util.ServiceLoader}, so it must have a public no-argument constructor. Its
 * {@link #configure()} only binds (no I/O, no ND4J calls), e.g.
 * <pre>{@code
 * protected void configure() {
 *   model("mlp-vae", "MLP VAE", MlpVaeConfig.DEFAULTS, MlpVae::new);
 *   loss("elbo", "negative ELBO", ElboConfig.DEFAULTS, Elbo::new);
 * }
 * }</pre>
 * Component names must be unique across all plugins; the runner fails naming both plugins otherwise.
 *
 * <p>Instances are used from one thread while the registry is built.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public abstract class PluginModule extends AbstractModule {
  private final Map<ComponentKind, MapBinder<String, ComponentFactory<?>>> binders =
      new EnumMap<>(ComponentKind.class);

  /** The plugin's stable id, lower-case words joined by '-' (e.g. {@code vae}); never {@code null}. */
  public abstract String id();

  /** One sentence describing the family. */
  public abstract String description();

  /** The plugin's version: its jar's Implementation-Version, or {@code dev} when run from classes. */
  public String version() {
    String v = getClass().getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /**
   * Creates this plugin's (possibly empty) component maps; subclasses call super or bind through the
   * helpers below, which do so.
   */
  @Override
  protected void configure() {
    for (ComponentKind kind : ComponentKind.values()) {
      binderFor(kind);
    }
  }

  /** Binds a model. */
  protected final <C extends Record> void model(
      String name, String summary, C defaults, Function<? super C, ? extends Model> factory) {
    bind(ComponentKind.MODEL, name, ComponentFactory.of(summary, defaults, factory));
  }

  /** Binds a loss. */
  protected final <C extends Record> void loss(
      String name, String summary, C defaults, Function<? super C, ? extends Loss> factory) {
    bind(ComponentKind.LOSS, name, ComponentFactory.of(summary, defaults, factory));
  }

  /** Binds a sampler. */
  protected final <C extends Record> void sampler(
      String name, String summary, C defaults, Function<? super C, ? extends Sampler> factory) {
    bind(ComponentKind.SAMPLER, name, ComponentFactory.of(summary, defaults, factory));
  }

  /** Binds a metric. */
  protected final <C extends Record> void metric(
      String name, String summary, C defaults, Function<? super C, ? extends Metric> factory) {
    bind(ComponentKind.METRIC, name, ComponentFactory.of(summary, defaults, factory));
  }

  /** Binds a dataset. */
  protected final <C extends Record> void dataset(
      String name, String summary, C defaults, Function<? super C, ? extends Dataset> factory) {
    bind(ComponentKind.DATASET, name, ComponentFactory.of(summary, defaults, factory));
  }

  private void bind(ComponentKind kind, String name, ComponentFactory<?> factory) {
    binderFor(kind).addBinding(name).toInstance(factory);
  }

  private MapBinder<String, ComponentFactory<?>> binderFor(ComponentKind kind) {
    return binders.computeIfAbsent(kind, k -> {
      @SuppressWarnings("unchecked")
      TypeLiteral<ComponentFactory<?>> value =
          (TypeLiteral<ComponentFactory<?>>)
              TypeLiteral.get(Types.newParameterizedType(ComponentFactory.class, k.type()));
      return MapBinder.newMapBinder(binder(), TypeLiteral.get(String.class), value);
    });
  }
}
