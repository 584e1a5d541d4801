package io.genlab.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.genlab.reports.archfixture.ReportsUsingTrackingInternal;
import io.genlab.runner.archfixture.RunnerNamingVae;
import io.genlab.tracking.archfixture.TrackingUsingItsInternal;
import io.genlab.unknown.archfixture.ClassOfNoModule;
import io.genlab.vae.archfixture.VaeUsingSnakeYaml;
import io.genlab.vae.archfixture.VaeUsingTheApiNnAndItself;
import io.genlab.vae.archfixture.VaeUsingTheEngine;
import org.junit.jupiter.api.Test;

/** Each rule fails on a class that breaks it (fixtures in this module's tests, which no rule sees otherwise). */
class ArchitectureRulesTests {

  @Test
  void aPluginUsingTheEngineOrAnotherFamilyFails() {
    assertThatThrownBy(() -> ArchitectureRules.pluginsUseOnlyTheApiNnAndThemselves().check(of(VaeUsingTheEngine.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("<io.genlab.engine.config.InvalidConfigException>")
        .hasMessageContaining("a plugin in plugins/vae may use io.genlab.api.., io.genlab.nn.. and io.genlab.vae.., not platform-engine")
        .hasMessageContaining("<io.genlab.gan.GanPlugin>")
        .hasMessageContaining("not plugins/gan");
  }

  @Test
  void aPluginUsingTheApiNnAndItselfPasses() {
    JavaClasses plugin = of(VaeUsingTheApiNnAndItself.class);
    assertThatCode(() -> ArchitectureRules.pluginsUseOnlyTheApiNnAndThemselves().check(plugin)).doesNotThrowAnyException();
    assertThatCode(() -> ArchitectureRules.pluginsUseOnlyTheJdkAndTheirLibraries().check(plugin)).doesNotThrowAnyException();
  }

  @Test
  void aPluginUsingAnUndeclaredLibraryFails() {
    assertThatThrownBy(() -> ArchitectureRules.pluginsUseOnlyTheJdkAndTheirLibraries().check(of(VaeUsingSnakeYaml.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("<org.yaml.snakeyaml.Yaml>");
  }

  @Test
  void theRunnerNamingAFamilyFails() {
    assertThatThrownBy(() -> ArchitectureRules.thePlatformNamesNoFamily().check(of(RunnerNamingVae.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("<io.genlab.vae.VaePlugin>");
  }

  @Test
  void anotherModulesInternalsFailButAModulesOwnPass() {
    assertThatThrownBy(() -> ArchitectureRules.internalPackagesStayInTheirModule().check(of(ReportsUsingTrackingInternal.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("io.genlab.tracking.internal is internal to tracking, and"
            + " io.genlab.reports.archfixture.ReportsUsingTrackingInternal is in reports");
    assertThatCode(() -> ArchitectureRules.internalPackagesStayInTheirModule().check(of(TrackingUsingItsInternal.class)))
        .doesNotThrowAnyException();
  }

  @Test
  void aClassOfNoModuleFails() {
    assertThatThrownBy(() -> ArchitectureRules.everyClassBelongsToAModule().check(of(ClassOfNoModule.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("io.genlab.unknown.archfixture.ClassOfNoModule is in package"
            + " io.genlab.unknown.archfixture, which no module of GenlabModule.ALL owns");
  }

  private static JavaClasses of(Class<?>... classes) {
    return new ClassFileImporter().importClasses(classes);
  }
}
