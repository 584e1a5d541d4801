package io.genlab.runner.cli;

import io.genlab.api.DisplayText;
import io.genlab.engine.config.InvalidConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Sorts what ended a command into the user's problem (bad input: exit 2, one message, no stack trace) and
 * genlab's (a defect: exit 70, the trace and a request to report it), and prints it.
 *
 * <p>Bad input is anything the user can fix: a spec, an override, an argument, a file or folder, the
 * store, the data. Any {@link InvalidConfigException} in the cause chain is one; so is an I/O failure
 * (a missing or unreadable file, a full disk, a read-only store), named by its path. Everything else is a
 * defect. Stateless and thread-safe.
 */
final class ErrorReport {
  /** Where genlab's defects are reported; printed under a defect's trace. */
  static final String REPORT_DEFECTS = "this is a defect in genlab: please report it with the command and the trace "
      + "above (rerun with --debug for more)";

  private ErrorReport() {}

  /** The user's problem behind {@code e}, or {@code null} when {@code e} is a defect in genlab. */
  static String badInput(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InvalidConfigException invalid) {
        return invalid.getMessage();
      }
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UncheckedIOException unchecked) {
        t = unchecked.getCause();
      }
      if (t instanceof IOException io) {
        return describe(io);
      }
    }
    return null;
  }

  /** An I/O failure as "path: what happened". */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException f) {
      return DisplayText.line(f.getFile()) + ": no such file or folder";
    }
    if (e instanceof AccessDeniedException f) {
      return DisplayText.line(f.getFile()) + ": permission denied";
    }
    if (e instanceof NotDirectoryException f) {
      return DisplayText.line(f.getFile()) + ": not a folder";
    }
    if (e instanceof FileSystemException f) {
      String reason = f.getReason() == null ? "cannot be read or written" : f.getReason();
      return DisplayText.line(f.getFile()) + (f.getOtherFile() == null ? "" : " -> " + DisplayText.line(f.getOtherFile()))
          + ": " + DisplayText.line(reason);
    }
    if (e instanceof CharacterCodingException) {
      return "a file is not UTF-8 text: " + DisplayText.line(String.valueOf(e.getMessage()));
    }
    if (e.getMessage() == null || e.getMessage().isBlank()) {
      return "input/output error (" + e.getClass().getSimpleName() + ")";
    }
    // genlab's own I/O messages (a dataset's files not found, with where it looked and what to do) span
    // lines: keep them, each line escaped, rather than one long line cut short.
    return e.getMessage().lines().map(DisplayText::line).collect(java.util.stream.Collectors.joining("\n"));
  }

  /** Prints {@code e} as bad input (returning 2) or as a defect (returning 70), with the trace when {@code debug}. */
  static int print(Throwable e, PrintWriter err, boolean debug) {
    String problem = badInput(e);
    if (problem != null) {
      err.println("error: " + problem.replace("\n", "\n  "));
      if (debug) {
        e.printStackTrace(err);
      }
      err.flush();
      return GenlabCli.EXIT_BAD_INPUT;
    }
    err.println("error: " + DisplayText.line(String.valueOf(e)));
    e.printStackTrace(err);
    err.println(REPORT_DEFECTS);
    err.flush();
    return GenlabCli.EXIT_DEFECT;
  }
}
