package io.genlab.runner.cli;

import io.genlab.api.ComponentKind;
import io.genlab.api.PluginModule;
import io.genlab.engine.config.ConfigBinder;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.exec.SameDiffExecutor;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.reports.ComparisonReport;
import io.genlab.runner.run.ExperimentRunner;
import io.genlab.runner.spec.ExperimentSpec;
import io.genlab.runner.spec.SpecResolver;
import io.genlab.tracking.Tracker;
import io.genlab.tracking.Trackers;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code genlab} command line. Exit codes: 0 done, 2 bad input, 3 run failed, 130 run killed. */
@Command(name = "genlab", mixinStandardHelpOptions = true, version = "genlab 0.1",
    description = "Train, sample and evaluate generative models; results go to MLflow.",
    subcommands = {GenlabCli.Run.class, GenlabCli.Plugins.class, GenlabCli.Report.class})
public final class GenlabCli implements Callable<Integer> {
  /** Bad input: a spec, an override or an argument is wrong. Nothing was run. */
  public static final int EXIT_BAD_INPUT = 2;
  /** The run started and failed (NaN loss, an error while training). */
  public static final int EXIT_RUN_FAILED = 3;
  /** The run was stopped by the user (Ctrl-C); its checkpoint is kept. */
  public static final int EXIT_KILLED = 130;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new GenlabCli());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof InvalidConfigException) {
        cmd.getErr().println("error: invalid input\n" + indent(e.getMessage()));
        return EXIT_BAD_INPUT;
      }
      cmd.getErr().println("error: " + e);
      e.printStackTrace(cmd.getErr());
      return EXIT_RUN_FAILED;
    });
    return cli.execute(args);
  }

  private static String indent(String message) {
    return "  " + message.replace("\n", "\n  ");
  }

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  /** {@code genlab run <spec> [--set path=value ...]}. */
  @Command(name = "run", description = "Run the experiment of a YAML spec.")
  static final class Run implements Callable<Integer> {
    @Parameters(index = "0", description = "the experiment spec (YAML)")
    Path spec;

    @Option(names = "--set", description = "override a spec value, e.g. --set training.epochs=2 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--dry-run", description = "resolve and validate the spec, print it, run nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      PluginRegistry registry = PluginRegistry.discover();
      ExperimentSpec resolved = new SpecResolver(registry).resolve(spec, overrides);
      if (dryRun) {
        System.out.print(new org.yaml.snakeyaml.Yaml().dumpAsMap(resolved.resolved()));
        return 0;
      }
      PrintStream console = System.err;
      ExperimentRunner runner = new ExperimentRunner(registry, SameDiffExecutor.factory(), console);
      Thread main = Thread.currentThread();
      Thread hook = new Thread(() -> {
        console.println("\nstopping after the current iteration (the run ends as KILLED, its checkpoint kept) ...");
        runner.requestStop();
        try {
          main.join(120_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "genlab-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try (Tracker tracker = Trackers.open(resolved.trackingUri())) {
        ExperimentRunner.Result result = runner.run(resolved, Files.readString(spec), tracker);
        return switch (result.outcome()) {
          case FINISHED -> 0;
          case FAILED -> EXIT_RUN_FAILED;
          case KILLED -> EXIT_KILLED;
        };
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the JVM is exiting (Ctrl-C): the hook is running and waits for us
        }
      }
    }
  }

  /** {@code genlab plugins}: every family, component and config field. */
  @Command(name = "plugins", description = "List plugins, their components and each component's config fields.")
  static final class Plugins implements Callable<Integer> {
    @Override
    public Integer call() {
      PluginRegistry registry = PluginRegistry.discover();
      PrintStream out = System.out;
      for (PluginModule plugin : registry.plugins()) {
        out.printf("%s %s — %s%n", plugin.id(), plugin.version(), plugin.description());
        for (ComponentKind kind : ComponentKind.values()) {
          registry.components(kind).forEach((name, r) -> {
            if (r.plugin() != plugin) {
              return;
            }
            out.printf("  %-8s %-22s %s%n", kind.label(), name, r.factory().summary());
            for (ConfigBinder.FieldInfo f : ConfigBinder.describe(r.factory().defaults())) {
              out.printf("             %-16s %-26s default %-14s %s%n", f.name(), f.type(), f.defaultValue(), f.description());
            }
          });
        }
        out.println();
      }
      return 0;
    }
  }

  /** {@code genlab report}: a comparison table of an experiment's runs. */
  @Command(name = "report", description = "Compare the runs of an experiment as a Markdown (or CSV) table.")
  static final class Report implements Callable<Integer> {
    @Parameters(index = "0", description = "the MLflow experiment name")
    String experiment;

    @Option(names = "--tracking-uri", description = "the store to read (default ./mlruns or MLFLOW_TRACKING_URI)")
    String uri;

    @Option(names = "--sort-by", description = "metric to sort by, ascending")
    String sortBy;

    @Option(names = "--csv", description = "print CSV instead of Markdown")
    boolean csv;

    @Option(names = "--out", description = "write to this file instead of standard output")
    Path out;

    @Override
    public Integer call() throws Exception {
      String store = uri != null ? uri : System.getenv().getOrDefault("MLFLOW_TRACKING_URI", "./mlruns");
      try (Tracker tracker = Trackers.open(store)) {
        var builder = ComparisonReport.builder().experiment(experiment);
        if (sortBy != null) {
          builder.sortBy(sortBy);
        }
        ComparisonReport report = builder.build();
        String text = csv ? report.csv(tracker) : report.markdown(tracker);
        if (out != null) {
          Files.writeString(out, text);
        } else {
          System.out.print(text);
        }
      }
      return 0;
    }
  }
}
