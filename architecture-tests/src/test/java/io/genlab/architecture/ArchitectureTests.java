package io.genlab.architecture;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The architecture rules on every module's main classes (tests are not judged). */
@AnalyzeClasses(packages = "io.genlab", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

  @ArchTest
  static final ArchRule pluginsUseOnlyTheApiNnAndThemselves = ArchitectureRules.pluginsUseOnlyTheApiNnAndThemselves();

  @ArchTest
  static final ArchRule pluginsUseOnlyTheJdkAndTheirLibraries = ArchitectureRules.pluginsUseOnlyTheJdkAndTheirLibraries();

  @ArchTest
  static final ArchRule thePlatformNamesNoFamily = ArchitectureRules.thePlatformNamesNoFamily();

  @ArchTest
  static final ArchRule internalPackagesStayInTheirModule = ArchitectureRules.internalPackagesStayInTheirModule();

  @ArchTest
  static final ArchRule everyClassBelongsToAModule = ArchitectureRules.everyClassBelongsToAModule();

  /** The table is the build: each module's classes come from one place, its own, and none is missing. */
  @ArchTest
  static void moduleTableMatchesTheBuild(JavaClasses classes) throws IOException {
    Map<String, Set<String>> locationsByModule =
        classes.stream()
            .filter(javaClass -> GenlabModule.of(javaClass).isPresent())
            .collect(groupingBy(
                javaClass -> GenlabModule.of(javaClass).orElseThrow().directory(),
                mapping(ArchitectureTests::classPathRoot, toSet())));
    List<String> tableModules = GenlabModule.ALL.stream().map(GenlabModule::directory).toList();
    assertThat(locationsByModule.keySet())
        .as("modules of GenlabModule.ALL with classes on this module's test class path")
        .containsExactlyInAnyOrderElementsOf(tableModules);
    locationsByModule.forEach((module, locations) ->
        assertThat(locations).as("where the classes of %s come from", module).hasSize(1));
    assertThat(locationsByModule.values().stream().flatMap(Set::stream).distinct().count())
        .as("distinct places of %s", locationsByModule)
        .isEqualTo(tableModules.size());
    assertThat(tableModules)
        .as("GenlabModule.ALL against the root pom's modules with main classes")
        .containsExactlyInAnyOrderElementsOf(reactorModules());
  }

  /** An allowed internal use that is gone leaves the list, so that it cannot come back unnoticed. */
  @ArchTest
  static void knownInternalUsesAreStillThere(JavaClasses classes) {
    Set<String> crossModuleInternalUses =
        classes.stream()
            .flatMap(javaClass -> javaClass.getDirectDependenciesFromSelf().stream())
            .filter(dependency -> ArchitectureRules.isInternal(dependency.getTargetClass().getBaseComponentType().getPackageName()))
            .filter(dependency -> !GenlabModule.of(dependency.getOriginClass())
                .equals(GenlabModule.of(dependency.getTargetClass())))
            .map(ArchitectureTests::useText)
            .collect(toSet());
    List<String> listed =
        ArchitectureRules.KNOWN_INTERNAL_USES.stream().map(use -> use.origin() + " -> " + use.target()).toList();
    assertThat(crossModuleInternalUses)
        .as("cross-module uses of *.internal packages, against ArchitectureRules.KNOWN_INTERNAL_USES")
        .containsAll(listed);
  }

  private static String useText(Dependency dependency) {
    return ArchitectureRules.topLevelName(dependency.getOriginClass()) + " -> "
        + ArchitectureRules.topLevelName(dependency.getTargetClass());
  }

  private static String classPathRoot(JavaClass javaClass) {
    String uri = javaClass.getSource().orElseThrow().getUri().toString();
    String relative = javaClass.getName().replace('.', '/') + ".class";
    return uri.endsWith(relative) ? uri.substring(0, uri.length() - relative.length()) : uri;
  }

  /** The root pom's modules that have Java classes of their own (an archetype or a pom has none). */
  private static List<String> reactorModules() throws IOException {
    String pom = Files.readString(Path.of("..", "pom.xml"));
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
    return module.results()
        .map(result -> result.group(1).trim())
        .filter(directory -> Files.isDirectory(Path.of("..", directory, "src", "main", "java")))
        .toList();
  }
}
