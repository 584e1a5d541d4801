package io.genlab.datasets;

import static org.apiguardian.api.API.Status.STABLE;

import io.genlab.api.Check;
import io.genlab.api.Description;
import org.apiguardian.api.API;

/**
 * Configures the {@code mnist}, {@code fashion-mnist} and {@code kmnist} datasets, which share one
 * file layout (four IDX gzip files) and one lookup order.
 *
 * <p>Files are looked for in {@code directory}, then in the run's data directory ({@code
 * <dataDirectory>/<name>}, then {@code <dataDirectory>} itself), then in the cache ({@code
 * <cacheDirectory>/<name>}); if still absent they are downloaded into the cache from the canonical
 * source unless the run is offline or {@code download} is false. Every file with a pinned SHA-256 is
 * checked on every load. Immutable and thread-safe.
 *
 * @param directory a folder holding the four {@code .gz} files, or {@code null} (the default) to rely
 *     on the data directory, the cache and downloads
 * @param download whether missing files may be downloaded into the cache
 * @param limit how many examples of each split to use, from the start of the file; 0 uses all
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record MnistConfig(
    @Description("Folder holding the four IDX .gz files; null searches the data directory and the cache")
        String directory,
    @Description("Whether missing files may be downloaded (SHA-256 checked) into the cache")
        boolean download,
    @Description("Use only the first N examples of each split; 0 uses all") int limit) {

  /** No directory, downloads allowed, every example. */
  public static final MnistConfig DEFAULTS = new MnistConfig(null, true, 0);

  /** Validates the fields; throws {@link io.genlab.api.ConfigException} naming the field at fault. */
  public MnistConfig {
    ConfigPaths.checkOptionalPath("directory", directory);
    Check.nonNegative("limit", limit);
  }
}
