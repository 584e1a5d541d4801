package io.genlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code genlab} launcher script with a cached class path, run on small stand-in checkouts (no Maven, no
 * build): each holds the script, a class path file naming a module folder inside it and a library outside it,
 * and a {@code GenlabCli} that prints which checkout's module it was loaded with.
 */
class LauncherScriptTests {
  private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("genlab");
  private static final String CLI = """
      package io.genlab.runner.cli;

      public class GenlabCli {
        public static void main(String[] args) throws Exception {
          for (String name : new String[] {"/module.txt", "/library.txt"}) {
            try (var in = GenlabCli.class.getResourceAsStream(name)) {
              System.out.print(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) + ";");
            }
          }
        }
      }
      """;

  @TempDir Path dir;
  private Path original;
  private Path library;

  /** A checkout built in {@code original}: its class path names its module and a library beside it. */
  @BeforeEach
  void buildOriginal() throws IOException {
    assertThat(SCRIPT).isRegularFile();
    original = dir.resolve("original");
    // A name the original's path is a prefix of, as text: it is not inside the checkout.
    library = dir.resolve("original-lib");
    Path module = original.resolve("cli/target/classes");
    Files.createDirectories(module);
    Files.createDirectories(original.resolve("runner/target/classes"));
    Files.createDirectories(library);
    Files.copy(SCRIPT, original.resolve("genlab"));
    Path source = Files.writeString(dir.resolve("GenlabCli.java"), CLI);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac.run(null, null, null, "-d", module.toString(), source.toString())).isZero();
    Files.writeString(module.resolve("module.txt"), "original");
    Files.writeString(library.resolve("library.txt"), "library");
    Files.writeString(original.resolve("runner/target/classpath.txt"), module + ":" + library);
    Files.writeString(original.resolve("runner/target/classpath.root"), original.toString());
  }

  @Test
  void aCopiedCheckoutRunsItsOwnClasses() throws Exception {
    Path copy = copy(original, dir.resolve("copy"));
    Files.writeString(copy.resolve("cli/target/classes/module.txt"), "copy");

    assertThat(launch(copy)).isEqualTo("copy;library;");
    assertThat(launch(original)).isEqualTo("original;library;");
  }

  @Test
  void aMovedCheckoutRunsItsOwnClassesWithoutTheOriginal() throws Exception {
    Path moved = Files.move(original, dir.resolve("moved"));
    assertThat(launch(moved)).isEqualTo("original;library;");
  }

  @Test
  void aClassPathNamingAMissingFileOrNoCheckoutIsBuiltAgain() throws Exception {
    Path copy = copy(original, dir.resolve("copy"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    // A stand-in for Maven: writes the class path file of the checkout it runs in, as the real build does.
    Path mvn = Files.writeString(bin.resolve("mvn"), """
        #!/usr/bin/env bash
        echo "$PWD" >> "%s"
        printf '%%s' "$PWD/cli/target/classes:%s" > runner/target/classpath.txt
        """.formatted(dir.resolve("builds"), library));
    assertThat(mvn.toFile().setExecutable(true)).isTrue();

    Files.delete(copy.resolve("runner/target/classpath.root")); // built by a launcher that did not record it
    assertThat(launch(copy, bin)).isEqualTo("original;library;");
    assertThat(copy.resolve("runner/target/classpath.root")).hasContent(copy.toString());
    assertThat(launch(copy, bin)).as("built once").isEqualTo("original;library;");
    assertThat(dir.resolve("builds")).hasContent(copy.toString());

    Files.writeString(copy.resolve("runner/target/classpath.txt"), dir.resolve("gone") + ":" + library);
    assertThat(launch(copy, bin)).isEqualTo("original;library;");
    assertThat(Files.readAllLines(dir.resolve("builds"))).containsExactly(copy.toString(), copy.toString());
  }

  private String launch(Path checkout) throws Exception {
    return launch(checkout, null);
  }

  /** Runs {@code bash <checkout>/genlab} and returns its standard output; {@code bin} goes first on the PATH. */
  private String launch(Path checkout, Path bin) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", checkout.resolve("genlab").toString(), "--version")
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
    builder.environment().put("PATH", (bin == null ? "" : bin + ":") + javaBin + ":" + System.getenv("PATH"));
    builder.environment().put("GENLAB_JAVA_OPTS", "-Xmx64m");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("exit code; output %s", out).isZero();
    return out;
  }

  /** A copy of {@code from} with the files' times kept, as {@code cp -a} makes. */
  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return to;
  }
}
