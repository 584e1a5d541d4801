package io.genlab.runner.cli;

import io.genlab.engine.config.InvalidConfigException;
import io.genlab.runner.launch.TrialJvmOptions;
import io.genlab.runner.launch.slurm.CommandRunner;
import io.genlab.runner.launch.slurm.SlurmBatchScript;
import io.genlab.runner.launch.slurm.SlurmLauncher;
import io.genlab.runner.launch.slurm.SlurmScheduler;
import io.genlab.runner.sweep.SweepDefinition;
import io.genlab.runner.sweep.SweepPlan;
import io.genlab.tracking.Trackers;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the command line needs to run a sweep on Slurm: the launcher for a plan, and the checks that the store
 * and the log folder are where the compute nodes can reach them. Stateless.
 */
final class SlurmSweeps {
  /** Folders every machine has its own of: a store there is invisible to the other nodes. */
  private static final List<String> NODE_LOCAL = List.of("/tmp", "/var/tmp", "/dev/shm", "/run");
  /** How often the driver reads the array's state; GENLAB_SLURM_POLL_SECONDS changes it (tests use 1). */
  private static final Duration DEFAULT_POLL = Duration.ofSeconds(5);

  private SlurmSweeps() {}

  /** The scheduler, through this machine's Slurm commands. */
  static SlurmScheduler scheduler() {
    return new SlurmScheduler(CommandRunner.processes());
  }

  /**
   * The launcher of {@code plan}'s job array: tasks run this JVM's {@code java} and class path (on a shared
   * filesystem, as genlab's jars must be), their scripts and Slurm's own output go to {@code logDirectory/slurm}.
   */
  static SlurmLauncher launcher(SweepPlan plan, Path logDirectory, SlurmScheduler scheduler, PrintStream console,
      Path spec, List<String> overrides) {
    SweepDefinition sweep = plan.definition();
    List<String> javaOptions = TrialJvmOptions.inheritedModules();
    return new SlurmLauncher(scheduler, sweep.slurm(), SlurmBatchScript.jobName(sweep.name()), sweep.parallel(),
        logDirectory.resolve("slurm"), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        javaOptions, System.getProperty("java.class.path"), console, poll(),
        concludingArguments(spec, overrides, plan.trackingUri()));
  }

  /**
   * {@code sweep status} of this sweep as the concluding job runs it: the same spec (absolute) and overrides,
   * and the store as the tasks reach it.
   */
  static List<String> concludingArguments(Path spec, List<String> overrides, String trackingUri) {
    List<String> arguments = new ArrayList<>(List.of("sweep", "status"));
    overrides.forEach(o -> arguments.addAll(List.of("--set", o)));
    arguments.addAll(List.of("--set", "tracking.uri=" + trackingUri, "--", spec.toAbsolutePath().normalize()
        .toString()));
    return arguments;
  }

  private static Duration poll() {
    String seconds = System.getenv("GENLAB_SLURM_POLL_SECONDS");
    return seconds != null && seconds.matches("[1-9][0-9]{0,3}") ? Duration.ofSeconds(Integer.parseInt(seconds))
        : DEFAULT_POLL;
  }

  /**
   * The host names of the cluster's nodes, which also shows that Slurm's commands are here and its controller
   * answers.
   *
   * @throws InvalidConfigException at {@code sweep.launcher} when they are not, saying where to run instead
   */
  static List<String> requireCluster(SlurmScheduler scheduler) {
    try {
      return scheduler.nodeHosts();
    } catch (IOException e) {
      throw new InvalidConfigException("sweep.launcher", "launcher slurm needs Slurm's commands and a controller "
          + "that answers them here: " + e.getMessage() + "; run the sweep on a login node of the cluster, or set "
          + "sweep.launcher: local");
    }
  }

