package io.genlab.runner.badinput;

import static io.genlab.runner.badinput.BadInputCase.of;

import io.genlab.tracking.RunStatus;
import io.genlab.tracking.TrackedRun;
import io.genlab.tracking.Tracker;
import io.genlab.tracking.Trackers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad sweeps: malformed {@code sweep:} sections (keys, grids, distributions, seeds, parallelism, ASHA, trial JVM
 * options), too many trials, sweep overrides, and specs or runs given to the wrong command.
 */
class SweepCorpusTests {
  @TempDir static Path dir;

  /** {@code genlab sweep <spec>} where the spec is the valid tiny spec with this {@code sweep:} body. */
  static BadInputCase sweep(String name, String body, String... mentions) {
    return sweepWith(name, body, List.of(), mentions);
  }

  /** As {@link #sweep}, with extra arguments after the spec. */
  static BadInputCase sweepWith(String name, String body, List<String> extra, String... mentions) {
    return of(name, ws -> BadInputCase.concat(List.of("sweep", ws.spec(withSweep(body))), extra), mentions);
  }

  /**
   * {@code genlab sweep <spec with GRID> --set <override>}: the message names the argument, then the spec path,
   * then each of {@code mentions}.
   */
  static BadInputCase set(String name, String override, String path, String... mentions) {
    List<String> all = new java.util.ArrayList<>(List.of("--set " + override + ": " + path + ": "));
    all.addAll(List.of(mentions));
    return sweepWith(name, GRID, List.of("--set", override), all.toArray(String[]::new));
  }

  static String withSweep(String body) {
    return Workspace.VALID_SPEC + "sweep:\n" + body.indent(2);
  }

  /** The id of a KILLED parent run of a sweep, made in the workspace's store. */
  static String sweepParent(Workspace ws) {
    try (Tracker tracker = Trackers.open(ws.store().toString())) {
      TrackedRun parent = tracker.startRun("tiny", "tiny-sweep", Map.of("genlab.sweep.name", "tiny-sweep"));
      parent.end(RunStatus.KILLED);
      return parent.runId();
    }
  }

  static final String GRID = "grid: {model.config.latentDim: [2, 4]}\n";

