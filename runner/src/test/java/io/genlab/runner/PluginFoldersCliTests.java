package io.genlab.runner;

import io.genlab.engine.TestPluginJar;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.engine.plugins.PluginLocations;
import io.genlab.runner.badinput.CliRun;
import io.genlab.runner.badinput.Workspace;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code genlab plugins} and {@code genlab run} with plugin jars of a plugin folder, built by the test. */
class PluginFoldersCliTests {
  /** Built-in plugins show genlab's version: its engine jar's, or "dev" when the tests run from class folders. */
  private static final String BUILT_IN_VERSION = builtInVersion();

  /** The version the registry gives the built-in vae plugin, as `genlab plugins` shows it. */
  private static String builtInVersion() {
    io.genlab.engine.plugins.PluginRegistry registry = io.genlab.engine.plugins.PluginRegistry.discover();
    return registry.origin(registry.plugins().stream().filter(p -> p.id().equals("vae")).findFirst().orElseThrow())
        .version();
  }

  @TempDir
  Path temp;

  private Path plugins;
  private Path extraJar;
  private Workspace workspace;

  /** A plugin jar that binds the built-in MLP VAE under a family and name of its own. */
  private static String extraVae(String className, String id, String modelName, String alsoBinds) {
    return """
        package ext;

        public final class %s extends io.genlab.api.PluginModule {
          @Override
          public String id() {
            return "%s";
          }

          @Override
          public String description() {
            return "the MLP VAE, from a jar";
          }

          @Override
          protected void configure() {
            super.configure();
            model("%s", "MLP VAE under another name", io.genlab.vae.MlpVaeConfig.DEFAULTS,
                io.genlab.vae.internal.AutoencoderModel::of);
            %s
          }
        }
        """.formatted(className, id, modelName, alsoBinds);
  }

  private TestPluginJar jar() {
    return TestPluginJar.in(temp).against(io.genlab.vae.MlpVaeConfig.class)
        .against(org.nd4j.autodiff.samediff.SameDiff.class);
  }

  @BeforeEach
  void plugins() throws IOException {
    plugins = Files.createDirectory(temp.resolve("plugins"));
    extraJar = jar().source("ext.ExtraVae", extraVae("ExtraVae", "extra-vae", "extra-mlp-vae", ""))
        .service("ext.ExtraVae").version("2.0.1").writeTo(plugins.resolve("extra-vae.jar"));
    workspace = new Workspace(Files.createDirectory(temp.resolve("work")));
  }

  private PluginLocations locations() {
    return new PluginLocations(PluginLocations.VARIABLE, List.of(plugins));
  }

  @Test
  void pluginsListsAJarsPluginWithItsVersionAndOriginAndEachBrokenPluginOnce() throws IOException {
    Path notAZip = Files.writeString(plugins.resolve("not-a-zip.jar"), "no zip");

    CliRun listed = CliRun.of(locations(), "plugins");

    assertThat(listed.code()).as("%s", listed).isZero();
    assertThat(listed.out()).contains("extra-vae 2.0.1 (" + extraJar + ") — the MLP VAE, from a jar",
        "  model    extra-mlp-vae          MLP VAE under another name", "vae " + BUILT_IN_VERSION + " (built-in) — ");
    assertThat((listed.out() + listed.err()).split(java.util.regex.Pattern.quote(notAZip.toString()), -1))
        .as("the broken jar is named exactly once").hasSize(2);
    assertThat(listed.out()).contains("broken: plugin " + notAZip + ": not a readable jar (zip) file");
    assertThat(listed.hasStackTrace()).isFalse();
  }

  @Test
  void runTrainsWithAModelOfAJarsPluginAndRecordsItsVersion() throws IOException {
    CliRun run = CliRun.of(locations(), "run",
        workspace.spec(Workspace.VALID_SPEC.replace("name: mlp-vae", "name: extra-mlp-vae")));

    assertThat(run.code()).as("%s", run).isZero();
    try (Stream<Path> files = Files.walk(workspace.store())) {
      Path tag = files.filter(p -> p.endsWith(Path.of("tags", "genlab.plugins"))).findFirst().orElseThrow();
      assertThat(Files.readString(tag)).contains("extra-vae=2.0.1", "vae=" + BUILT_IN_VERSION);
      assertThat(tag.resolveSibling("genlab.model")).hasContent("extra-mlp-vae");
    }
  }

