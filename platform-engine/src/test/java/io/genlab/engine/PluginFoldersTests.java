package io.genlab.engine;

import static io.genlab.engine.TestPluginJar.pluginSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ComponentKind;
import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.plugins.PluginLocations;
import io.genlab.engine.plugins.PluginRegistry;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins loaded from jars in plugin folders: versions, origins, broken plugins reported once, the others kept. */
class PluginFoldersTests {
  @TempDir
  Path temp;

  private PluginRegistry discover(Path... folders) {
    return PluginRegistry.discover(new PluginLocations(PluginLocations.VARIABLE, List.of(folders)));
  }

  private Path goodJar(Path folder, String name) throws IOException {
    return TestPluginJar.in(temp).source("ext.Good", pluginSource("ext", "Good", "ext-good", "ext-model", ""))
        .service("ext.Good").version("1.2.3").writeTo(folder.resolve(name));
  }

  @Test
  void loadsAJarsPluginWithItsManifestVersionAndOrigin() throws IOException {
    Path plugins = Files.createDirectory(temp.resolve("plugins"));
    Path jar = goodJar(plugins, "good.jar");

    PluginRegistry registry = discover(plugins);

    assertThat(registry.broken()).isEmpty();
    var plugin = registry.plugins().stream().filter(p -> p.id().equals("ext-good")).findFirst().orElseThrow();
    assertThat(registry.origin(plugin)).isEqualTo(new PluginRegistry.Origin(jar, "1.2.3"));
    assertThat(registry.origin(plugin).builtIn()).isFalse();
    assertThat(registry.find(ComponentKind.MODEL, "ext-model", "model.name").plugin()).isSameAs(plugin);
    assertThat(plugin.getClass().getClassLoader()).isNotSameAs(PluginRegistry.class.getClassLoader());
  }

  @Test
  void builtInPluginsShowGenlabsVersion() {
    PluginRegistry registry = PluginRegistry.of(new TinyPlugin());
    assertThat(registry.origin(registry.plugins().get(0)).describe()).isEqualTo("built-in");
    // From classes (a test) genlab has no jar version.
    assertThat(registry.origin(registry.plugins().get(0)).version()).isEqualTo("dev");
  }

  @Test
  void takesTheVersionFromMavensPomPropertiesWithoutAManifestVersion() throws IOException {
    Path plugins = Files.createDirectory(temp.resolve("plugins"));
    TestPluginJar.in(temp).source("ext.Good", pluginSource("ext", "Good", "ext-good", "ext-model", ""))
        .service("ext.Good").resource("META-INF/maven/org.example/good/pom.properties",
            "groupId=org.example\nartifactId=good\nversion=4.5.6\n").writeTo(plugins.resolve("good.jar"));

    PluginRegistry registry = discover(plugins);

    assertThat(registry.origin(registry.plugins().get(0)).version()).isEqualTo("4.5.6");
  }

  @Test
  void reportsEachBrokenPluginOnceByJarAndClassWithItsReasonAndLoadsTheOthers() throws IOException {
    Path plugins = Files.createDirectory(temp.resolve("plugins"));
    Path good = goodJar(plugins, "a-good.jar");
    Path notAZip = Files.writeString(plugins.resolve("b-not-a-zip.jar"), "this is no jar");
    Path missing = TestPluginJar.in(temp).service("ext.Missing").writeTo(plugins.resolve("c-missing-class.jar"));
    Path constructorThrows = TestPluginJar.in(temp)
        .source("ext.Throws", pluginSource("ext", "Throws", "ext-throws", "throws-model", "")
            .replace("public final class Throws extends io.genlab.api.PluginModule {",
                "public final class Throws extends io.genlab.api.PluginModule {\n"
                    + "  public Throws() { throw new IllegalStateException(\"no licence file\"); }"))
        .service("ext.Throws").writeTo(plugins.resolve("d-constructor-throws.jar"));
    Path configureThrows = TestPluginJar.in(temp)
        .source("ext.Bad", pluginSource("ext", "Bad", "ext-bad", "bad-model",
            "if (true) { throw new IllegalArgumentException(\"configure boom\"); }"))
        .service("ext.Bad").writeTo(plugins.resolve("e-configure-throws.jar"));
    Path clash = TestPluginJar.in(temp)
        .source("ext.Clash", pluginSource("ext", "Clash", "ext-clash", "ext-model",
            "model(\"clash-only\", \"its own\", new NoConfig(), c -> null);"))
        .service("ext.Clash").writeTo(plugins.resolve("f-clash.jar"));
    Path sameId = TestPluginJar.in(temp)
        .source("ext.SameId", pluginSource("ext", "SameId", "ext-good", "same-id-model", ""))
        .service("ext.SameId").writeTo(plugins.resolve("g-same-id.jar"));

    PluginRegistry registry = discover(plugins);

    assertThat(registry.plugins()).extracting(p -> p.id()).containsExactly("ext-good");
    assertThat(registry.origin(registry.plugins().get(0)).jar()).isEqualTo(good);
    assertThat(registry.broken()).extracting(PluginRegistry.Broken::location)
        .containsExactly(notAZip, missing, constructorThrows, configureThrows, clash, sameId);
    assertThat(registry.broken()).extracting(PluginRegistry.Broken::moduleClass)
        .containsExactly(null, "ext.Missing", "ext.Throws", "ext.Bad", "ext.Clash", "ext.SameId");
    List<String> reasons = registry.broken().stream().map(PluginRegistry.Broken::reason).toList();
    assertThat(reasons.get(0)).startsWith("not a readable jar (zip) file");
    assertThat(reasons.get(1)).contains("ext.Missing not found");
    assertThat(reasons.get(2)).contains("could not be instantiated").contains("no licence file");
    assertThat(reasons.get(3)).isEqualTo("configure() failed: IllegalArgumentException: configure boom");
    assertThat(reasons.get(4)).isEqualTo("model name 'ext-model' is already bound by plugin 'ext-good' (" + good + ")");
    assertThat(reasons.get(5)).isEqualTo("plugin id 'ext-good' is already taken by plugin 'ext-good' (" + good + ")");
    assertThat(reasons).allSatisfy(r -> assertThat(r).doesNotContain("\n"));
    assertThat(registry.broken().get(4).describe())
        .isEqualTo("plugin " + clash + " (class ext.Clash): " + reasons.get(4));
  }

