package io.genlab.tracking.internal.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive lock on sending one run, across processes (a sweep's driver and trial both hold the run):
 * two senders comparing with the server at once could both send the same points.
 */
final class PushLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private PushLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of run {@code localRunId}, waiting for another process that holds it; empty when a
   * thread of this process holds it (the caller tries again later).
   */
  static Optional<PushLock> acquire(Path pushedFolder, String localRunId) throws IOException {
    Files.createDirectories(pushedFolder);
    FileChannel channel = FileChannel.open(pushedFolder.resolve(localRunId + ".lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    try {
      return Optional.of(new PushLock(channel, channel.lock()));
    } catch (OverlappingFileLockException heldHere) {
      channel.close();
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
