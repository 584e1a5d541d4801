package io.genlab.runner.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs each trial in a JVM of its own on this machine, so that one trial's crash, NaN or
 * out-of-memory cannot take the sweep or the other trials down. Each process gets
 * {@code OMP_NUM_THREADS} set to its share of the cores. Nothing runs through a shell. Thread-safe.
 */
public final class LocalProcessLauncher implements TrialLauncher {
  private final String javaCommand;
  private final String classPath;

  /** Launches trials with this JVM's {@code java} and class path. */
  public LocalProcessLauncher() {
    this(Path.of(System.getProperty("java.home"), "bin", "java").toString(), System.getProperty("java.class.path"));
  }

  /** Launches trials with the given {@code java} executable and class path. */
  public LocalProcessLauncher(String javaCommand, String classPath) {
    this.javaCommand = javaCommand;
    this.classPath = classPath;
  }

  /**
   * The command line of a trial: only {@link TrialRequest}'s checked values come from the spec or the store
   * (JVM options allowed by {@link TrialJvmOptions}, a plain run id, the store's URI as one option value).
   */
  List<String> command(TrialRequest request) {
    List<String> command = new ArrayList<>();
    command.add(javaCommand);
    command.addAll(request.jvmOptions());
    command.addAll(TrialJvmOptions.inheritedModules());
    command.add("-cp");
    command.add(classPath);
    command.add("io.genlab.runner.cli.GenlabCli");
    command.add("trial");
    // One argument each, options before "--": no value from the store or spec can be read as another option.
    command.add("--tracking-uri=" + request.trackingUri());
    command.add("--watch-parent");
    command.add("--");
    command.add(request.runId());
    return command;
  }

  @Override
  public TrialHandle launch(TrialRequest request) throws IOException {
    Files.createDirectories(request.logFile().toAbsolutePath().getParent());
    ProcessBuilder builder = new ProcessBuilder(command(request))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(request.logFile().toFile()));
    // OpenBLAS and OpenMP size their pools from these at start-up; the spec's threads cap ND4J's.
    builder.environment().put("OMP_NUM_THREADS", Integer.toString(request.threads()));
    builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    Process process = builder.start();
    process.getOutputStream().close();
    return TrialHandle.of(process);
  }

  @Override
  public String describe() {
    return "local processes";
  }
}
