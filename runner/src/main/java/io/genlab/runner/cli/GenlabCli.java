package io.genlab.runner.cli;

import io.genlab.api.ComponentKind;
import io.genlab.api.DisplayText;
import io.genlab.api.PluginModule;
import io.genlab.engine.config.ConfigBinder;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.plugins.PluginLocations;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.reports.ComparisonReport;
import io.genlab.reports.HtmlReport;
import io.genlab.runner.run.EarlyStopping;
import io.genlab.runner.run.ExperimentRunner;
import io.genlab.runner.run.Provenance;
import io.genlab.runner.run.Reproduction;
import io.genlab.runner.run.ReproductionVerdict;
import io.genlab.runner.launch.LocalProcessLauncher;
import io.genlab.runner.launch.slurm.SlurmLauncher;
import io.genlab.runner.launch.slurm.SlurmScheduler;
import java.util.Optional;
import io.genlab.runner.sweep.AshaStopping;
import io.genlab.runner.sweep.SweepPlan;
import io.genlab.runner.sweep.SweepRunner;
import io.genlab.tracking.RunInfo;
import io.genlab.runner.spec.ExperimentSpec;
import io.genlab.runner.spec.SpecResolver;
import io.genlab.runner.spec.SpecText;
import io.genlab.tracking.Tracker;
import io.genlab.tracking.SyncSummary;
import io.genlab.tracking.Trackers;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code genlab} command line. Exit codes: 0 done, 2 bad input (also when found after a run started),
 * 3 run failed (or, for a sweep, a trial failed), 4 a reproduction differs, 70 a defect in genlab,
 * 130 killed. {@code --debug} anywhere before {@code --} shows the stack trace of bad input too.
 */
@Command(name = "genlab", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "genlab 0.1",
    description = "Train, sample and evaluate generative models; results go to MLflow.",
    subcommands = {GenlabCli.Run.class, GenlabCli.Sweep.class, GenlabCli.Trial.class, GenlabCli.Resume.class,
        GenlabCli.Reproduce.class,
        GenlabCli.Evaluate.class, GenlabCli.Plugins.class,
        GenlabCli.Report.class, GenlabCli.Sync.class})
public final class GenlabCli implements Callable<Integer> {
  /** Bad input: a spec, an override or an argument is wrong. Nothing was run. */
  public static final int EXIT_BAD_INPUT = 2;
  /** The run started and failed (NaN loss, an error while training). */
  public static final int EXIT_RUN_FAILED = 3;
  /** A reproduction's metrics differ from the original's. */
  public static final int EXIT_NOT_REPRODUCED = 4;
  /** The run was stopped by the user (Ctrl-C); its checkpoint is kept. */
  public static final int EXIT_KILLED = 130;
  /** A defect in genlab (an error that is neither bad input nor a failed run): the trace is printed. */
  public static final int EXIT_DEFECT = 70;
  /** The option that shows stack traces of bad input as well. */
  static final String DEBUG = "--debug";

  public static void main(String[] args) {
    // The MLflow Java client logs a warning for every retry it makes on its own, naming every failure a rate
    // limit; genlab says once that the server is away and what it does about it.
    if (System.getProperty(MLFLOW_CLIENT_LOG_LEVEL) == null) {
      System.setProperty(MLFLOW_CLIENT_LOG_LEVEL, "error");
    }
    System.exit(execute(args));
  }

  private static final String MLFLOW_CLIENT_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.mlflow";

  /** The plugin folders, looked up once per process (the environment) or given by an embedding caller. */
  private final PluginLocations pluginLocations;

  private GenlabCli(PluginLocations pluginLocations) {
    this.pluginLocations = pluginLocations;
  }

  /** Runs the CLI with the plugin folders of the environment ({@code GENLAB_PLUGINS}) and returns its exit code. */
  public static int execute(String... args) {
    return execute(PluginLocations.fromEnvironment(), args);
  }

