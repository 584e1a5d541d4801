package io.genlab.runner.badinput;

import io.genlab.engine.plugins.PluginLocations;
import io.genlab.runner.cli.GenlabCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * One in-process call of genlab's command line with what it printed.
 *
 * @param code the exit code
 * @param out what went to standard output
 * @param err what went to standard error
 */
public record CliRun(int code, String out, String err) {
  private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w.$/<>]+\\(.*\\)$");

  /** Runs {@code genlab args...} in this JVM, standard output and error captured (not thread-safe). */
  public static CliRun of(String... args) {
    return of(PluginLocations.none(), args);
  }

  /** Runs {@code genlab args...} in this JVM with the plugins of {@code plugins} besides the built-in ones. */
  public static CliRun of(PluginLocations plugins, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
    ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(capturedOut, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(capturedErr, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      int code = GenlabCli.execute(plugins, args);
      return new CliRun(code, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** Whether the output holds a Java stack frame. */
  public boolean hasStackTrace() {
    return STACK_FRAME.matcher(err).find() || STACK_FRAME.matcher(out).find();
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- stderr:\n" + err + "--- stdout:\n" + (out.length() > 2000 ? out.substring(0, 2000) + "..." : out);
  }
}