  static final List<BadInputCase> CASES = List.of(
      // keys
      sweep("unknown sweep key", "paralel: 2\n" + GRID, "sweep.paralel", "did you mean 'parallel'"),
      sweep("unknown random key", "random: {trails: 2, params: {loss.config.beta: {uniform: [1, 2]}}}",
          "sweep.random.trails", "did you mean 'trials'"),
      sweep("unknown objective key", GRID + "objective: {metric: test/neg_elbo, mod: max}",
          "sweep.objective.mod", "did you mean 'mode'"),
      sweep("unknown asha key", GRID + "asha: {metric: epoch/loss/neg_elbo, minEpoch: 1}",
          "sweep.asha.minEpoch", "did you mean 'minEpochs'"),
      sweep("unknown objective mode", GRID + "objective: {metric: test/neg_elbo, mode: maximum}",
          "sweep.objective.mode", "'maximum'", "max"),
      of("sweep section not a mapping", ws -> List.of("sweep", ws.spec(Workspace.VALID_SPEC + "sweep: 3\n")),
          "sweep", "mapping", "found 3"),
      sweep("nothing to sweep", "parallel: 2", "sweep", "nothing to sweep", "sweep.grid"),
      sweep("sweep name not a string", "name: [a, b]\n" + GRID, "sweep.name", "non-blank string"),
      sweep("objective not a mapping", GRID + "objective: test/neg_elbo", "sweep.objective", "mapping"),
      // Slurm: every value becomes an #SBATCH line, so each is checked (no cluster is needed to refuse these)
      sweep("unknown launcher", GRID + "launcher: slrum", "sweep.launcher", "'slrum'", "did you mean 'slurm'"),
      sweep("bad slurm settings are refused even for local trials", GRID + "slurm: {memory: lots}",
          "sweep.slurm.memory", "'lots'", "4G"),
      sweep("unknown slurm key", GRID + "launcher: slurm\nslurm: {partiton: gpu}", "sweep.slurm.partiton",
          "did you mean 'partition'"),
      sweep("partition that would carry another option", GRID + "launcher: slurm\nslurm: {partition: 'gpu --wrap=id'}",
          "sweep.slurm.partition", "'gpu --wrap=id'", "letters, digits"),
      sweep("slurm time in no Slurm form", GRID + "launcher: slurm\nslurm: {time: 2h}", "sweep.slurm.time", "'2h'",
          "H:M:S"),
      sweep("sbatch option that writes files", GRID + "launcher: slurm\nslurm: {options: {output: /etc/cron.d/x}}",
          "sweep.slurm.options.output", "set by genlab", "allowed: constraint"),
      sweep("sbatch option value with a space", GRID + "launcher: slurm\nslurm: {options: {gres: 'gpu:1 --uid=0'}}",
          "sweep.slurm.options.gres", "no spaces"),
      sweepWith("detach without Slurm", GRID, List.of("--detach"), "--detach", "sweep.launcher: slurm"),
      // grids
      sweep("grid not a mapping", "grid: [1, 2]", "sweep.grid", "mapping from spec path", "found [1, 2]"),
      sweep("grid values not a list", "grid: {model.config.latentDim: 4}",
          "sweep.grid.model.config.latentDim", "non-empty list", "found 4"),
      sweep("empty grid", "grid: {}", "sweep.grid", "at least one spec path"),
      sweep("empty list of grid values", "grid: {model.config.latentDim: []}",
          "sweep.grid.model.config.latentDim", "non-empty list", "found []"),
      sweep("swept field not in the model's config", "grid: {model.config.latentDimm: [2, 4]}",
          "latentDimm", "latentDim"),
      sweep("swept top-level key not in the spec", "grid: {modle.config.latentDim: [2, 4]}", "modle", "model"),
      sweep("swept list index not in the spec", "grid: {'metrics[3].config.samples': [10]}", "metrics[3]"),
      sweep("swept key not a spec path", "grid: {'model config': [1]}", "sweep.grid.model config",
          "not a spec path"),
      sweep("threads swept (the sweep sets them)", "grid: {threads: [1, 2]}", "sweep.grid.threads",
          "cannot be swept", "sweep.threadsPerTrial"),
      sweep("store swept (one parent, one store)", "random: {trials: 2, params: {tracking.uri: {choice: [a, b]}}}",
          "sweep.random.params.tracking.uri", "cannot be swept"),
      sweep("run name swept", "grid: {name: [a, b]}", "sweep.grid.name", "cannot be swept"),
      sweep("seed swept in the grid", "grid: {seed: [1, 2]}", "sweep.grid.seed", "sweep.seeds"),
      sweep("path swept by grid and random", GRID
          + "random: {trials: 2, params: {model.config.latentDim: {intRange: [2, 8]}}}",
          "sweep.random.params.model.config.latentDim", "in one place"),
      // random search
      sweep("uniform low > high", "random: {trials: 2, params: {loss.config.beta: {uniform: [4, 1]}}}",
          "sweep.random.params.loss.config.beta.uniform", "low < high", "[4, 1]"),
      sweep("logUniform low <= 0", "random: {trials: 2, params: {training.optimizer.learningRate: "
          + "{logUniform: [0, 0.1]}}}", "sweep.random.params.training.optimizer.learningRate.logUniform",
          "0 < low < high"),
      sweep("unknown distribution", "random: {trials: 2, params: {loss.config.beta: {unifrom: [1, 2]}}}",
          "sweep.random.params.loss.config.beta.unifrom", "did you mean 'uniform'"),
      sweep("distribution not a mapping", "random: {trials: 2, params: {loss.config.beta: 0.5}}",
          "sweep.random.params.loss.config.beta", "one-key mapping"),
      sweep("intRange reversed", "random: {trials: 2, params: {model.config.latentDim: {intRange: [8, 2]}}}",
          "sweep.random.params.model.config.latentDim.intRange", "low <= high"),
      sweep("uniform with one bound", "random: {trials: 2, params: {loss.config.beta: {uniform: [1]}}}",
          "sweep.random.params.loss.config.beta.uniform", "[low, high]"),
      sweep("random trials 0", "random: {trials: 0, params: {loss.config.beta: {uniform: [1, 2]}}}",
          "sweep.random.trials", "found 0"),
      sweep("random trials missing", "random: {params: {loss.config.beta: {uniform: [1, 2]}}}",
          "sweep.random.trials", "missing"),
      sweep("random seed not an integer", "random: {trials: 2, seed: abc, params: {loss.config.beta: "
          + "{uniform: [1, 2]}}}", "sweep.random.seed", "integer", "'abc'"),
      sweep("choice of nothing", "random: {trials: 2, params: {model.config.likelihood: {choice: []}}}",
          "sweep.random.params.model.config.likelihood.choice", "non-empty list"),
      sweep("random params empty", "random: {trials: 2, params: {}}", "sweep.random.params", "at least one"),
      // seeds
      sweep("seeds not a list", "seeds: 3", "sweep.seeds", "non-empty list of integers", "found 3"),
      sweep("seeds empty", "seeds: []", "sweep.seeds", "non-empty list"),
      sweep("seed not an integer", "seeds: [1, one]", "sweep.seeds[1]", "integer", "'one'"),
      sweep("seed repeated", "seeds: [1, 2, 1]", "sweep.seeds[2]", "duplicate seed 1"),
      sweep("seed too large for a long", "seeds: [1, 100000000000000000000]", "sweep.seeds[1]", "integer"),
      // parallelism and threads
      sweep("parallel 0", "parallel: 0\n" + GRID, "sweep.parallel", "between 1 and 256", "found 0"),
      sweep("parallel negative", "parallel: -3\n" + GRID, "sweep.parallel", "found -3"),
      sweep("parallel huge", "parallel: 100000\n" + GRID, "sweep.parallel", "between 1 and 256", "found 100000"),
      sweep("parallel beyond a long", "parallel: 100000000000000000000000\n" + GRID, "sweep.parallel",
          "between 1 and 256", "found 100000000000000000000000"),
      sweep("parallel not a number", "parallel: many\n" + GRID, "sweep.parallel", "integer", "'many'"),
      sweep("threadsPerTrial negative", "threadsPerTrial: -1\n" + GRID, "sweep.threadsPerTrial", "found -1"),
      sweep("threadsPerTrial huge", "threadsPerTrial: 5000\n" + GRID, "sweep.threadsPerTrial", "1024"),
      sweep("threadsPerTrial a float", "threadsPerTrial: 1.5\n" + GRID, "sweep.threadsPerTrial", "integer"),
      // ASHA
      sweep("asha reductionFactor 1", GRID + "asha: {metric: epoch/loss/neg_elbo, reductionFactor: 1}",
          "sweep.asha.reductionFactor", "found 1"),
      sweep("asha minEpochs 0", GRID + "asha: {metric: epoch/loss/neg_elbo, minEpochs: 0}",
          "sweep.asha.minEpochs", "found 0"),
      sweep("asha maxEpochs above training.epochs", GRID
          + "asha: {metric: epoch/loss/neg_elbo, minEpochs: 1, maxEpochs: 9}", "sweep.asha.maxEpochs",
          "training.epochs"),
      sweep("asha without a metric", GRID + "asha: {mode: min}", "sweep.asha.metric", "missing"),
      of("asha metric not logged per epoch", ws -> List.of("sweep", ws.spec(withSweep(GRID
          + "asha: {metric: test/neg_elbo, maxEpochs: 3}").replace("epochs: 1,", "epochs: 3,"))),
          "sweep.asha.metric", "epoch/"),
      sweep("asha not a mapping", GRID + "asha: yes", "sweep.asha", "mapping"),
      // trial JVM options
      sweep("JVM option that runs a command on OOM", GRID
          + "trialJvmOptions: [-Xmx1g, '-XX:OnOutOfMemoryError=touch /tmp/pwned']",
          "sweep.trialJvmOptions[1]", "-XX:OnOutOfMemoryError", "not allowed", "-Xmx, -Xms, -Xss <size>",
          "(sizes like 4g)"),
      sweep("JVM option OnError", GRID + "trialJvmOptions: ['-XX:OnError=sh -c id']",
          "sweep.trialJvmOptions[0]", "-XX:OnError"),
      sweep("JVM option -javaagent", GRID + "trialJvmOptions: ['-javaagent:/tmp/agent.jar']",
          "sweep.trialJvmOptions[0]", "-javaagent"),
      sweep("JVM option -agentpath", GRID + "trialJvmOptions: ['-agentpath:/tmp/lib.so']",
          "sweep.trialJvmOptions[0]", "-agentpath"),
      sweep("JVM option -cp", GRID + "trialJvmOptions: [-cp, /tmp/evil.jar]", "sweep.trialJvmOptions[0]",
          "sweep.trialJvmOptions[1]", "'-cp'"),
      sweep("JVM argument file", GRID + "trialJvmOptions: ['@/tmp/args']", "sweep.trialJvmOptions[0]", "@/tmp/args"),
      sweep("JVM library path", GRID + "trialJvmOptions: ['-Djava.library.path=/tmp']",
          "sweep.trialJvmOptions[0]", "-Djava.library.path"),
      sweep("JVM flags file", GRID + "trialJvmOptions: ['-XX:Flags=/tmp/flags']", "sweep.trialJvmOptions[0]",
          "-XX:Flags"),
      sweep("JVM heap size malformed", GRID + "trialJvmOptions: [-Xmx2gb]", "sweep.trialJvmOptions[0]",
          "'-Xmx2gb'", "-Xmx takes a size such as 512m"),
      sweep("JVM RAM percentage above 100", GRID + "trialJvmOptions: ['-XX:MaxRAMPercentage=150']",
          "sweep.trialJvmOptions[0]", "MaxRAMPercentage"),
      sweep("JavaCPP cap malformed", GRID + "trialJvmOptions: ['-Dorg.bytedeco.javacpp.maxbytes=lots']",
          "sweep.trialJvmOptions[0]", "maxbytes"),
      sweep("JVM options not a list", GRID + "trialJvmOptions: -Xmx1g", "sweep.trialJvmOptions", "list of strings"),
      sweep("JVM option not a string", GRID + "trialJvmOptions: [2]", "sweep.trialJvmOptions[0]", "a string"),
      // trial count
      sweep("grid of 10^12 trials", "grid: {model.config.latentDim: " + range(1000) + ", loss.config.beta: "
          + range(1000) + ", training.batchSize: " + range(1000) + ", training.epochs: " + range(1000) + "}",
          "1000000000000 trials", "grid 1000 x 1000 x 1000 x 1000", "limit of 10000", "sweep fewer values",
          "1000000 at most"),
      sweep("random search over the limit", "random: {trials: 20000, params: {loss.config.beta: {uniform: [1, 2]}}}"
          + "\nseeds: [1, 2]", "40000 trials", "limit of 10000", "--set sweep.maxTrials=40000"),
      sweep("random trials beyond a long", "random: {trials: 100000000000000000000000, params: "
          + "{loss.config.beta: {uniform: [1, 2]}}}", "100000000000000000000000 trials"),
      sweep("over a maxTrials the spec sets", "maxTrials: 3\nseeds: [1, 2, 3, 4]", "4 trials", "limit of 3",
          "set by sweep.maxTrials"),
      sweepWith("over a maxTrials --set sets", "seeds: [1, 2, 3]", List.of("--set", "sweep.maxTrials=2"),
          "3 trials", "limit of 2"),
      sweepWith("over the limit with --dry-run", "random: {trials: 10001, params: {loss.config.beta: "
          + "{uniform: [1, 2]}}}", List.of("--dry-run"), "10001 trials", "limit of 10000"),
      sweep("maxTrials 0", "maxTrials: 0\n" + GRID, "sweep.maxTrials", "found 0"),
      sweep("maxTrials above its cap", "maxTrials: 2000000\n" + GRID, "sweep.maxTrials", "1000000"),
      // --set on the sweep section: the same checks as in the file, placed at the argument
      set("--set sweep.parallel=0", "sweep.parallel=0", "sweep.parallel", "between 1 and 256", "found 0"),
      set("--set sweep.maxTrials not a number", "sweep.maxTrials=lots", "sweep.maxTrials", "integer", "'lots'"),
      set("--set sweep.maxTrials=0", "sweep.maxTrials=0", "sweep.maxTrials", "found 0"),
      set("--set sweep.threadsPerTrial=-1", "sweep.threadsPerTrial=-1", "sweep.threadsPerTrial", "found -1"),
      set("--set sweep.name to a list", "sweep.name=[a, b]", "sweep.name", "non-blank string"),
      set("--set unknown sweep key", "sweep.parallell=2", "sweep.parallell", "did you mean 'parallel'"),
      set("--set sweep.seeds with a duplicate", "sweep.seeds=[1, 1]", "sweep.seeds[1]", "duplicate seed 1"),
      set("--set sweep.seeds to a number", "sweep.seeds=1", "sweep.seeds", "non-empty list of integers", "found 1"),
      set("--set sweep.seeds empty", "sweep.seeds=[]", "sweep.seeds", "non-empty list"),
      set("--set a seed that is a word", "sweep.seeds=[1, one]", "sweep.seeds[1]", "integer", "'one'"),
      of("--set an index into seeds the spec lacks", ws -> List.of("sweep", ws.spec(withSweep(GRID)), "--set",
          "sweep.seeds[0]=3"), "--set sweep.seeds[0]=3: sweep.seeds[0] does not exist: sweep.seeds is not set",
          "sweep.seeds=[...]"),
      set("--set sweep.objective.mode", "sweep.objective={metric: test/neg_elbo, mode: maximum}",
          "sweep.objective.mode", "'maximum'", "max"),
      set("--set sweep.objective to a string", "sweep.objective=test/neg_elbo", "sweep.objective", "mapping"),
      set("--set an unknown objective key", "sweep.objective={metric: test/neg_elbo, mod: max}",
          "sweep.objective.mod", "did you mean 'mode'"),
      set("--set sweep.asha.minEpochs=0", "sweep.asha={metric: epoch/loss/neg_elbo, minEpochs: 0}",
          "sweep.asha.minEpochs", "found 0"),
      set("--set sweep.asha.reductionFactor=1", "sweep.asha={metric: epoch/loss/neg_elbo, reductionFactor: 1}",
          "sweep.asha.reductionFactor", "found 1"),
      set("--set sweep.asha.maxEpochs above training.epochs", "sweep.asha={metric: epoch/loss/neg_elbo, "
          + "minEpochs: 1, maxEpochs: 9}", "sweep.asha.maxEpochs", "training.epochs"),
      sweepWith("--set sweep.asha.metric not per epoch", GRID, List.of("--set", "training.epochs=3", "--set",
          "sweep.asha={metric: test/neg_elbo}"), "--set sweep.asha={metric: test/neg_elbo}: sweep.asha.metric: ",
          "epoch/"),
      set("--set sweep.asha to a word", "sweep.asha=yes", "sweep.asha", "mapping"),
      set("--set sweep.random.trials=0", "sweep.random={trials: 0, params: {loss.config.beta: {uniform: [1, 2]}}}",
          "sweep.random.trials", "found 0"),
      set("--set sweep.random.seed not an integer", "sweep.random={trials: 2, seed: abc, params: "
          + "{loss.config.beta: {uniform: [1, 2]}}}", "sweep.random.seed", "integer", "'abc'"),
      set("--set a search space entry reversed", "sweep.random.params.loss.config.beta={uniform: [4, 1]}",
          "sweep.random.params.loss.config.beta.uniform", "low < high", "[4, 1]"),
      set("--set an unknown distribution", "sweep.random.params.loss.config.beta={unifrom: [1, 2]}",
          "sweep.random.params.loss.config.beta.unifrom", "did you mean 'uniform'"),
      set("--set grid values not a list", "sweep.grid.model.config.latentDim=5", "sweep.grid.model.config.latentDim",
          "non-empty list"),
      set("--set a grid entry that cannot be swept", "sweep.grid.threads=[1, 2]", "sweep.grid.threads",
          "cannot be swept"),
      sweepWith("--set a grid path not in the model's config", GRID,
          List.of("--set", "sweep.grid.model.config.latentDimm=[2, 4]"), "--set sweep.grid.model.config.latentDimm=[2, 4]: "
          + "sweep trial 0 (model.config.latentDim=2, model.config.latentDimm=2): model.config.latentDimm", "latentDim"),
      set("--set a forbidden JVM option", "sweep.trialJvmOptions=['-XX:OnError=id']", "sweep.trialJvmOptions[0]",
          "-XX:OnError"),
      set("--set the whole section to a number", "sweep=3", "sweep", "mapping", "found 3"),
      of("--set below a sweep section that is a word", ws -> List.of("sweep", ws.spec(Workspace.VALID_SPEC
          + "sweep: lots\n"), "--set", "sweep.parallel=2"), "--set sweep.parallel=2: cannot set it: sweep is not "
          + "a mapping, found 'lots'"),
      // sweep values in the file are placed at their line, as a run spec's
      sweep("a seed repeated in the file", "seeds: [1, 2, 1]", "@file:11:17: sweep.seeds[2]: ", "duplicate seed 1"),
      sweep("parallel 0 in the file", "parallel: 0\n" + GRID, "@file:11:13: sweep.parallel: ", "found 0"),
      sweepWith("--set grid path missing", GRID, List.of("--set", "sweep.grid.=[1, 2]"), "--set sweep.grid.=[1, 2]",
          "name the swept spec path"),
      sweepWith("--set into a grid that is not a mapping", "grid: [1]\nseeds: [1]",
          List.of("--set", "sweep.grid.loss.config.beta=[1, 2]"), "sweep.grid is not a mapping"),
      sweepWith("--set sweep value not YAML", GRID, List.of("--set", "sweep.grid.loss.config.beta=[1, 2"),
          "--set sweep.grid.loss.config.beta=[1, 2", "YAML"),
      sweepWith("--set sweep value with a tag", GRID, List.of("--set", "sweep.grid.loss.config.beta=!!binary AAAA"),
          "--set sweep.grid.loss.config.beta=!!binary AAAA", "!!binary"),
      sweepWith("--set sweep value with nested aliases", GRID, List.of("--set",
          "sweep.grid.loss.config.beta=[&a [1, 1], &b [*a, *a], &c [*b, *b], &d [*c, *c], &e [*d, *d], &f [*e, *e], "
              + "&g [*f, *f], &h [*g, *g], &i [*h, *h], &j [*i, *i], &k [*j, *j], &l [*k, *k], &m [*l, *l], "
              + "&n [*m, *m], &o [*n, *n], &p [*o, *o], &q [*p, *p]]"), "--set sweep.grid.loss.config.beta"),
      // the wrong command
      of("sweep spec passed to run", ws -> List.of("run", ws.spec(withSweep(GRID))), "sweep", "genlab sweep"),
      of("spec without a sweep passed to sweep", ws -> List.of("sweep", ws.spec(Workspace.VALID_SPEC)),
          "no sweep section", "genlab run"),
      of("resume of a sweep's parent run", ws -> List.of("resume", sweepParent(ws), "--tracking-uri",
          ws.store().toString()), "parent run of sweep 'tiny-sweep'", "genlab sweep"),
      // what a run checks before training, checked before the sweep starts (and by --dry-run)
      of("sweep to a tracking server", ws -> List.of("sweep", ws.spec(withSweep(GRID)
          + "tracking: {uri: 'https://me:hunter2@mlflow.example.com'}\n")), "tracking.uri", "***@", "holds credentials"),
      of("sweep whose data folder is missing", ws -> List.of("sweep", ws.spec(withSweep(GRID)
          .replace("data: {name: shapes, config: {trainSize: 64, testSize: 16, size: 8}}",
              "data: {name: idx, config: {directory: '" + ws.root().resolve("no-such-folder") + "'}}"))),
          "no-such-folder"),
      of("sweep --dry-run whose data folder is missing", ws -> List.of("sweep", ws.spec(withSweep(GRID)
          .replace("data: {name: shapes, config: {trainSize: 64, testSize: 16, size: 8}}",
              "data: {name: idx, config: {directory: '" + ws.root().resolve("absent-data") + "'}}")), "--dry-run"),
          "absent-data"));

  static String range(int n) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 1; i <= n; i++) {
      out.append(i).append(i < n ? ", " : "]");
    }
    return out.toString();
  }

  @TestFactory
  Stream<DynamicTest> refused() {
    return BadInputCase.tests(new Workspace(dir), CASES);
  }
}
