package io.genlab.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.runner.run.ExperimentRunner;
import io.genlab.runner.spec.SpecResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every spec under {@code experiments/} resolves against today's plugins, so none ships broken: run
 * specs as they are, sweep specs without their sweep section, and the evaluation spec over the
 * training spec it is written for (ddpm-8gaussians.yaml unless its first line says
 * {@code # evaluates: x.yaml}). Nothing is trained and no data are loaded.
 */
class ShippedSpecsTests {
  private static final Path EXPERIMENTS = Path.of("..", "experiments");
  private static final String EVALUATES = "# evaluates: ";
  private final SpecResolver resolver = new SpecResolver(PluginRegistry.discover());

  @TestFactory
  Stream<DynamicTest> everyShippedSpecResolves() throws IOException {
    List<Path> specs;
    try (Stream<Path> files = Files.walk(EXPERIMENTS)) {
      // bench/results holds what benchmarks wrote (stores, generated specs): git-ignored, not shipped.
      specs = files.filter(p -> p.toString().endsWith(".yaml"))
          .filter(p -> !p.startsWith(EXPERIMENTS.resolve("bench").resolve("results"))).sorted().toList();
    }
    assertThat(specs).hasSizeGreaterThan(10);
    return specs.stream().map(spec -> DynamicTest.dynamicTest(EXPERIMENTS.relativize(spec).toString(), () -> {
      Map<String, Object> raw = SpecResolver.parse(Files.readString(spec), spec.toString());
      if (!raw.containsKey("model")) {
        assertThat(ExperimentRunner.EVALUATION_KEYS).containsAll(raw.keySet());
        // An evaluation spec written for another training spec names it in a first line "# evaluates: x.yaml".
        String first = Files.readAllLines(spec).get(0);
        String target = first.startsWith(EVALUATES) ? first.substring(EVALUATES.length()).strip()
            : "ddpm-8gaussians.yaml";
        Map<String, Object> trained = SpecResolver.parse(Files.readString(EXPERIMENTS.resolve(target)), target);
        trained.putAll(raw);
        raw = trained;
      }
      raw.remove(SpecResolver.SWEEP);
      Map<String, Object> resolvable = raw;
      assertThatCode(() -> resolver.resolve(resolvable, List.of(), "spec")).doesNotThrowAnyException();
    }));
  }
}
