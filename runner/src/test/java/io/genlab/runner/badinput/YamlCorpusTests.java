package io.genlab.runner.badinput;

import static io.genlab.runner.badinput.BadInputCase.of;
import static io.genlab.runner.badinput.BadInputCase.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed or hostile YAML in spec files: syntax, tags, keys, documents, aliases, nesting, control
 * characters, and problems in values placed at the file's line and column.
 */
class YamlCorpusTests {
  @TempDir static Path dir;

  /** {@code genlab run} with a spec of exactly {@code text} (no tracking section added). */
  static BadInputCase raw(String name, String text, String... mentions) {
    return of(name, ws -> List.of("run", ws.rawSpec(text.getBytes(StandardCharsets.UTF_8))), mentions);
  }

  /** The valid spec with {@code line} appended (before the tracking section the workspace adds). */
  static String plus(String line) {
    return Workspace.VALID_SPEC + line + "\n";
  }

  static final String LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n"
      + IntStream.range(0, 9).mapToObj(i -> (char) ('b' + i) + ": &" + (char) ('b' + i) + " ["
          + ("*" + (char) ('a' + i) + ", ").repeat(8) + "*" + (char) ('a' + i) + "]")
          .collect(Collectors.joining("\n")) + "\n";

  static final List<BadInputCase> CASES = List.of(
      // Syntax: the line and column of the error.
      raw("unclosed flow mapping", "seed: 1\nmodel: {name: mlp-vae\n", "@file:3:1", "not valid YAML"),
      raw("tab indentation", "data:\n\tname: shapes\n", "@file:2:1", "not valid YAML"),
      raw("unclosed quote", "seed: 1\nname: \"tiny\n", "@file:", "not valid YAML"),
      raw("bad indentation", "data:\n  name: shapes\n config: {}\n", "@file:3:2", "not valid YAML"),
      raw("invalid escape", "name: \"a\\qb\"\n", "@file:1:", "not valid YAML"),
      raw("undefined alias", "model: *nothing\n", "@file:1:8", "not valid YAML", "nothing"),
      raw("key without value in flow", "model: {name: mlp-vae, : 3, }\n", "@file:1:", "not valid YAML"),
      // Duplicate keys are errors, not last-wins.
      run("duplicate top-level key", plus("seed: 6"), "@file:10:1", "duplicate key 'seed'", "line 3, column 1"),
      run("duplicate key in a flow mapping", Workspace.VALID_SPEC.replace("latentDim: 2", "latentDim: 2, latentDim: 3"),
          "@file:5:", "duplicate key 'latentDim'"),
      run("duplicate key in a block mapping", plus("training:\n  epochs: 1\n  epochs: 2").replaceFirst("training: \\{.*\\}\n", ""),
          "@file:", "duplicate key 'epochs'"),
      // Tags: only plain values.
      run("!!binary value", plus("name2: !!binary aGVsbG8="), "@file:10:8", "tag '!!binary' is not allowed", "!!str"),
      run("!!timestamp value", Workspace.VALID_SPEC.replace("name: tiny", "name: !!timestamp 2001-12-14"),
          "@file:1:7", "'!!timestamp'"),
      run("!!set value", plus("metrics: !!set {a, b}"), "@file:10:10", "'!!set'"),
      run("!!omap value", plus("engine: !!omap [a: 1]"), "@file:10:9", "'!!omap'"),
      run("java type tag", plus("x: !!java.io.File [/etc/passwd]"), "@file:10:4", "'!!java.io.File'"),
      run("javax script engine gadget", plus("x: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader "
          + "[[!!java.net.URL [\"http://localhost/\"]]]]"), "@file:10:4", "!!javax.script.ScriptEngineManager"),
      run("verbatim java tag", plus("x: !<tag:yaml.org,2002:java/object:java.lang.Runtime> {}"), "@file:10:4",
          "!!java/object:java.lang.Runtime"),
      run("local tag", plus("x: !custom 3"), "@file:10:4", "'!custom'", "allowed"),
      run("tag on a key", plus("!!binary aGk=: 3"), "@file:10:1", "'!!binary'"),
      run("tag on the whole spec", "!!java.util.HashMap\n" + Workspace.VALID_SPEC, "@file:1:1", "'!!java.util.HashMap'"),
      // Keys must be text.
      run("int key", plus("1: x"), "@file:10:1", "a key must be a name (text), found the int 1"),
      run("float key", plus("3.5: x"), "@file:10:1", "found the float 3.5"),
      run("null key", plus("null: x"), "@file:10:1", "found the null"),
      run("tilde key", plus("~: x"), "@file:10:1", "found the null"),
      run("bool key", plus("true: 1"), "@file:10:1", "found the bool true", "quote it"),
      run("yes key", plus("yes: 1"), "@file:10:1", "found the bool yes"),
      run("list key", plus("[a]: b"), "@file:10:1", "found a list"),
      run("mapping key", plus("? {a: 1}\n: b"), "@file:10:3", "found a mapping"),
      run("nested int key", Workspace.VALID_SPEC.replace("latentDim: 2", "2: latentDim"), "@file:5:", "found the int 2"),
      // Documents.
      run("two documents", Workspace.VALID_SPEC + "---\nseed: 3\n", "@file:10:1", "a second YAML document"),
      raw("empty file", "", "@file", "empty spec", "data, model and loss"),
      raw("comment-only file", "# a spec\n# nothing yet\n", "@file", "empty spec"),
      raw("blank file", "\n   \n\n", "@file", "empty spec"),
      raw("only a document marker", "---\n", "@file", "empty spec"),
      raw("a list, not a mapping", "- data\n- model\n", "@file:1:1", "must be a YAML mapping", "found a list"),
      raw("a scalar, not a mapping", "hello\n", "@file:1:1", "must be a YAML mapping", "found the text 'hello'"),
      // Aliases and nesting: refused before anything is expanded.
      raw("billion laughs", LAUGHS, "@file:", "more than 50 aliases"),
      raw("many scalar aliases", "a: &a x\nb: [" + "*a, ".repeat(60) + "*a]\n", "@file:2:", "more than 50 aliases"),
      raw("recursive alias", "a: &a [*a]\n", "@file:", "nested deeper than 50"),
      raw("deep nesting", "a: " + "[".repeat(60) + "]".repeat(60) + "\n", "@file:1:53", "nested deeper than 50"),
      raw("very deep nesting", "a: " + "[".repeat(100_000) + "\n", "@file:1:53", "nested deeper than 50"),
      raw("deep block nesting", IntStream.range(0, 60).mapToObj(i -> " ".repeat(i) + "k" + i + ":")
          .collect(Collectors.joining("\n")) + " 1\n", "@file:51:", "nested deeper than 50"),
      raw("merge of a scalar", "base: 3\nmodel:\n  <<: *nope\n", "@file:3:7", "undefined alias nope"),
      run("merge of a list of scalars", plus("base: &b 3\nx:\n  <<: [*b]"), "@file:", "'<<' merges mappings only"),
      // Characters YAML does not allow: line and column.
      run("bell character", Workspace.VALID_SPEC.replace("name: tiny", "name: ti\u0007ny"), "@file:1:9", "U+0007"),
      run("NUL byte", plus("x: a\u0000b"), "@file:10:5", "U+0000"),
      run("escape sequence", Workspace.VALID_SPEC.replace("name: tiny", "name: \u001b[31mred"), "@file:1:7", "U+001B"),
      run("DEL character", plus("x\u007f: 1"), "@file:10:2", "U+007F"),
      run("C1 control character", plus("x: \u009b31m"), "@file:10:4", "U+009B"),
      run("escaped control character in a key", plus("\"a\\u0007b\": 1"), "@file:10:1", "a\\u0007b", "unknown top-level key"),
      run("100 kB plain key", plus("k" + "x".repeat(100_000) + ": 1"), "@file:10:", "not valid YAML"),
      run("100 kB explicit key", plus("? k" + "x".repeat(100_000) + "\n: 1"), "@file:11:3", "unknown top-level key",
          "more characters"),
      // Problems in values: placed where they were written.
      run("bad value placed in the file", Workspace.VALID_SPEC.replace("latentDim: 2", "latentDim: -3"),
          "@file:5:63: model.config.latentDim: latentDim must be > 0, found -3"),
      run("unknown field placed in the file", Workspace.VALID_SPEC.replace("latentDim: 2", "latentdim: 2"),
          "@file:5:63: model.config.latentdim: unknown field 'latentdim'", "did you mean 'latentDim'?"),
      run("bad list entry placed in the file", Workspace.VALID_SPEC.replace("hiddenSizes: [16]", "hiddenSizes: [16, x]"),
          "@file:5:", "model.config.hiddenSizes: hiddenSizes[1] must be an int, found 'x'"),
      run("missing key placed at the parent", Workspace.VALID_SPEC.replace("model: {name: mlp-vae, config:", "model: {config:"),
          "@file:5:8: model.name: missing"),
      run("missing section names the file", Workspace.VALID_SPEC.replace("loss: elbo\n", ""), "@file: loss: missing"),
      run("bad sampler placed in the file", Workspace.VALID_SPEC.replace("count: 4", "count: 0"),
          "@file:9:42: samplers[0].config.count: count must be > 0, found 0"),
      run("every problem placed", Workspace.VALID_SPEC.replace("seed: 5", "seed: x").replace("epochs: 1", "epochs: 0"),
          "2 problems", "@file:3:7: seed:", "@file:7:20: training.epochs:"));

  @TestFactory
  Stream<DynamicTest> refused() {
    return BadInputCase.tests(new Workspace(dir), CASES);
  }
}
