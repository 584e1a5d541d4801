package io.genlab.api;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * What a {@link Loss} adds to a model graph: the objectives to optimise, in the order one training
 * iteration applies them, and scalar diagnostics to log (batch means, e.g. {@code recon}, {@code kl}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param objectives at least one objective, in application order
 * @param diagnostics scalars logged as {@code train/<name>} and available to metrics; may be empty
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record Objectives(List<Objective> objectives, Map<String, SDVariable> diagnostics) {
  public Objectives {
    objectives = List.copyOf(objectives);
    diagnostics = Map.copyOf(diagnostics);
    if (objectives.isEmpty()) {
      throw new IllegalArgumentException("a loss must define at least one objective");
    }
  }

  /** A single objective with diagnostics. */
  public static Objectives of(Objective objective, Map<String, SDVariable> diagnostics) {
    return new Objectives(List.of(objective), diagnostics);
  }
}
