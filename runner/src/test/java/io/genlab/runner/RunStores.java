package io.genlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads runs straight from MLflow file stores, as the MLflow UI would, for assertions. */
final class RunStores {
  private RunStores() {}

  /** The run folders of an experiment folder. */
  static List<Path> runs(Path experiment) throws IOException {
    try (Stream<Path> runs = Files.list(experiment)) {
      return runs.filter(p -> Files.exists(p.resolve("meta.yaml"))).sorted().toList();
    }
  }

  static Path onlyRun(Path experiment) throws IOException {
    List<Path> dirs = runs(experiment);
    assertThat(dirs).hasSize(1);
    return dirs.get(0);
  }

  /**
   * Every metric's {@code value step} lines without timestamps; {@code perf/} timings and {@code system/}
   * metrics (the machine's CPU and memory) left out: they measure the machine, not the result.
   */
  static Map<String, List<String>> metrics(Path run) throws IOException {
    Map<String, List<String>> out = new TreeMap<>();
    Path root = run.resolve("metrics");
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String key = root.relativize(f).toString();
        if (!key.startsWith("perf") && !key.startsWith("system")) {
          out.put(key, Files.readAllLines(f).stream().map(line -> line.substring(line.indexOf(' ') + 1)).toList());
        }
      }
    }
    return out;
  }

  /** The steps of each metric that appear more than once. */
  static Map<String, List<String>> repeatedSteps(Path run) throws IOException {
    Map<String, List<String>> out = new TreeMap<>();
    metrics(run).forEach((key, lines) -> {
      List<String> seen = new ArrayList<>();
      for (String line : lines) {
        String step = line.substring(line.lastIndexOf(' ') + 1);
        if (seen.contains(step)) {
          out.computeIfAbsent(key, k -> new ArrayList<>()).add(step);
        }
        seen.add(step);
      }
    });
    return out;
  }

  /** The metric keys a run logged under {@code system/}. */
  static List<String> systemMetrics(Path run) throws IOException {
    Path root = run.resolve("metrics/system");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(root)) {
      return files.map(f -> "system/" + f.getFileName()).sorted().toList();
    }
  }

  static String status(Path run) throws IOException {
    return Files.readAllLines(run.resolve("meta.yaml")).stream().filter(l -> l.startsWith("status:")).findFirst()
        .orElseThrow().substring(7).trim();
  }

  static String tag(Path run, String key) throws IOException {
    Path file = run.resolve("tags").resolve(key);
    return Files.exists(file) ? Files.readString(file) : null;
  }

  /** A JVM running the genlab CLI on this test's class path, output to {@code log}. */
  static Process cli(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-cp", System.getProperty("java.class.path"), "io.genlab.runner.cli.GenlabCli"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("OMP_NUM_THREADS", "1");
    // System metrics every 50 ms rather than 10 s: the sampler's thread logs while training logs too.
    builder.environment().put("MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL", "0.05");
    return builder.start();
  }
}
