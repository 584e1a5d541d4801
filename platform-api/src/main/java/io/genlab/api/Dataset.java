package io.genlab.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;

/**
 * A source of training and test examples, created by a plugin from its config record.
 *
 * <p>{@link #load} may read files or download (with checksum verification); it must be
 * deterministic: the same config and seed give the same examples in the same order. The runner
 * logs a SHA-256 of the loaded values with every run, so a changed source file shows up.
 * Implementations need not be thread-safe; the runner calls them from one thread.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public interface Dataset {

  /** The two splits every dataset provides. */
  enum Split {
    TRAIN,
    TEST
  }

  /**
   * Loads one split.
   *
   * @param split which split, never {@code null}
   * @param context where caches live and the seed for procedural data, never {@code null}
   * @return the examples, never {@code null}
   * @throws IOException when files cannot be read or fetched; the message says what to do
   */
  Examples load(Split split, DataContext context) throws IOException;

  /**
   * The names of the files {@link #load} reads for {@code split}, relative to the folder it finds them in
   * (e.g. {@code train-images-idx3-ubyte}), which the runner records as where a run's data came from
   * (MLflow's dataset source); never absolute paths, which would tell others a user's folders.
   *
   * @param split which split, never {@code null}
   * @return the names, never {@code null}; empty (the default) for data made by code
   * @since 0.5
   */
  @API(status = EXPERIMENTAL, since = "0.5")
  default List<String> sourceFiles(Split split) {
    return List.of();
  }

  /**
   * Where a dataset may cache downloads and which seed procedural data use.
   *
   * @param cacheDirectory a writable directory for downloads, never {@code null}
   * @param dataDirectory a directory the user named holding the files, or {@code null}
   * @param offline whether downloads are forbidden
   * @param random the run's random source, derived for this dataset, never {@code null}
   */
  @API(status = STABLE, since = "0.1")
  record DataContext(Path cacheDirectory, Path dataDirectory, boolean offline, RandomSource random) {}
}