  @Test
  void sweepsPlanTrialsWithAModelOfAJarsPlugin() {
    String spec = workspace.spec(Workspace.VALID_SPEC.replace("name: mlp-vae", "name: extra-mlp-vae")
        + "sweep:\n  grid: {model.config.latentDim: [2, 4]}\n");

    CliRun planned = CliRun.of(locations(), "sweep", spec, "--dry-run");
    CliRun status = CliRun.of(locations(), "sweep", "status", spec);
    CliRun withoutPlugins = CliRun.of("sweep", spec, "--dry-run");

    assertThat(planned.code()).as("%s", planned).isZero();
    assertThat(planned.out()).contains("2 trials");
    // No sweep ran: status finds the plan (the plugin's model resolves) and no parent run.
    assertThat(status.code()).as("%s", status).isEqualTo(2);
    assertThat(status.err()).contains("no sweep 'tiny' in experiment 'tiny'").doesNotContain("unknown model");
    assertThat(withoutPlugins.code()).as("%s", withoutPlugins).isEqualTo(2);
    assertThat(withoutPlugins.err()).contains("unknown model 'extra-mlp-vae'");
  }

  @Test
  void runNamingAComponentOfABrokenPluginSaysWhichPluginIsBrokenAndWhy() throws IOException {
    Path clash = jar().source("ext.Clash", extraVae("Clash", "clash", "clash-vae",
            "model(\"mlp-vae\", \"takes a built-in name\", io.genlab.vae.MlpVaeConfig.DEFAULTS, "
                + "io.genlab.vae.internal.AutoencoderModel::of);"))
        .service("ext.Clash").writeTo(plugins.resolve("clash.jar"));

    CliRun run = CliRun.of(locations(), "run",
        workspace.spec(Workspace.VALID_SPEC.replace("name: mlp-vae", "name: clash-vae")));

    assertThat(run.code()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("model 'clash-vae' comes from a broken plugin " + clash
        + " (class ext.Clash): model name 'mlp-vae' is already bound by plugin 'vae' (built-in)");
    assertThat(run.hasStackTrace()).isFalse();
    assertThat(workspace.store()).doesNotExist();
  }

  /** {@code genlab plugins} as a process of its own with this environment and home folder: exit code and output. */
  private CliRun pluginsProcess(Map<String, String> environment, Path home) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), "io.genlab.runner.cli.GenlabCli", "plugins");
    builder.environment().remove(PluginLocations.VARIABLE);
    builder.environment().putAll(environment);
    Path out = temp.resolve("out-" + System.nanoTime());
    Path err = temp.resolve("err-" + System.nanoTime());
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("genlab plugins ends").isTrue();
    return new CliRun(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void theCommandLineTakesFoldersFromGenlabPluginsOrElseTheHomeFolder() throws Exception {
    Path more = Files.createDirectory(temp.resolve("more"));
    Path secondJar = jar().source("ext.Second", extraVae("Second", "second-vae", "second-mlp-vae", ""))
        .service("ext.Second").resource("META-INF/maven/org.example/second/pom.properties", "version=0.3.0\n")
        .writeTo(more.resolve("second.jar"));
    Path home = Files.createDirectory(temp.resolve("home"));
    Path file = Files.writeString(temp.resolve("file"), "x");

    CliRun both = pluginsProcess(Map.of(PluginLocations.VARIABLE, plugins + File.pathSeparator + more), home);
    CliRun none = pluginsProcess(Map.of(), home);
    Files.createDirectories(home.resolve(".genlab"));
    Files.move(more, home.resolve(".genlab/plugins"));
    CliRun fromHome = pluginsProcess(Map.of(), home);
    CliRun notAFolder = pluginsProcess(Map.of(PluginLocations.VARIABLE, file.toString()), home);

    assertThat(both.code()).as("%s", both).isZero();
    assertThat(both.out()).contains("extra-vae 2.0.1 (" + extraJar + ")", "second-vae 0.3.0 (" + secondJar + ")");
    assertThat(none.code()).as("%s", none).isZero();
    assertThat(none.out()).contains("vae ").doesNotContain("extra-vae", "second-vae");
    assertThat(fromHome.out()).contains("second-vae 0.3.0 (" + home.resolve(".genlab/plugins/second.jar") + ")")
        .doesNotContain("extra-vae");
    assertThat(notAFolder.code()).as("%s", notAFolder).isEqualTo(2);
    assertThat(notAFolder.err()).contains("GENLAB_PLUGINS", "'" + file + "' is not a folder");
    assertThat(notAFolder.hasStackTrace()).isFalse();
  }

  @Test
  void aPluginFolderThatIsAFileIsBadInputNamingTheVariable() throws IOException {
    Path file = Files.writeString(temp.resolve("file"), "x");

    CliRun listed = CliRun.of(new PluginLocations(PluginLocations.VARIABLE, List.of(file)), "plugins");

    assertThat(listed.code()).as("%s", listed).isEqualTo(2);
    assertThat(listed.err()).contains("GENLAB_PLUGINS", "'" + file + "' is not a folder");
    assertThat(listed.hasStackTrace()).isFalse();
  }
}
