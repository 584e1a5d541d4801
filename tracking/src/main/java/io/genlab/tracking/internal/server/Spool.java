package io.genlab.tracking.internal.server;

import io.genlab.tracking.internal.FileStoreTracker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The local side of a tracking server: every run genlab sends to the server is first recorded here, in
 * MLflow's file-store format, so nothing is lost while the server is away and {@code genlab sync} can send
 * it later. One folder per server: {@code store/} (the runs) and {@code pushed/} (per run: how many points
 * of each metric and which artifacts the server holds, and the lock on sending it). Thread-safe; several processes (a sweep's trials) may share one spool.
 */
final class Spool {
  private final Path folder;
  private final FileStoreTracker store;

  Spool(Path folder) {
    this.folder = folder;
    this.store = new FileStoreTracker(folder.resolve("store"));
  }

  /**
   * The spool folder for {@code server} under {@code base}: the host and port to be recognisable, and a
   * digest of the whole URI so that two servers on one host (different paths) never share a spool.
   */
  static Path folderFor(Path base, URI server) {
    String host = (server.getHost() == null ? "server" : server.getHost()) + (server.getPort() > 0 ? "_" + server.getPort() : "");
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(server.toString().getBytes(StandardCharsets.UTF_8));
      return base.resolve(host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_") + "-"
          + HexFormat.of().formatHex(digest, 0, 4));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The runs recorded for the server, as a file store. */
  FileStoreTracker store() {
    return store;
  }

  /** The record of what run {@code localRunId}'s artifacts have already sent. */
  ArtifactLedger ledger(String localRunId) {
    return new ArtifactLedger(pushedFolder().resolve(localRunId + ".tsv"));
  }

  /** The record of how many points of each metric of run {@code localRunId} the server holds. */
  SentPoints sentPoints(String localRunId) {
    return new SentPoints(pushedFolder(), localRunId);
  }

  /** Takes the lock on sending run {@code localRunId}; empty when a thread of this process holds it. */
  java.util.Optional<PushLock> lock(String localRunId) throws java.io.IOException {
    return PushLock.acquire(pushedFolder(), localRunId);
  }

  private Path pushedFolder() {
    return folder.resolve("pushed");
  }

  Path folder() {
    return folder;
  }
}
