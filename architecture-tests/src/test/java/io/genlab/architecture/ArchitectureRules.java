package io.genlab.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Optional;

/** The architecture rules, applied to all modules' classes by {@link ArchitectureTests}. Stateless. */
final class ArchitectureRules {

  /** A use of another module's {@code internal} package that the rules accept until it is removed. */
  record KnownInternalUse(String origin, String target, String why) {
    boolean covers(Dependency dependency) {
      return topLevelName(dependency.getOriginClass()).equals(origin)
          && topLevelName(dependency.getTargetClass()).equals(target);
    }
  }

  /**
   * The cross-module uses of {@code *.internal} packages there are; each entry must still be used
   * ({@link ArchitectureTests}), so that a fixed one leaves the list.
   */
  static final List<KnownInternalUse> KNOWN_INTERNAL_USES = List.of();

  /** The packages outside genlab that plugins may use: the JDK and the libraries they declare. */
  static final List<String> PLUGIN_LIBRARIES =
      List.of(
          "java..",
          "org.nd4j..",
          "com.google.inject..",
          "org.apache.commons.math3..",
          "org.apiguardian.api..");

  private static final DescribedPredicate<JavaClass> IN_A_PLUGIN =
      DescribedPredicate.describe("are in a plugin family", GenlabModule::inPlugin);

  private static final DescribedPredicate<JavaClass> IN_THE_PLATFORM =
      DescribedPredicate.describe(
          "are in a platform module (api, nn, engine, tck, tracking, reports, runner)",
          javaClass -> GenlabModule.of(javaClass).map(module -> !module.plugin()).orElse(false));

  private ArchitectureRules() {}

  /** Plugins use, of genlab, only platform-api, nn and their own packages. */
  static ArchRule pluginsUseOnlyTheApiNnAndThemselves() {
    return classes()
        .that(IN_A_PLUGIN)
        .should(useOfGenlabOnlyTheApiNnAndTheirOwnModule())
        .because("a plugin is built against the SPI alone, so that the platform can change behind it"
            + " and families can be added or dropped one by one (README, Write a plugin)");
  }

  /** Plugins use, outside genlab, only the JDK and the libraries they declare. */
  static ArchRule pluginsUseOnlyTheJdkAndTheirLibraries() {
    return classes()
        .that(IN_A_PLUGIN)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(withGenlab(PLUGIN_LIBRARIES))
        .because("a plugin declares what it uses; a new library goes into its pom and this list");
  }

  /** No platform module names a plugin family: the registry finds plugins through ServiceLoader. */
  static ArchRule thePlatformNamesNoFamily() {
    return noClasses()
        .that(IN_THE_PLATFORM)
        .should()
        .dependOnClassesThat(IN_A_PLUGIN)
        .because("plugins are found through ServiceLoader and chosen by name in specs,"
            + " so that adding or removing a family changes no platform code");
  }

  /** A module uses another module's {@code *.internal} packages only as {@link #KNOWN_INTERNAL_USES} lists. */
  static ArchRule internalPackagesStayInTheirModule() {
    return classes()
        .that()
        .resideInAPackage("io.genlab..")
        .should(useNoInternalPackageOfAnotherModule())
        .because("*.internal packages are a module's own and change without notice");
  }

  /** Every genlab class belongs to exactly one module of {@link GenlabModule#ALL}. */
  static ArchRule everyClassBelongsToAModule() {
    return classes()
        .that()
        .resideInAPackage("io.genlab..")
        .should(belongToExactlyOneModule())
        .because("the rules judge classes by their module; a new module or package goes into"
            + " GenlabModule.ALL");
  }

  private static ArchCondition<JavaClass> useOfGenlabOnlyTheApiNnAndTheirOwnModule() {
    return new ArchCondition<>("depend, within genlab, only on io.genlab.api.., io.genlab.nn.. and their own family") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        GenlabModule own = GenlabModule.of(javaClass).orElseThrow();
        for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
          JavaClass target = dependency.getTargetClass().getBaseComponentType();
          if (!target.getPackageName().startsWith("io.genlab.")) {
            continue;
          }
          Optional<GenlabModule> targetModule = GenlabModule.of(target);
          boolean allowed =
              targetModule
                  .map(module -> module.equals(own)
                      || module.directory().equals("platform-api")
                      || module.directory().equals("nn"))
                  .orElse(false);
          if (!allowed) {
            String where = targetModule.map(GenlabModule::directory).orElse("no known module");
            events.add(SimpleConditionEvent.violated(dependency,
                dependency.getDescription() + ": a plugin in " + own.directory() + " may use"
                    + " io.genlab.api.., io.genlab.nn.. and " + own.packagesText() + ", not " + where));
          }
        }
      }
    };
  }

  private static ArchCondition<JavaClass> useNoInternalPackageOfAnotherModule() {
    return new ArchCondition<>("use no *.internal package of another module") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        Optional<GenlabModule> own = GenlabModule.of(javaClass);
        for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
          JavaClass target = dependency.getTargetClass().getBaseComponentType();
          if (!isInternal(target.getPackageName())) {
            continue;
          }
          Optional<GenlabModule> targetModule = GenlabModule.of(target);
          boolean sameModule = own.isPresent() && own.equals(targetModule);
          boolean known = KNOWN_INTERNAL_USES.stream().anyMatch(use -> use.covers(dependency));
          if (!sameModule && !known) {
            events.add(SimpleConditionEvent.violated(dependency,
                dependency.getDescription() + ": " + target.getPackageName() + " is internal to "
                    + targetModule.map(GenlabModule::directory).orElse("its module") + ", and "
                    + javaClass.getName() + " is in "
                    + own.map(GenlabModule::directory).orElse("no known module")));
          }
        }
      }
    };
  }

  private static ArchCondition<JavaClass> belongToExactlyOneModule() {
    return new ArchCondition<>("belong to exactly one module of GenlabModule.ALL") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        List<String> owners =
            GenlabModule.ALL.stream()
                .filter(module -> module.owns(javaClass.getPackageName()))
                .map(GenlabModule::directory)
                .toList();
        if (owners.size() != 1) {
          events.add(SimpleConditionEvent.violated(javaClass,
              javaClass.getName() + " is in package " + javaClass.getPackageName()
                  + ", which " + (owners.isEmpty() ? "no module" : "modules " + owners)
                  + " of GenlabModule.ALL own" + (owners.isEmpty() ? "s" : "")));
        }
      }
    };
  }

  static boolean isInternal(String packageName) {
    return packageName.startsWith("io.genlab.")
        && (packageName.endsWith(".internal") || packageName.contains(".internal."));
  }

  static String topLevelName(JavaClass javaClass) {
    String name = javaClass.getBaseComponentType().getName();
    int nested = name.indexOf('$');
    return nested < 0 ? name : name.substring(0, nested);
  }

  private static String[] withGenlab(List<String> packages) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of("io.genlab.."), packages.stream())
        .toArray(String[]::new);
  }
}