  /**
   * The store's URI as the tasks get it: a server's as is, a file store's as an absolute path.
   *
   * @throws InvalidConfigException at {@code tracking.uri} when the compute nodes could not see the store: a
   *     relative path, or one in a node-local folder such as /tmp, unless every node of the partition is this
   *     machine
   */
  static String reachableStore(String trackingUri, List<String> nodes) {
    if (Trackers.serverUri(trackingUri).isPresent()) {
      return trackingUri;
    }
    Path folder = Trackers.storeFolder(trackingUri);
    String given = trackingUri.startsWith("file:") ? trackingUri.substring("file:".length()) : trackingUri;
    Optional<String> problem = !given.startsWith("/") ? Optional.of("is a relative path")
        : nodeLocal(folder).map(top -> "lies in " + top + ", which each machine has its own of");
    if (problem.isPresent() && !nodesAreThisMachine(nodes)) {
      throw new InvalidConfigException("tracking.uri", "a Slurm sweep's trials run on other machines, and the store '"
          + trackingUri + "' " + problem.get() + "; use a tracking server (--set tracking.uri=http://host:5000) or a "
          + "file store on a shared filesystem given as an absolute path (--set tracking.uri=/shared/project/mlruns)");
    }
    return folder.toAbsolutePath().normalize().toString();
  }

  /**
   * The sweep's log folder, absolute.
   *
   * @throws InvalidConfigException at {@code --log-dir} when it is node-local and the nodes are other machines
   */
  static Path reachableLogs(Path logDirectory, List<String> nodes) {
    Path absolute = logDirectory.toAbsolutePath().normalize();
    Optional<String> local = nodeLocal(absolute);
    if (local.isPresent() && !nodesAreThisMachine(nodes)) {
      throw new InvalidConfigException("--log-dir", "a Slurm sweep's tasks write their logs from other machines, and "
          + absolute + " lies in " + local.get() + ", which each machine has its own of; give a folder on a shared "
          + "filesystem, e.g. --log-dir $HOME/genlab-logs");
    }
    try {
      return SlurmBatchScript.requireSbatchPath(absolute);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("--log-dir", e.getMessage());
    }
  }

  /**
   * Refuses to launch a sweep whose latest job array still has tasks queued or running: its trials would run
   * twice, once in each array.
   *
   * @throws InvalidConfigException naming the array and how to follow or cancel it
   */
  static void requireNoLiveArray(SweepPlan plan, io.genlab.tracking.Tracker tracker, SlurmScheduler scheduler,
      Path spec) throws IOException {
    Optional<io.genlab.tracking.RunInfo> parent = io.genlab.runner.sweep.SweepRunner.parent(plan, tracker);
    String job = parent.map(p -> p.tags().get(io.genlab.runner.sweep.SweepRunner.JOB_TAG)).orElse(null);
    if (job == null || !job.matches("[0-9]{1,12}")) {
      return;
    }
    long live = scheduler.tasks(job).map(tasks -> tasks.values().stream().filter(t -> !t.ended()).count()).orElse(0L);
    if (live > 0) {
      throw new InvalidConfigException("sweep.name", "sweep '" + plan.definition().name() + "' still has " + live
          + " tasks of its job array " + job + " queued or running; follow them with genlab sweep status " + spec
          + ", or stop them with genlab sweep cancel " + spec + " before running it again");
    }
  }

  private static Optional<String> nodeLocal(Path absolute) {
    Path real = absolute.toAbsolutePath().normalize();
    return NODE_LOCAL.stream().filter(top -> real.startsWith(top)).findFirst();
  }

  /**
   * Whether every node of the cluster is this machine (a one-machine cluster, as in genlab's tests): then a
   * node-local folder is the same folder for the tasks.
   */
  private static boolean nodesAreThisMachine(List<String> nodes) {
    try {
      Set<String> me = new java.util.HashSet<>(List.of("localhost", "127.0.0.1"));
      InetAddress local = InetAddress.getLocalHost();
      me.add(local.getHostName());
      me.add(local.getHostName().split("\\.")[0]);
      me.add(local.getHostAddress());
      return !nodes.isEmpty() && me.containsAll(nodes);
    } catch (IOException e) {
      return false;
    }
  }

}
