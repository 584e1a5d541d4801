package io.genlab.runner.badinput;

import static io.genlab.runner.badinput.BadInputCase.run;
import static io.genlab.runner.badinput.BadInputCase.runValid;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values of the wrong type, range or size, in the spec file or given by {@code --set}, and malformed
 * {@code --set} arguments: each refused with its place, the value and what is allowed.
 */
class ValuesCorpusTests {
  @TempDir static Path dir;

  /** The valid spec with {@code from} replaced by {@code to}. */
  static String valid(String from, String to) {
    if (!Workspace.VALID_SPEC.contains(from)) {
      throw new IllegalArgumentException(from);
    }
    return Workspace.VALID_SPEC.replace(from, to);
  }

  /** The valid spec with {@code line} appended. */
  static String plus(String line) {
    return Workspace.VALID_SPEC + line + "\n";
  }

  static BadInputCase set(String name, String override, String... mentions) {
    return runValid(name, List.of("--set", override), mentions);
  }

  static final String DDIM = """
      name: ddim
      data: {name: toy2d, config: {trainSize: 64, testSize: 16}}
      model: {name: mlp-ddpm, config: {diffusion: {timesteps: 10}}}
      loss: ddpm
      training: {epochs: 1, batchSize: 16}
      samplers: [{name: ddim, config: {count: 4, steps: 20}}]
      """;