  @Test
  void aSpecNamingAComponentOfABrokenPluginIsToldWhichPluginAndWhy() throws IOException {
    Path plugins = Files.createDirectory(temp.resolve("plugins"));
    goodJar(plugins, "a-good.jar");
    TestPluginJar.in(temp)
        .source("ext.Clash", pluginSource("ext", "Clash", "ext-clash", "ext-model",
            "model(\"clash-only\", \"its own\", new NoConfig(), c -> null);"))
        .service("ext.Clash").writeTo(plugins.resolve("f-clash.jar"));
    Path notAZip = Files.writeString(plugins.resolve("b-not-a-zip.jar"), "this is no jar");

    PluginRegistry registry = discover(plugins);

    assertThatThrownBy(() -> registry.find(ComponentKind.MODEL, "clash-only", "model.name"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("model.name: model 'clash-only' comes from a broken plugin " + plugins.resolve("f-clash.jar")
            + " (class ext.Clash): model name 'ext-model' is already bound by plugin 'ext-good'");
    assertThat(registry.find(ComponentKind.MODEL, "ext-model", "model.name").plugin().id()).isEqualTo("ext-good");
    assertThatThrownBy(() -> registry.find(ComponentKind.MODEL, "other", "model.name"))
        .hasMessageContaining("unknown model 'other'")
        .hasMessageContaining("it may come from a plugin that could not be loaded: plugin " + notAZip);
  }

  @Test
  void eachPluginSubFolderHasItsOwnClassLoaderSoDependenciesDoNotClash() throws IOException {
    Path plugins = Files.createDirectory(temp.resolve("plugins"));
    for (String version : List.of("one", "two")) {
      Path folder = Files.createDirectory(plugins.resolve(version));
      // Both plugins bring a class lib.Helper of the same name and different code.
      Path helper = TestPluginJar.in(temp).source("lib.Helper", "package lib; public final class Helper { "
          + "public static String text() { return \"helper " + version + "\"; } }").writeTo(folder.resolve("helper.jar"));
      TestPluginJar.in(temp).compilePath(helper).service("ext.Uses")
          .source("ext.Uses", pluginSource("ext", "Uses", "uses-" + version, "model-" + version, "")
              .replace("return \"a plugin built by a test\";", "return lib.Helper.text();"))
          .writeTo(folder.resolve("plugin.jar"));
    }

    PluginRegistry registry = discover(plugins);

    assertThat(registry.broken()).isEmpty();
    assertThat(registry.plugins()).extracting(p -> p.id() + ": " + p.description())
        .containsExactly("uses-one: helper one", "uses-two: helper two");
  }

  @Test
  void aFolderThatIsMissingOrAFileIsBadInputNamingTheSetting() throws IOException {
    Path file = Files.writeString(temp.resolve("file"), "x");
    assertThatThrownBy(() -> discover(temp.resolve("absent")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("GENLAB_PLUGINS: plugin folder '" + temp.resolve("absent") + "' does not exist");
    assertThatThrownBy(() -> discover(file))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("GENLAB_PLUGINS: '" + file + "' is not a folder");
  }

  @Test
  void locationsComeFromTheVariableOrElseTheHomeFolderWhenItExists() throws IOException {
    Path home = Files.createDirectory(temp.resolve("home"));
    assertThat(PluginLocations.fromEnvironment(Map.of(), home)).isEqualTo(PluginLocations.none());
    Path homePlugins = Files.createDirectories(home.resolve(".genlab/plugins"));
    assertThat(PluginLocations.fromEnvironment(Map.of(), home))
        .isEqualTo(new PluginLocations("~/.genlab/plugins", List.of(homePlugins)));
    assertThat(PluginLocations.fromEnvironment(Map.of("GENLAB_PLUGINS", "/a" + File.pathSeparator + File.pathSeparator
        + "/b"), home)).isEqualTo(new PluginLocations("GENLAB_PLUGINS", List.of(Path.of("/a"), Path.of("/b"))));
    assertThat(PluginLocations.fromEnvironment(Map.of("GENLAB_PLUGINS", ""), home).folders()).isEmpty();
  }
}
