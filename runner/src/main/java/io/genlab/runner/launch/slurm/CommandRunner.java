package io.genlab.runner.launch.slurm;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Runs one of the few Slurm commands genlab calls ({@code sbatch}, {@code scontrol}, {@code scancel},
 * {@code sacct}) without a shell, each argument as given: the seam that lets unit tests answer for Slurm.
 * Implementations are thread-safe.
 */
public interface CommandRunner {
  /** What a command printed and how it ended. */
  record Result(int exitCode, String stdout, String stderr) {
    /** Whether it exited 0. */
    public boolean ok() {
      return exitCode == 0;
    }

    /** Stderr, else stdout, trimmed, for messages. */
    public String message() {
      return (stderr.isBlank() ? stdout : stderr).strip();
    }
  }

  /**
   * Runs {@code command} and waits for it.
   *
   * @throws IOException when it cannot be started (not installed) or does not end within {@code timeout}
   */
  Result run(List<String> command, Duration timeout) throws IOException;

  /** Runs commands as processes of this machine. */
  static CommandRunner processes() {
    return (command, timeout) -> {
      Process process;
      try {
        process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
      } catch (IOException e) {
        throw new IOException("cannot run " + command.get(0) + " (is Slurm's client installed and on the PATH?): "
            + e.getMessage(), e);
      }
      // Read both streams while it runs: a full pipe would block it.
      var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      try {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new IOException(command.get(0) + " did not answer within " + timeout.toSeconds() + " s");
        }
        return new Result(process.exitValue(), out.join(), err.join());
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while " + command.get(0) + " ran");
      }
    };
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
