package io.genlab.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Checksums and downloads of data files. Stateless and thread-safe; concurrent downloads of one file
 * are safe because each writes its own temporary file and the final rename is atomic.
 */
public final class DataFiles {
  private static final System.Logger LOG = System.getLogger(DataFiles.class.getName());
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

  private DataFiles() {}

  /**
   * {@code directory.resolve(name)}, refused when it would read outside {@code directory}: a name with
   * {@code ..} or an absolute one, or a symbolic link (the file or a folder on the way) leading out of
   * it. A data folder may come with a spec from someone else; it must not make genlab read other files.
   *
   * @param name a relative file name from a config or the dataset's own list
   * @return the file, which may not exist
   * @throws java.nio.file.FileSystemException naming the file and where it leads
   */
  public static Path inside(Path directory, String name) throws IOException {
    Path relative = Path.of(name);
    Path file = directory.resolve(relative);
    if (relative.isAbsolute() || relative.normalize().startsWith("..")
        || !file.normalize().startsWith(directory.normalize())) {
      throw problem(file, "'" + name + "' leads outside " + directory
          + "; data file names must stay inside their folder");
    }
    if (Files.exists(file) && Files.isDirectory(directory)) {
      Path real = file.toRealPath();
      Path realDirectory = directory.toRealPath();
      if (!real.startsWith(realDirectory)) {
        throw problem(file, "a link to " + real + ", outside " + realDirectory
            + "; copy the file into the folder instead");
      }
    }
    return file;
  }

  /** The lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /**
   * Reads {@code file} whole and, when {@code expectedSha256} is not {@code null}, checks its SHA-256.
   * Reading once and hashing the bytes in memory avoids a second pass over the disk.
   *
   * @param dataset the dataset's name, for messages
   * @throws IOException naming the file, the expected and the actual hash on a mismatch
   */
  public static byte[] readVerified(Path file, String expectedSha256, String dataset)
      throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (expectedSha256 != null) {
      String actual = sha256(bytes);
      if (!actual.equalsIgnoreCase(expectedSha256)) {
        throw problem(file, "has SHA-256 " + actual + ", expected " + expectedSha256 + " for " + dataset
                + ": the file is damaged or is not the canonical one. Delete it (a copy in the"
                + " cache is downloaded again) or point `directory:` at a good copy.");
      }
    }
    return bytes;
  }

  /**
   * Downloads {@code uri} to {@code target}: into a temporary file beside it, checked, then renamed
   * atomically, so that {@code target} never holds a partial or unverified file.
   *
   * @param expectedSha256 the pinned hash, or {@code null} when none is known (then the IDX header is
   *     checked against {@code expectedMagic} instead)
   * @param expectedMagic the IDX magic number the file must start with
   * @param dataset the dataset's name, for messages
   */
  public static void download(
      URI uri, Path target, String expectedSha256, int expectedMagic, String dataset)
      throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
    try {
      LOG.log(System.Logger.Level.INFO, "{0}: downloading {1} to {2}", dataset, uri, target);
      HttpClient client =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NORMAL)
              .connectTimeout(CONNECT_TIMEOUT)
              .build();
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT).GET().build();
      HttpResponse<InputStream> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(dataset + ": download of " + uri + " was interrupted", e);
      }
      MessageDigest digest = digest();
      try (InputStream in = response.body();
          OutputStream out = Files.newOutputStream(temp)) {
        if (response.statusCode() != 200) {
          throw new IOException(
              dataset + ": download of " + uri + " failed: HTTP " + response.statusCode());
        }
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
      }
      if (expectedSha256 != null) {
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equalsIgnoreCase(expectedSha256)) {
          throw new IOException(
              dataset + ": downloaded " + uri + " has SHA-256 " + actual + ", expected "
                  + expectedSha256 + "; the file was discarded. The source may have changed or the"
                  + " download was corrupted; try again, or place a verified copy in `directory:`.");
        }
      } else {
        // No pinned hash is known for this file: the IDX header is the best check available.
        try {
          IdxReader.checkHeader(temp, expectedMagic);
        } catch (IOException e) {
          throw new IOException(
              dataset + ": downloaded " + uri + " was discarded: " + e.getMessage(), e);
        }
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  /** A problem with a data file or folder, printed as {@code file: reason} (bad input, exit 2). */
  static FileSystemException problem(Path file, String reason) {
    return new FileSystemException(file.toString(), null, reason);
  }

  /** As {@link #problem(Path, String)}, with the failure underneath. */
  static FileSystemException problem(Path file, String reason, Throwable cause) {
    FileSystemException e = problem(file, reason);
    e.initCause(cause);
    return e;
  }
}
