package io.genlab.tracking.testkit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A dataset logged as an input of a run ({@code runs/log-inputs}), as the fake server stored it.
 *
 * @param name the dataset's name
 * @param digest the dataset's digest (MLflow allows at most 36 characters)
 * @param sourceType the kind of source, e.g. {@code local}
 * @param source the source description, usually JSON
 * @param schema the schema, usually JSON, or {@code null} if none was sent
 * @param profile the profile, usually JSON, or {@code null} if none was sent
 * @param tags the input's tags, e.g. {@code mlflow.data.context}, in the order sent
 * @since 0.5
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record DatasetInputSnapshot(
    String name,
    String digest,
    String sourceType,
    String source,
    String schema,
    String profile,
    Map<String, String> tags) {
  public DatasetInputSnapshot {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(sourceType, "sourceType");
    Objects.requireNonNull(source, "source");
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }
}