  static final List<BadInputCase> CASES = List.of(
      // Integers: never wrapped, rounded or read from text.
      run("threads beyond int", plus("threads: 99999999999"), "@file:10:10: threads", "from 1 to 1024", "99999999999"),
      run("threads zero", plus("threads: 0"), "threads must be from 1 to 1024, found 0"),
      run("seed 1e30", valid("seed: 5", "seed: 1e30"), "@file:3:7: seed", "seed must be a long from", "1.0E30"),
      run("seed beyond long", valid("seed: 5", "seed: 99999999999999999999999"), "seed must be a long from",
          "99999999999999999999999"),
      run("seed as quoted text", valid("seed: 5", "seed: '5'"), "seed must be a long, found '5'; write numbers without quotes"),
      run("seed a fraction", valid("seed: 5", "seed: 2.5"), "seed must be a long, found 2.5; a whole number is needed"),
      run("epochs beyond int", valid("epochs: 1", "epochs: 2147483648"), "training.epochs: epochs must be an int from "
          + "-2147483648 to 2147483647, found 2147483648"),
      run("epochs a fraction", valid("epochs: 1", "epochs: 2.5"), "training.epochs: epochs must be an int, found 2.5"),
      run("epochs as text", valid("epochs: 1", "epochs: \"3\""), "epochs must be an int, found '3'; write numbers without quotes"),
      run("epochs NaN", valid("epochs: 1", "epochs: .nan"), "training.epochs: epochs must be an int, found NaN"),
      run("epochs a word", valid("epochs: 1", "epochs: many"), "epochs must be an int, found 'many'"),
      run("latentDim as quoted text", valid("latentDim: 2", "latentDim: \"8\""),
          "model.config.latentDim: latentDim must be an int, found '8'; write numbers without quotes"),
      run("latentDim null", valid("latentDim: 2", "latentDim: ~"), "model.config.latentDim: latentDim must be an int, found null"),
      run("latentDim a fraction", valid("latentDim: 2", "latentDim: 8.5"), "latentDim must be an int, found 8.5"),
      run("latentDim negative", valid("latentDim: 2", "latentDim: -3"), "latentDim must be > 0, found -3"),
      run("latentDim a list", valid("latentDim: 2", "latentDim: [2]"), "latentDim must be an int, found a list [2]"),
      // Reals: finite.
      run("learning rate NaN", valid("logEvery: 1}", "logEvery: 1, optimizer: {learningRate: .nan}}"),
          "training.optimizer.learningRate: learningRate must be a finite number, found NaN"),
      run("learning rate infinity", valid("logEvery: 1}", "logEvery: 1, optimizer: {learningRate: .inf}}"),
          "learningRate must be a finite number, found Infinity"),
      run("beta1 minus infinity", valid("logEvery: 1}", "logEvery: 1, optimizer: {beta1: -.inf}}"),
          "beta1 must be a finite number, found -Infinity"),
      run("learning rate as text", valid("logEvery: 1}", "logEvery: 1, optimizer: {learningRate: '1e-3'}}"),
          "learningRate must be a double, found '1e-3'; write numbers without quotes"),
      run("group learning rate NaN", valid("logEvery: 1}", "logEvery: 1, optimizers: {generator: {learningRate: .NaN}}}"),
          "training.optimizers.generator.learningRate: learningRate must be a finite number, found NaN"),
      run("sigma infinity", valid("latentDim: 2", "latentDim: 2, gaussianSigma: .inf"),
          "model.config.gaussianSigma: gaussianSigma must be a finite number, found Infinity"),
      run("beta a boolean", valid("loss: elbo", "loss: {name: elbo, config: {beta: true}}"),
          "loss.config.beta: beta must be a double, found true"),
      // Booleans, strings, enums.
      run("offline as text", valid("size: 8}", "size: 8}, offline: 'yes'"),
          "data.offline: offline must be a boolean, found 'yes'; write true or false without quotes"),
      run("offline a number", valid("size: 8}", "size: 8}, offline: 1"), "data.offline: offline must be a boolean, found 1"),
      run("optimizer name null", valid("logEvery: 1}", "logEvery: 1, optimizer: {name: ~}}"),
          "training.optimizer.name: name must be a string, found null; remove the key to keep the default (adam)"),
      run("hiddenSizes null", valid("hiddenSizes: [16]", "hiddenSizes: ~"), "model.config.hiddenSizes: hiddenSizes must be a "
          + "list of int, found null"),
      run("offline null", valid("size: 8}", "size: 8}, offline: ~"), "data.offline: offline must be a boolean, found null"),
      run("rewrites as text", plus("engine: {rewrites: 'false'}"), "engine.rewrites: rewrites must be a boolean, found 'false'"),
      run("executor misspelled", plus("engine: {executor: plannd}"), "engine.executor", "did you mean 'planned'?"),
      run("binarize misspelled", valid("binarize: dynamic", "binarize: dynamik"), "training.binarize", "did you mean 'dynamic'?"),
      run("binarize a number", valid("binarize: dynamic", "binarize: 1"), "training.binarize: binarize must be one of"),
      run("binarize a list", valid("binarize: dynamic", "binarize: [dynamic]"), "binarize must be one of", "found a list"),
      run("likelihood a boolean", valid("latentDim: 2", "latentDim: 2, likelihood: no"), "likelihood must be one of",
          "found 'false'"),
      run("name a boolean", valid("name: tiny", "name: yes"), "name: name must be a string, found true",
          "quote it ('true')"),
      run("name a number", valid("name: tiny", "name: 1.10"), "name must be a string, found 1.1", "quote it"),
      run("name a list", valid("name: tiny", "name: [a, b]"), "name: name must be a string, found a list [a, b]"),
      run("data directory a number", valid("size: 8}", "size: 8}, directory: 7"), "data.directory: directory must be a string"),
      // Missing, null and mistyped components.
      run("model null", valid("model: {name: mlp-vae, config: {hiddenSizes: [16], latentDim: 2}}", "model: null"),
          "model: missing; name a model", "mlp-vae"),
      run("model a number", valid("model: {name: mlp-vae, config: {hiddenSizes: [16], latentDim: 2}}", "model: 5"),
          "model: model must be a mapping, found 5"),
      run("model a list", valid("model: {name: mlp-vae, config: {hiddenSizes: [16], latentDim: 2}}", "model: [mlp-vae]"),
          "model must be a mapping, found [mlp-vae]"),
      run("model name a number", valid("name: mlp-vae,", "name: 7,"), "model.name: must be a name (text), found 7"),
      run("model misspelled", valid("name: mlp-vae,", "name: mlp-vea,"), "unknown model 'mlp-vea'", "did you mean 'mlp-vae'?"),
      run("config a list", valid("config: {hiddenSizes: [16], latentDim: 2}", "config: [1]"),
          "model.config: model.config must be a mapping"),
      run("metrics not a list", valid("metrics: [test-elbo]", "metrics: test-elbo"), "metrics must be a list"),
      run("metric misspelled", valid("metrics: [test-elbo]", "metrics: [test-elob]"), "metrics[0]", "did you mean 'test-elbo'?"),
      // Lists.
      run("hiddenSizes empty", valid("hiddenSizes: [16]", "hiddenSizes: []"),
          "model.config.hiddenSizes: hiddenSizes must not be empty"),
      run("hiddenSizes of words", valid("hiddenSizes: [16]", "hiddenSizes: [a, b]"), "hiddenSizes[0] must be an int, found 'a'"),
      run("hiddenSizes with a boolean", valid("hiddenSizes: [16]", "hiddenSizes: [16, true]"),
          "hiddenSizes[1] must be an int, found true"),
      run("hiddenSizes of 10000 entries", valid("hiddenSizes: [16]", "hiddenSizes: " + Collections.nCopies(10_000, 16)),
          "hiddenSizes has 10000 entries; at most 1000"),
      run("hiddenSizes with a null", valid("hiddenSizes: [16]", "hiddenSizes: [16, ~]"), "hiddenSizes[1]", "found null"),
      run("excludeClasses of words", valid("size: 8}", "size: 8}, excludeClasses: [a]"),
          "data.excludeClasses: excludeClasses must be a list of at most 1000 class numbers"),
      run("excludeClasses negative", valid("size: 8}", "size: 8}, excludeClasses: [-1]"), "data.excludeClasses", "ints >= 0"),
      // Sizes and ranges in components.
      run("sampler count zero", valid("count: 4", "count: 0"), "samplers[0].config.count: count must be > 0, found 0"),
      run("sampler label with a slash", valid("{name: prior, config", "{name: prior, label: a/b, config"),
          "samplers[0].label", "letters, digits"),
      run("a layer of 10^9 units", valid("hiddenSizes: [16]", "hiddenSizes: [16, 1000000000]"),
          "model.config.hiddenSizes: hiddenSizes[1] must be from 1 to 16384, found 1000000000", "gigabytes"),
      run("a latent of 10^9 dimensions", valid("latentDim: 2", "latentDim: 1000000000"),
          "latentDim must be from 1 to 16384, found 1000000000", "gigabytes"),
      run("a sampler grid of 10^9 samples", valid("count: 4", "count: 1000000000"),
          "samplers[0].config.count: count must be from 1 to 100000, found 1000000000", "hours"),
      run("a metric of 10^9 samples", valid("metrics: [test-elbo]", "metrics: [{name: iwae-nll, config: {samples: 1000000000}}]"),
          "metrics[0].config.samples: samples must be from 1 to 100000"),
      run("10^9 diffusion steps", DDIM.replace("timesteps: 10", "timesteps: 1000000000"),
          "model.config.diffusion.timesteps: timesteps must be from 1 to 100000, found 1000000000", "days"),
      run("ddim steps beyond timesteps", DDIM, "samplers[0]", "steps must be <= the model's T = 10, found 20"),
      run("unknown config field", valid("latentDim: 2", "latentDim: 2, latentdims: 3"), "model.config.latentdims",
          "did you mean 'latentDim'?"),
      // --set: the same rules, placed at the argument.
      set("--set a negative value", "model.config.latentDim=-3",
          "--set model.config.latentDim=-3: model.config.latentDim: latentDim must be > 0, found -3"),
      set("--set a fraction", "training.epochs=2.5", "--set training.epochs=2.5: training.epochs: epochs must be an int, found 2.5"),
      set("--set NaN", "training.optimizer.learningRate=.nan", "--set training.optimizer.learningRate=.nan:",
          "must be a finite number, found NaN"),
      set("--set beyond int", "threads=99999999999", "--set threads=99999999999: threads", "from 1 to 1024"),
      set("--set null", "model.config.latentDim=~", "--set model.config.latentDim=~:", "found null"),
      set("--set a section to a number", "training=5", "--set training=5: training: training must be a mapping, found 5"),
      set("--set a list with a word", "model.config.hiddenSizes=[16, \"a\"]", "--set model.config.hiddenSizes=[16, \"a\"]:",
          "hiddenSizes[1] must be an int, found 'a'"),
      set("--set a field of a component named alone", "loss.config.betta=2", "--set loss.config.betta=2: loss.config.betta",
          "did you mean 'beta'?"),
      set("--set sampler count zero", "samplers[0].config.count=0", "--set samplers[0].config.count=0:", "count must be > 0"),
      // --set: malformed paths and values, naming the argument.
      set("--set without a path", "=3", "--set =3", "path=value"),
      set("--set with an empty part", "a..b=1", "--set a..b=1", "cannot read path part ''"),
      set("--set with a trailing dot", "training.=1", "--set training.=1", "cannot read path part"),
      set("--set with a word index", "model.config[x]=1", "--set model.config[x]=1", "cannot read index [x]", "a number from 0"),
      set("--set past the end of a list", "metrics[99].name=x", "--set metrics[99].name=x", "metrics[99] does not exist",
          "metrics has 1 entry"),
      set("--set an index into a list the spec lacks", "data.excludeClasses[0]=1", "--set data.excludeClasses[0]=1: "
          + "data.excludeClasses[0] does not exist: data.excludeClasses is not set", "data.excludeClasses=[...]"),
      set("--set a negative index", "metrics[-1]=x", "--set metrics[-1]=x", "cannot read index [-1]"),
      set("--set a huge index", "a[1000000000000]=1", "--set a[1000000000000]=1", "cannot read index [1000000000000]"),
      set("--set an unclosed bracket", "metrics[0=x", "--set metrics[0=x", "cannot read path part"),
      set("--set an index into a mapping", "training[0]=1", "--set training[0]=1", "training is not a list"),
      set("--set a key of a list", "metrics.name=x", "--set metrics.name=x", "metrics is a list (use metrics[index])"),
      set("--set an unclosed list", "training.epochs=[1,", "--set training.epochs=[1,", "not valid YAML"),
      set("--set an unclosed quote", "name='tiny", "--set name='tiny", "not valid YAML"),
      set("--set a tag", "seed=!!binary AAAA", "--set seed=!!binary AAAA", "tag '!!binary' is not allowed"),
      set("--set a java tag", "name=!!java.lang.Runtime {}", "--set name=!!java.lang.Runtime {}", "not allowed"),
      set("--set two documents", "training.epochs=3\n---\n4", "--set training.epochs=3\\n---\\n4", "a second YAML document"),
      set("--set an undefined alias", "model.name=*a", "--set model.name=*a", "undefined alias"),
      set("--set a control character", "name=a\u0007b", "--set name=a\\u0007b", "U+0007"),
      set("--set a non-text key", "model.config={1: 2}", "--set model.config={1: 2}", "a key must be a name (text)"),
      set("--set a duplicate key", "training={epochs: 1, epochs: 2}", "--set training={epochs: 1, epochs: 2}",
          "duplicate key 'epochs'"),
      set("--set a path too deep", "a" + ".a".repeat(60) + "=1", "--set a.a.a", "a path of 61 parts; at most 50"));

  @TestFactory
  Stream<DynamicTest> refused() {
    return BadInputCase.tests(new Workspace(dir), CASES);
  }
}
