package io.genlab.tracking;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What {@code genlab sync} sent to a tracking server.
 *
 * <p>Immutable and thread-safe.
 *
 * @param runs the runs compared with the server
 * @param metrics the metric points sent
 * @param params the params sent
 * @param tags the tags sent
 * @param artifacts the artifact files sent
 * @param refused one line per run the server refused, naming the run and the reason; never {@code null}
 * @since 0.5
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record SyncSummary(int runs, int metrics, int params, int tags, int artifacts, List<String> refused) {

  /** Copies {@code refused}. */
  public SyncSummary {
    refused = List.copyOf(Objects.requireNonNull(refused, "refused"));
  }
}
