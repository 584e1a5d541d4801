package io.genlab.runner.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.runner.spec.SpecResolver;
import io.genlab.runner.sweep.SweepPlan;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates the shipped experiment specs many times over (seeded) and asserts that validation either
 * accepts a mutant or refuses it as bad input, within a time and memory bound: never another exception,
 * a hang or an allocation storm.
 *
 * <p>CI runs {@value #DEFAULT_MUTANTS} mutants per spec; a longer run: {@code mvn -pl runner -am test
 * -Dtest=SpecFuzzTests -Dsurefire.failIfNoSpecifiedTests=false -Dgenlab.fuzz.mutants=20000
 * -Dgenlab.fuzz.seed=7}. A failure prints the seed, the mutant number and the mutant's text.
 */
class SpecFuzzTests {
  static final int DEFAULT_MUTANTS = 150;
  /** Validation of one mutant takes milliseconds; this bound only catches hangs and blow-ups. */
  static final long MAX_MILLIS = 5_000;
  static final long MAX_ALLOCATED_BYTES = 512L << 20;

  @TempDir static Path dir;
  static PluginRegistry registry;

  @BeforeAll
  static void discover() {
    registry = PluginRegistry.discover();
  }

  @TestFactory
  Stream<DynamicTest> mutantsOfTheShippedSpecsAreAcceptedOrRefusedAsBadInput() throws IOException {
    int mutants = Integer.getInteger("genlab.fuzz.mutants", DEFAULT_MUTANTS);
    long seed = Long.getLong("genlab.fuzz.seed", 20261206L);
    List<Path> specs;
    try (Stream<Path> files = Files.list(experiments())) {
      specs = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(specs).as("shipped specs in %s", experiments()).hasSizeGreaterThan(10);
    return specs.stream().map(spec -> DynamicTest.dynamicTest(spec.getFileName().toString(), () -> {
      String original = Files.readString(spec);
      SpecMutator mutator = new SpecMutator(new SplittableRandom(seed ^ spec.getFileName().toString().hashCode()));
      for (int i = 0; i < mutants; i++) {
        String mutant = mutator.mutate(original);
        validate(mutant, "seed " + seed + ", " + spec.getFileName() + " mutant " + i);
      }
    }));
  }

  /** Validates {@code text} as {@code genlab run} or {@code genlab sweep} would, checking outcome, time and memory. */
  private static void validate(String text, String what) throws IOException {
    Path file = dir.resolve("mutant.yaml");
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long allocatedBefore = threads.getThreadAllocatedBytes(thread);
    long start = System.nanoTime();
    try {
      if (text.contains("\nsweep:")) {
        SweepPlan.resolve(registry, file, List.of(), 2);
      } else {
        new SpecResolver(registry).resolve(file, List.of());
      }
    } catch (InvalidConfigException refused) {
      assertThat(refused.getMessage()).as("message of %s", what).isNotBlank();
    } catch (RuntimeException | StackOverflowError e) {
      fail("%s: %s instead of accepting or refusing it as bad input; the mutant:%n%s", what, e, text, e);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    long allocated = threads.getThreadAllocatedBytes(thread) - allocatedBefore;
    assertThat(millis).as("milliseconds to validate %s:%n%s", what, text).isLessThan(MAX_MILLIS);
    assertThat(allocated).as("bytes allocated to validate %s:%n%s", what, text).isLessThan(MAX_ALLOCATED_BYTES);
  }

  static Path experiments() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("experiments")) && Files.exists(p.resolve("experiments/quickstart.yaml"))) {
        return p.resolve("experiments");
      }
    }
    throw new IllegalStateException("no experiments/ folder above " + here);
  }

  /** Seeded edits of a spec's text: characters, lines and values a user (or an attacker) could get wrong. */
  static final class SpecMutator {
    private static final String[] CHARACTERS = {":", "-", "[", "]", "{", "}", "&a ", "*a", "!", "!!binary ",
        "'", "\"", "#", "\t", "\n", "\u0000", "\u001b[2J", "é", "0", "9", ",", " ", "? ", "|", ">", "%", "@", "`",
        "---\n", "<<: ", "\\"};
    private static final String[] VALUES = {"-1", "0", "1", "2147483648", "9223372036854775808", "-9223372036854775809",
        "1e308", "1e-320", ".nan", ".inf", "-.inf", "''", "x", "[]", "{}", "~", "true", "\"8\"", "[1, [2]]",
        "{name: x}", "!!timestamp 2001-12-14", "!!binary AAAA", "!!java.io.File /", "&x [*x]", "0x7fffffff",
        "1_000", "0o17", "2.5", "'../../etc/passwd'", "/etc/passwd", "[" + "1, ".repeat(500) + "1]",
        "x".repeat(5000)};
    private final SplittableRandom random;

    SpecMutator(SplittableRandom random) {
      this.random = random;
    }

    /** One to three edits of {@code text}. */
    String mutate(String text) {
      String out = text;
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        out = switch (random.nextInt(7)) {
          case 0 -> insert(out, pick(CHARACTERS));
          case 1 -> delete(out);
          case 2 -> replaceValue(out);
          case 3 -> duplicateLine(out);
          case 4 -> out.substring(0, random.nextInt(out.length() + 1));
          case 5 -> renameKey(out);
          default -> reindent(out);
        };
      }
      return out;
    }

    private String pick(String[] options) {
      return options[random.nextInt(options.length)];
    }

    private String insert(String text, String what) {
      int at = random.nextInt(text.length() + 1);
      return text.substring(0, at) + what + text.substring(at);
    }

    private String delete(String text) {
      if (text.isEmpty()) {
        return text;
      }
      int at = random.nextInt(text.length());
      int end = Math.min(text.length(), at + 1 + random.nextInt(8));
      return text.substring(0, at) + text.substring(end);
    }

    /** Replaces the value after a random "key: " with one of {@link #VALUES}. */
    private String replaceValue(String text) {
      List<Integer> colons = positions(text, ": ");
      if (colons.isEmpty()) {
        return text;
      }
      int at = colons.get(random.nextInt(colons.size())) + 2;
      int end = at;
      while (end < text.length() && ",}]\n#".indexOf(text.charAt(end)) < 0) {
        end++;
      }
      return text.substring(0, at) + pick(VALUES) + text.substring(end);
    }

    private String duplicateLine(String text) {
      List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
      int at = random.nextInt(lines.size());
      lines.add(at, lines.get(at));
      return String.join("\n", lines);
    }

    /** Swaps two letters of a random key, or appends a letter: a typo. */
    private String renameKey(String text) {
      List<Integer> colons = positions(text, ":");
      if (colons.isEmpty()) {
        return text;
      }
      int colon = colons.get(random.nextInt(colons.size()));
      int start = colon;
      while (start > 0 && Character.isLetterOrDigit(text.charAt(start - 1))) {
        start--;
      }
      if (colon - start < 2) {
        return insert(text, "z");
      }
      int i = start + random.nextInt(colon - start - 1);
      return text.substring(0, i) + text.charAt(i + 1) + text.charAt(i) + text.substring(i + 2);
    }

    private String reindent(String text) {
      List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
      int at = random.nextInt(lines.size());
      String line = lines.get(at);
      lines.set(at, random.nextBoolean() ? "  " + line : line.replaceFirst("^ {1,2}", ""));
      return String.join("\n", lines);
    }

    private static List<Integer> positions(String text, String needle) {
      List<Integer> out = new ArrayList<>();
      for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
        out.add(i);
      }
      return out;
    }
  }
}
