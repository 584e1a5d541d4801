package io.genlab.runner.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.factory.Nd4j;

/** What a run logs so that it can be redone: code version, library versions, machine. */
public final class Provenance {
  private Provenance() {}

  /** Tags describing the code and the machine; git tags are absent outside a git checkout. */
  public static Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>();
    git("rev-parse", "HEAD").ifPresent(commit -> {
      tags.put("mlflow.source.git.commit", commit);
      tags.put("genlab.git.commit", commit);
      tags.put("genlab.git.dirty", Boolean.toString(git("status", "--porcelain", "--untracked-files=no")
          .map(s -> !s.isBlank()).orElse(false)));
    });
    tags.put("genlab.version", version("io.genlab", "runner").orElse("dev"));
    tags.put("genlab.java.version", System.getProperty("java.version"));
    tags.put("genlab.java.vendor", System.getProperty("java.vendor"));
    tags.put("genlab.nd4j.version", version("org.nd4j", "nd4j-api").orElse("unknown"));
    tags.put("genlab.os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    // The backend, its BLAS and the thread settings all change the last bits of a result.
    tags.put("genlab.nd4j.backend", backend());
    tags.put("genlab.nd4j.max_threads", Integer.toString(Nd4j.getEnvironment().maxThreads()));
    tags.put("genlab.omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
    // OpenBLAS's kernels (the launcher names its AVX-512 ones where the CPU has them) sum in their own order.
    tags.put("genlab.openblas_coretype", System.getenv().getOrDefault("OPENBLAS_CORETYPE", "unset"));
    tags.put("genlab.cpu_cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    return tags;
  }

  /** e.g. {@code CpuBackend, blas OPENBLAS, nd4j-native linux-x86_64-onednn-avx2}. */
  static String backend() {
    StringBuilder out = new StringBuilder(Nd4j.getBackend().getClass().getSimpleName());
    Properties info = Nd4j.getExecutioner().getEnvironmentInformation();
    Object blas = info.get("blas.vendor");
    if (blas != null) {
      out.append(", blas ").append(blas);
    }
    String classifier = nativeClassifier();
    if (!classifier.isEmpty()) {
      out.append(", nd4j-native ").append(classifier);
    }
    return out.toString();
  }

  /** The platform classifier of the nd4j-native jar on the class path (which CPU build runs). */
  private static String nativeClassifier() {
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      var m = java.util.regex.Pattern.compile(".*/nd4j-native-\\d[^/]*?-(linux|windows|macosx)-([\\w-]+)\\.jar").matcher(entry);
      if (m.matches()) {
        return m.group(1) + "-" + m.group(2);
      }
    }
    return "";
  }

  private static Optional<String> version(String group, String artifact) {
    String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = Provenance.class.getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      Properties p = new Properties();
      p.load(in);
      return Optional.ofNullable(p.getProperty("version"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> git(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "git";
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return Optional.empty();
      }
      return Optional.of(out);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
