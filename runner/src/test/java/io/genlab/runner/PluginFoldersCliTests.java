package io.genlab.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.engine.plugins.PluginLocations;
import io.genlab.runner.badinput.CliRun;
import io.genlab.runner.badinput.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code genlab plugins} and {@code genlab run} with plugin jars of a plugin folder, built by the test. */
class PluginFoldersCliTests {
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
        "  model    extra-mlp-vae          MLP VAE under another name", "vae dev (built-in) — ");
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
      assertThat(Files.readString(tag)).contains("extra-vae=2.0.1", "vae=dev");
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
    assertThat(status.err()).doesNotContain("unknown model");
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

  @Test
  void aPluginFolderThatIsAFileIsBadInputNamingTheVariable() throws IOException {
    Path file = Files.writeString(temp.resolve("file"), "x");

    CliRun listed = CliRun.of(new PluginLocations(PluginLocations.VARIABLE, List.of(file)), "plugins");

    assertThat(listed.code()).as("%s", listed).isEqualTo(2);
    assertThat(listed.err()).contains("GENLAB_PLUGINS", "'" + file + "' is not a folder");
    assertThat(listed.hasStackTrace()).isFalse();
  }
}