  /**
   * Runs the CLI with the plugins of {@code pluginLocations} besides the built-in ones (tests, embedding) and returns
   * its exit code.
   *
   * @since 0.7
   */
  @org.apiguardian.api.API(status = org.apiguardian.api.API.Status.EXPERIMENTAL, since = "0.7")
  public static int execute(PluginLocations pluginLocations, String... args) {
    List<String> arguments = new ArrayList<>(List.of(args));
    int end = arguments.indexOf("--");
    boolean debug = (end < 0 ? arguments : arguments.subList(0, end)).removeIf(DEBUG::equals);
    CommandLine cli = new CommandLine(new GenlabCli(pluginLocations));
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> ErrorReport.print(e, cmd.getErr(), debug));
    try {
      return cli.execute(arguments.toArray(String[]::new));
    } catch (OutOfMemoryError e) {
      // picocli hands only Exceptions to the handler above; the run itself is already tagged FAILED.
      System.err.println("error: " + DisplayText.line(ExperimentRunner.describeFailure(e)));
      return EXIT_RUN_FAILED;
    } catch (Error e) {
      return ErrorReport.print(e, new java.io.PrintWriter(System.err, true), debug);
    }
  }

  /**
   * How to run a reproduction under the environment a bit-relevant tag recorded, or nothing: only for
   * values a shell takes literally (thread counts, OpenBLAS core names), as the tag comes from the store.
   */
  static String matchingHint(String tag, String recorded) {
    String variable = switch (tag) {
      case "genlab.omp_num_threads" -> "OMP_NUM_THREADS";
      case "genlab.openblas_coretype" -> "OPENBLAS_CORETYPE";
      default -> null;
    };
    return variable == null || !recorded.matches("[A-Za-z0-9]{1,32}") || recorded.equals("unset") ? ""
        : " (run " + variable + "=" + recorded + " ./genlab reproduce ... to match)";
  }

  /** The plugin folders this CLI was given. */
  PluginLocations pluginLocations() {
    return pluginLocations;
  }

  /** {@code genlab} without a command: the usage, as bad input (a script calling it so is missing its command). */
  @Override
  public Integer call() {
    System.err.println("error: no command given; name one of run, sweep, resume, reproduce, evaluate, plugins, report");
    CommandLine.usage(this, System.err);
    return EXIT_BAD_INPUT;
  }

  /** {@code genlab run <spec> [--set path=value ...]}. */
  @Command(name = "run", description = "Run the experiment of a YAML spec.")
  static final class Run implements Callable<Integer> {
    @Mixin
    PluginFolders plugins;

    @Parameters(index = "0", description = "the experiment spec (YAML)")
    Path spec;

    @Option(names = "--set", description = "override a spec value, e.g. --set training.epochs=2 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--dry-run", description = "check everything a run checks before training (spec, data, model, "
        + "the runs it loads: a first stage, samplers' references; tracking store), print the resolved spec, run nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      PluginRegistry registry = plugins.registry();
      ExperimentSpec resolved = new SpecResolver(registry).resolve(spec, overrides);
      ExperimentRunner runner = new ExperimentRunner(registry, System.err);
      if (dryRun) {
        try (Tracker tracker = TrackingStore.open(resolved.trackingUri(), "tracking.uri")) {
          runner.check(resolved, tracker);
        }
        System.out.print(new org.yaml.snakeyaml.Yaml().dumpAsMap(resolved.resolved()));
        return 0;
      }
      String text = SpecText.read(spec, "spec");
      try (Tracker tracker = TrackingStore.open(resolved.trackingUri(), "tracking.uri")) {
        return exitCode(whileStoppable(runner::requestStop, () -> runner.run(resolved, text, tracker)));
      }
    }
  }

  /** {@code genlab resume <run-id>}: continue an interrupted run from its last checkpoint. */
  @Command(name = "resume", description = "Continue an interrupted run (killed, crashed, Ctrl-C) from its last "
      + "checkpoint, in the same MLflow run.")
  static final class Resume implements Callable<Integer> {
    @Mixin
    PluginFolders plugins;

    @Parameters(index = "0", description = "the MLflow run id")
    String runId;

    @Mixin
    TrackingStore store;

    @Option(names = "--dry-run", description = "check everything resume checks (run, spec, data, checkpoint, metric "
        + "histories, store), change nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      ExperimentRunner runner = new ExperimentRunner(plugins.registry(), System.err);
      try (Tracker tracker = store.open()) {
        if (dryRun) {
          runner.checkResume(runId, tracker).ifPresent(iteration -> System.out.printf(
              "run %s can be resumed %s%n", runId, iteration > 0 ? "from iteration " + iteration : "from its start"));
          return 0;
        }
        EarlyStopping earlyStopping = AshaStopping.forRun(tracker, runId, System.err);
        return exitCode(whileStoppable(runner::requestStop, () -> runner.resume(runId, tracker, earlyStopping)));
      }
    }
  }

  /** {@code genlab trial <run-id>}: one sweep trial, as a local trial process or a Slurm task runs it. */
  @Command(name = "trial", description = "Run one sweep trial: continue its run from its last checkpoint (or start "
      + "it), with the sweep's early stopping. What a sweep's trial processes and Slurm tasks run.")
  static final class Trial implements Callable<Integer> {
    @Mixin
    PluginFolders plugins;

    /** Slurm's variables a task records on its run, each with the form it must have. */
    private static final Map<String, String> SLURM_TAGS = Map.of(
        "SLURM_ARRAY_JOB_ID", "[0-9]{1,12}", "SLURM_ARRAY_TASK_ID", "[0-9]{1,7}", "SLURM_JOB_ID", "[0-9]{1,12}",
        "SLURM_RESTART_COUNT", "[0-9]{1,6}", "SLURMD_NODENAME", "[A-Za-z0-9._-]{1,128}");

    @Parameters(index = "0", description = "the trial's MLflow run id")
    String runId;

    @Mixin
    TrackingStore store;

    @Option(names = "--watch-parent", hidden = true, description = "stop when the process that started this one "
        + "dies (a local sweep)")
    boolean watchParent;

    @Override
    public Integer call() throws Exception {
      ExperimentRunner runner = new ExperimentRunner(plugins.registry(), System.err);
      if (watchParent) {
        // A local trial must not outlive its sweep: a re-run of the sweep resumes it from its checkpoint.
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(runner::requestStop));
      }
      try (Tracker tracker = store.open()) {
        // Where this attempt runs and how often Slurm requeued it, as tags of the trial's run.
        Map<String, String> tags = new java.util.TreeMap<>();
        SLURM_TAGS.forEach((variable, form) -> {
          String value = System.getenv(variable);
          if (value != null && value.matches(form)) {
            tags.put("genlab.slurm." + variable.toLowerCase(java.util.Locale.ROOT).replace("slurmd_", "")
                .replace("slurm_", ""), value);
          }
        });
        EarlyStopping earlyStopping = AshaStopping.forRun(tracker, runId, System.err);
        return exitCode(whileStoppable(runner::requestStop, () -> runner.resume(runId, tracker, earlyStopping,
            tags)));
      }
    }
  }

  /** {@code genlab reproduce <run-id>}: redo a run from what it logged and compare, metric by metric. */
  @Command(name = "reproduce", description = "Redo a tracked run from its logged spec and seed as a new run, and "
      + "report metric by metric whether the result is identical. Exit code 0: identical, "
      + GenlabCli.EXIT_NOT_REPRODUCED + ": it differs.")
  static final class Reproduce implements Callable<Integer> {
    @Mixin
    PluginFolders plugins;

    @Parameters(index = "0", description = "the MLflow run id")
    String runId;

    @Mixin
    TrackingStore store;

    @Override
    public Integer call() throws Exception {
      PrintStream console = System.err;
      ExperimentRunner runner = new ExperimentRunner(plugins.registry(), console);
      try (Tracker tracker = store.open()) {
        RunInfo original = ExperimentRunner.requireRun(tracker, runId);
        Reproduction.requireReproducible(original);
        ExperimentSpec logged = runner.loggedSpec(tracker, runId, Map.of("name", original.runName() + "-reproduction"));
        // ND4J's thread cap is set when the run starts, so it is compared after the run, with the rest.
        Reproduction.provenanceDifferences(original.tags(), Provenance.tags()).forEach((key, values) -> {
          if (!key.equals("genlab.nd4j.max_threads")) {
            console.printf("warning: %s differs: %s when the run was made, %s now; bits may differ%s%n",
                DisplayText.line(key), DisplayText.line(values.get(0)), DisplayText.line(values.get(1)),
                matchingHint(key, values.get(0)));
          }
        });
        ExperimentRunner.Result result = whileStoppable(runner::requestStop, () -> runner.run(logged, null, tracker,
            Map.of("genlab.reproduces", runId)));
        if (result.outcome() == ExperimentRunner.Outcome.KILLED) {
          return EXIT_KILLED;
        }
        RunInfo again = tracker.run(result.runId()).orElseThrow();
        PrintStream out = System.out;
        out.printf("reproduction %s of run %s: status %s, originally %s%n", result.runId(), DisplayText.line(runId),
            again.status(), original.status());
        Reproduction.provenanceDifferences(original.tags(), again.tags()).forEach((key, values) ->
            out.printf("  differs: %-28s %s -> %s%n", DisplayText.line(key), DisplayText.line(values.get(0)),
                DisplayText.line(values.get(1))));
        ReproductionVerdict verdict = ReproductionVerdict.of(tracker, original, again);
        for (Reproduction.MetricComparison c : verdict.comparisons()) {
          out.printf("  %-10s %-32s %s%n", c.verdict(), DisplayText.line(c.key()), DisplayText.line(c.detail()));
        }
        verdict.record(tracker);
        out.println(verdict.summary());
        return verdict.identical() ? 0 : EXIT_NOT_REPRODUCED;
      }
    }
  }

  /** {@code genlab evaluate <run-id> [<spec>]}: other samplers and metrics on a trained run's checkpoint. */
  @Command(name = "evaluate", description = "Evaluate the last checkpoint of a trained run with other samplers and "
      + "metrics (e.g. DDIM with 10, 20, 50 steps) as a new run nested under it; nothing is retrained.")
  static final class Evaluate implements Callable<Integer> {
    @Mixin
    PluginFolders plugins;

    @Parameters(index = "0", description = "the MLflow run id of the trained run")
    String runId;

    @Parameters(index = "1", arity = "0..1", description = "an evaluation spec (YAML) with samplers, metrics and "
        + "name; without it the run's own samplers and metrics are evaluated again")
    Path spec;

    @Option(names = "--set", description = "override a value of the evaluation, e.g. --set samplers[0].config.steps=20 "
        + "(repeatable)")
    List<String> overrides = new ArrayList<>();

    @Mixin
    TrackingStore store;

    @Option(names = "--dry-run", description = "check everything evaluate checks (run, checkpoint, evaluation spec, "
        + "data, store), print the evaluation's resolved spec, run nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      ExperimentRunner runner = new ExperimentRunner(plugins.registry(), System.err);
      String text = null;
      Map<String, Object> evaluation = new java.util.LinkedHashMap<>();
      if (spec != null) {
        text = SpecText.read(spec, "evaluation spec");
        evaluation = SpecResolver.parse(text, spec.toString());
      }
      Map<String, Object> sections = evaluation;
      String specText = text;
      try (Tracker tracker = store.open()) {
        if (dryRun) {
          System.out.print(SpecResolver.dump(runner.checkEvaluation(runId, sections, overrides, tracker).resolved()));
          return 0;
        }
        return exitCode(whileStoppable(runner::requestStop,
            () -> runner.evaluate(runId, sections, overrides, specText, tracker)));
      }
    }
  }

  /** The run's outcome as an exit code. */
  static int exitCode(ExperimentRunner.Result result) {
    return switch (result.outcome()) {
      case FINISHED -> 0;
      case FAILED -> EXIT_RUN_FAILED;
      case KILLED -> EXIT_KILLED;
    };
  }

  /** The {@code --tracking-uri} option of the commands that read or continue tracked runs. */
  static final class TrackingStore {
    @Option(names = "--tracking-uri", description = "the MLflow store (default: MLFLOW_TRACKING_URI, else ./mlruns)")
    String uri;

    Tracker open() {
      return open(uri(), place());
    }

    /** Where {@link #uri} came from, to name in a refusal: the option, the environment variable or the default. */
    String place() {
      return uri != null ? "--tracking-uri" : System.getenv("MLFLOW_TRACKING_URI") != null
          && !System.getenv("MLFLOW_TRACKING_URI").isBlank() ? "MLFLOW_TRACKING_URI" : "the default tracking URI";
    }

    /** The URI given, else {@code MLFLOW_TRACKING_URI}, else ./mlruns. */
    String uri() {
      return Trackers.uriOrDefault(uri);
    }

    /** Whether {@code uri} names a tracking server; a malformed server URI is bad input at {@code place}. */
    static boolean isServer(String uri, String place) {
      try {
        return Trackers.serverUri(uri).isPresent();
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException(place, e.getMessage());
      }
    }

    /** Opens the store {@code uri} names; an unsupported or malformed URI is bad input at {@code place}. */
    static Tracker open(String uri, String place) {
      try {
        return Trackers.open(uri);
      } catch (UnsupportedOperationException | IllegalArgumentException e) {
        throw new InvalidConfigException(place, e.getMessage()); // Trackers' messages hide credentials
      }
    }
  }

  /**
   * Runs {@code work} so that Ctrl-C (SIGINT) and SIGTERM stop it cleanly: {@code requestStop} runs, the work
   * ends its runs as KILLED with their checkpoints kept, and returns (exit 130). Should the JVM shut down for
   * another reason meanwhile (SIGHUP, a second signal), a shutdown hook requests the stop and waits for the work.
   */
  static <T> T whileStoppable(Runnable requestStop, Callable<T> work) throws Exception {
    CountDownLatch workDone = new CountDownLatch(1);
    Thread hook = stopHook(requestStop, workDone);
    Runtime.getRuntime().addShutdownHook(hook);
    StopSignals signals = StopSignals.install(() -> {
      System.err.println(STOPPING);
      requestStop.run();
    });
    try {
      return work.call();
    } finally {
      signals.close();
      workDone.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting (Ctrl-C): the hook is running and returns now that the work is done
      }
    }
  }

  private static final String STOPPING =
      "\nstopping after the current iteration (runs end as KILLED, their checkpoints kept) ...";

  /**
   * The shutdown hook of {@link #whileStoppable}: asks the work to stop and waits until it is done, at most
   * two minutes. It waits for the work, not for the main thread: main then calls System.exit, which blocks
   * for as long as a hook runs, so a hook joining main kept a stopped JVM alive for the whole timeout.
   */
  static Thread stopHook(Runnable requestStop, CountDownLatch workDone) {
    return new Thread(() -> {
      System.err.println(STOPPING);
      requestStop.run();
      try {
        workDone.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "genlab-stop");
  }

  /** {@code genlab sweep <spec>}: the trials of a spec's sweep section, in parallel processes. */
  @Command(name = "sweep", description = "Run the trials of a spec's sweep section, each in its own process (or "
      + "Slurm task), as child runs of one parent MLflow run. Re-running it keeps ended trials and continues "
      + "interrupted ones.", subcommands = {SweepControl.Status.class, SweepControl.Cancel.class})
  static final class Sweep implements Callable<Integer> {
    @Mixin
    PluginFolders plugins;

    @Parameters(index = "0", arity = "0..1", description = "the spec with a sweep section (YAML)")
    Path spec;

    @Option(names = "--detach", description = "with sweep.launcher: slurm, return once the job array is submitted; "
        + "follow it with genlab sweep status <spec>, stop it with genlab sweep cancel <spec>")
    boolean detach;

    @Option(names = "--log-dir", description = "where trial logs go when the store keeps no artifact folder, and a "
        + "Slurm sweep's batch scripts and task output (default: ./genlab-sweep-logs for Slurm, the temporary "
        + "folder's genlab-sweep-logs for local trials)")
    Path logDirectory;

    @Option(names = "--set", description = "override a base spec value for every trial, or a sweep setting, e.g. "
        + "--set sweep.parallel=2 or --set sweep.grid.model.config.latentDim=[2,4] (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--dry-run", description = "resolve and validate every trial, list them, run nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      if (spec == null) {
        throw new InvalidConfigException("sweep", "no spec given; run genlab sweep <spec.yaml>, or genlab sweep "
            + "status <spec.yaml> / genlab sweep cancel <spec.yaml>");
      }
      // The launcher is known once the spec is read; until then a stop only has to end the resolution.
      java.util.concurrent.atomic.AtomicReference<SweepRunner> runner = new java.util.concurrent.atomic.AtomicReference<>();
      java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
      Runnable stop = () -> {
        stopped.set(true);
        SweepRunner r = runner.get();
        if (r != null) {
          r.requestStop();
        }
      };
      try {
        // Stoppable from the start: a signal while resolving ends it before anything is written.
        return whileStoppable(stop, () -> sweep(runner, stopped));
      } catch (CancellationException e) {
        System.err.println("stopped before the sweep started; nothing was written");
        return EXIT_KILLED;
      }
    }

    /**
     * The folder given with --log-dir, else ./genlab-sweep-logs for a Slurm sweep (the tasks must see it) and the
     * temporary folder's genlab-sweep-logs for local trials.
     */
    static Path logDirectory(Path given, boolean slurm) {
      Path folder = given != null ? given : slurm ? Path.of("genlab-sweep-logs")
          : Path.of(System.getProperty("java.io.tmpdir"), "genlab-sweep-logs");
      return folder.toAbsolutePath().normalize();
    }

    /**
     * What a run checks before training, for the first trial of each distinct data section (loading the same
     * data once per trial would take minutes on big sweeps; the rest of every trial's spec was resolved and
     * validated already), and that the store can record runs: the same checks with and without --dry-run.
     */
    private static void checkTrials(PluginRegistry registry, SweepPlan plan, Tracker tracker) throws IOException {
      ExperimentRunner checker = new ExperimentRunner(registry, System.err);
      Set<Object> checkedData = new HashSet<>();
      for (SweepPlan.PlannedTrial trial : plan.trials()) {
        if (checkedData.add(trial.spec().resolved().get("data"))) {
          checker.check(trial.spec(), tracker);
        }
      }
    }

    private int sweep(java.util.concurrent.atomic.AtomicReference<SweepRunner> runnerHolder,
        java.util.concurrent.atomic.AtomicBoolean stopped) throws Exception {
      PluginRegistry registry = plugins.registry();
      System.err.println("resolving the sweep's trials ...");
      SweepPlan plan = SweepPlan.resolve(registry, spec, overrides, Runtime.getRuntime().availableProcessors(),
          stopped::get);
      Path logs = logDirectory(logDirectory, plan.definition().onSlurm());
      SweepRunner runner;
      SlurmLauncher slurm = null;
      if (plan.definition().onSlurm()) {
        SlurmScheduler scheduler = SlurmSweeps.scheduler();
        List<String> nodes = SlurmSweeps.requireCluster(scheduler);
        plan = plan.withTrackingUri(SlurmSweeps.reachableStore(plan.trackingUri(), nodes));
        logs = SlurmSweeps.reachableLogs(logs, nodes);
        slurm = SlurmSweeps.launcher(plan, logs, scheduler, System.err, spec, overrides);
        runner = new SweepRunner(slurm, System.err);
        if (detach) {
          runner.detached();
        }
      } else if (detach) {
        throw new InvalidConfigException("--detach", "--detach needs trials that outlive this process: set "
            + "sweep.launcher: slurm (local trials end with the sweep process)");
      } else {
        runner = new SweepRunner(new LocalProcessLauncher(), System.err);
      }
      runnerHolder.set(runner);
      if (stopped.get()) {
        runner.requestStop();
      }
      try (Tracker tracker = TrackingStore.open(plan.trackingUri(), "tracking.uri")) {
        checkTrials(registry, plan, tracker);
        if (slurm != null) {
          SlurmSweeps.requireNoLiveArray(plan, tracker, SlurmSweeps.scheduler(), spec);
          // sbatch --test-only: the partition, account, QoS and limits as the cluster sees them, nothing submitted
          List<Integer> indices = plan.trials().stream().map(t -> t.trial().index()).toList();
          Optional<String> refused;
          try {
            refused = slurm.check(indices, plan.trackingUri(), plan.definition().trialJvmOptions(),
                plan.threadsPerTrial());
          } catch (IOException e) {
            refused = Optional.of(e.getMessage());
          }
          if (refused.isPresent()) {
            throw new InvalidConfigException("sweep.slurm", "sbatch refuses the sweep's job array: " + refused.get());
          }
        }
        if (dryRun) {
          System.out.printf("sweep '%s': %d trials, %d in parallel, %d threads each%s%n",
              DisplayText.line(plan.definition().name()), plan.trials().size(), plan.definition().parallel(),
              plan.threadsPerTrial(), slurm == null ? "" : ", as a Slurm job array (" + slurm.describe()
                  + "; sbatch --test-only accepts it)");
          plan.trials().forEach(t -> System.out.printf("  %3d  %s  %s%n", t.trial().index(), DisplayText.line(t.key()),
              DisplayText.line(t.trial().label())));
          return 0;
        }
        if (runner.stopRequested() || stopped.get()) {
          throw new CancellationException("stopped before the sweep started");
        }
        SweepRunner.Outcome outcome = runner.run(plan, tracker, logs);
        if (outcome.detached()) {
          System.out.printf("sweep submitted; parent run %s; follow it with: genlab sweep status %s%n",
              outcome.parentRunId(), spec);
          return 0;
        }
        System.out.print("\n" + outcome.summary());
        System.out.printf("parent run %s; %d trials %s, wall time %.1f s%n", outcome.parentRunId(),
            outcome.launched(), slurm != null ? "submitted to Slurm" : "started as processes", outcome.wallSeconds());
        return outcome.stopped() ? EXIT_KILLED : outcome.allSucceeded() ? 0 : EXIT_RUN_FAILED;
      }
    }
  }

  /** {@code genlab plugins}: every family with its version and origin, its components and config fields; broken ones. */
  @Command(name = "plugins", description = "List plugins (version, built-in or the jar they came from), their components "
      + "and each component's config fields, and the plugins of plugin folders (" + PluginLocations.VARIABLE + ", else "
      + "~/.genlab/plugins) that could not be loaded.")
  static final class Plugins implements Callable<Integer> {
    @Mixin
    PluginFolders plugins;

    @Override
    public Integer call() {
      PluginRegistry registry = plugins.discover();
      PrintStream out = System.out;
      for (PluginModule plugin : registry.plugins()) {
        PluginRegistry.Origin origin = registry.origin(plugin);
        // A plugin jar's id, description and names are its author's text, not genlab's: shown escaped.
        out.printf("%s %s (%s) — %s%n", DisplayText.line(plugin.id()), DisplayText.line(origin.version()),
            DisplayText.line(origin.describe()), DisplayText.line(plugin.description()));
        for (ComponentKind kind : ComponentKind.values()) {
          registry.components(kind).forEach((name, r) -> {
            if (r.plugin() != plugin) {
              return;
            }
            out.printf("  %-8s %-22s %s%n", kind.label(), DisplayText.line(name), DisplayText.line(r.factory().summary()));
            for (ConfigBinder.FieldInfo f : ConfigBinder.describe(r.factory().defaults())) {
              out.printf("             %-16s %-26s default %-14s %s%n", DisplayText.line(f.name()),
                  DisplayText.line(f.type()), DisplayText.line(String.valueOf(f.defaultValue())),
                  DisplayText.line(String.valueOf(f.description())));
            }
          });
        }
        out.println();
      }
      for (PluginRegistry.Broken broken : registry.broken()) {
        out.println("broken: " + DisplayText.line(broken.describe()));
      }
      return 0;
    }
  }

  /** {@code genlab report}: a comparison table of an experiment's runs. */
  @Command(name = "report", description = "Compare the runs of an experiment as a Markdown (or CSV) table, or as one "
      + "self-contained HTML page with plots (--html).")
  static final class Report implements Callable<Integer> {
    @Parameters(index = "0", description = "the MLflow experiment name")
    String experiment;

    @Mixin
    TrackingStore store;

    @Option(names = "--sort-by", description = "metric to sort by, ascending")
    String sortBy;

    @Option(names = "--csv", description = "print CSV instead of Markdown")
    boolean csv;

    @Option(names = "--html", description = "write one HTML page that opens offline: learning curves with seed bands, "
        + "mean +- 95% CI over seeds beside paper values, sample grids, sweep plots")
    boolean html;

    @Option(names = "--out", description = "write to this file instead of standard output")
    Path out;

    @Override
    public Integer call() throws Exception {
      // Everything is checked before a file is written; a folder that is not a store is refused, not read.
      boolean server = TrackingStore.isServer(store.uri(), store.place());
      Path folder = server ? null : ReportChecks.existingStore(store.uri(), store.place());
      if (html && (csv || sortBy != null)) {
        throw new InvalidConfigException(csv ? "--csv" : "--sort-by", "does not go with --html (the HTML report groups "
            + "runs by configuration); leave out one of them");
      }
      Path target = out == null ? null : ReportChecks.writableOut(out, folder);
      try (Tracker tracker = server ? store.open() : Trackers.fileStore(folder)) {
        ReportChecks.requireExperiment(tracker, experiment);
        if (html) {
          HtmlReport report = HtmlReport.builder().experiment(experiment).build();
          if (target != null) {
            ReportChecks.write(report, tracker, target);
          } else {
            System.out.print(report.render(tracker));
          }
          return 0;
        }
        if (sortBy != null) {
          ReportChecks.requireMetric(tracker, experiment, sortBy);
        }
        var builder = ComparisonReport.builder().experiment(experiment);
        if (sortBy != null) {
          builder.sortBy(sortBy);
        }
        ComparisonReport report = builder.build();
        ComparisonReport.Format format = csv ? ComparisonReport.Format.CSV : ComparisonReport.Format.MARKDOWN;
        if (target != null) {
          ReportChecks.write(report, tracker, format, target);
        } else {
          System.out.print(report.render(tracker, format));
        }
      }
      return 0;
    }
  }

  @Command(name = "sync", description = "Send runs to an MLflow tracking server: those kept in the local spool while it "
      + "was away, or with --from every run of a local file store (e.g. ./mlruns). Sending again sends nothing twice.")
  static final class Sync implements Callable<Integer> {
    @Option(names = "--tracking-uri", description = "the tracking server, http(s)://host:port (default: MLFLOW_TRACKING_URI)")
    String uri;

    @Option(names = "--from", description = "a local MLflow file store whose runs to send (sweeps stay nested)")
    String from;

    @Override
    public Integer call() {
      String server = Trackers.uriOrDefault(uri);
      String place = uri != null ? "--tracking-uri" : "MLFLOW_TRACKING_URI";
      if (!TrackingStore.isServer(server, place)) {
        throw new InvalidConfigException(uri != null ? "--tracking-uri" : "the tracking URI", "sync sends runs to a "
            + "tracking server, but " + Trackers.redacted(server) + " is a local store; give --tracking-uri "
            + "http://host:port or set MLFLOW_TRACKING_URI");
      }
      if (from != null) {
        ReportChecks.existingStore(from, "--from");
      }
      SyncSummary sent;
      try {
        sent = Trackers.sync(server, from);
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException(from != null ? "--from" : place, e.getMessage());
      }
      System.out.printf("sent to %s: %d run(s) compared, %d metric points, %d params, %d tags, %d artifact files%n",
          Trackers.redacted(server), sent.runs(), sent.metrics(), sent.params(), sent.tags(), sent.artifacts());
      if (!sent.refused().isEmpty()) {
        throw new InvalidConfigException("the tracking server", "refused " + sent.refused().size() + " run(s):\n"
            + String.join("\n", sent.refused()));
      }
      return 0;
    }
  }
}
