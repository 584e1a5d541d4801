package io.genlab.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import java.util.List;
import java.util.Optional;

/**
 * One module of the reactor and the packages it owns, which is how the architecture rules tell which
 * module a class belongs to. Immutable.
 *
 * @param directory the module's directory under the root, as the root pom's {@code <module>} names it
 * @param plugin whether it is a plugin family (under {@code plugins/})
 * @param packages the roots of the module's packages, e.g. {@code io.genlab.vae} for it and its subpackages
 * @param notPackages roots inside {@code packages} that another module owns
 */
record GenlabModule(String directory, boolean plugin, List<String> packages, List<String> notPackages) {

  /** Every module with classes of its own; a new module, or a new top-level package, goes here. */
  static final List<GenlabModule> ALL =
      List.of(
          platform("platform-api", "io.genlab.api"),
          platform("nn", "io.genlab.nn"),
          platform("platform-engine", "io.genlab.engine"),
          platform("platform-tck", "io.genlab.tck"),
          plugin("plugins/datasets", "io.genlab.datasets"),
          plugin("plugins/vae", "io.genlab.vae"),
          plugin("plugins/gan", "io.genlab.gan"),
          plugin("plugins/sample-quality", "io.genlab.quality"),
          plugin("plugins/diffusion", "io.genlab.diffusion"),
          plugin("plugins/autoregressive", "io.genlab.autoregressive"),
          plugin("plugins/flow", "io.genlab.flow"),
          platform("tracking-testkit", "io.genlab.tracking.testkit"),
          new GenlabModule(
              "tracking", false, List.of("io.genlab.tracking"), List.of("io.genlab.tracking.testkit")),
          platform("reports", "io.genlab.reports"),
          platform("runner", "io.genlab.runner"));

  /** The module that owns {@code javaClass}'s package, if any. */
  static Optional<GenlabModule> of(JavaClass javaClass) {
    String packageName = javaClass.getBaseComponentType().getPackageName();
    return ALL.stream().filter(module -> module.owns(packageName)).findFirst();
  }

  /** Whether {@code javaClass} belongs to a plugin family. */
  static boolean inPlugin(JavaClass javaClass) {
    return of(javaClass).map(GenlabModule::plugin).orElse(false);
  }

  /** Whether this module owns the package {@code packageName}. */
  boolean owns(String packageName) {
    return matchesAny(packages, packageName) && !matchesAny(notPackages, packageName);
  }

  /** The module's package roots, without the exclusions, for messages. */
  String packagesText() {
    return String.join(", ", packages.stream().map(root -> root + "..").toList());
  }

  private static boolean matchesAny(List<String> roots, String packageName) {
    return roots.stream().anyMatch(root -> packageName.equals(root) || packageName.startsWith(root + "."));
  }

  private static GenlabModule platform(String directory, String packageRoot) {
    return new GenlabModule(directory, false, List.of(packageRoot), List.of());
  }

  private static GenlabModule plugin(String directory, String packageRoot) {
    return new GenlabModule(directory, true, List.of(packageRoot), List.of());
  }
}
