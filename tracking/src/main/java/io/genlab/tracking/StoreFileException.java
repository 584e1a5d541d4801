package io.genlab.tracking;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * A file of a tracking store that cannot be used as it is: a {@code meta.yaml}, param, tag or metric file
 * that does not parse, or a store folder that is not writable or not a folder. The message names the
 * file and what was found; trackers throw it wrapped in {@link java.io.UncheckedIOException}, so that the
 * command line reports it as bad input (the user's store), not as a defect.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2
 */
@API(status = EXPERIMENTAL, since = "0.2")
public final class StoreFileException extends FileSystemException {
  private static final long serialVersionUID = 1L;

  /**
   * A problem with {@code file}.
   *
   * @param file the file or folder at fault, never {@code null}
   * @param reason what was found and what was expected, never {@code null}
   */
  public StoreFileException(Path file, String reason) {
    super(file.toString(), null, reason);
  }
}
