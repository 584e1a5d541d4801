package io.genlab.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.genlab.api.ComponentFactory;
import io.genlab.api.ComponentKind;
import io.genlab.api.Dataset;
import io.genlab.api.Description;
import io.genlab.api.PluginModule;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The plugin is discoverable, binds every dataset, and its config records are documented. */
class DatasetsPluginTests {

  @Test
  void serviceLoaderFindsThePlugin() {
    assertThat(ServiceLoader.load(PluginModule.class).stream().map(ServiceLoader.Provider::type))
        .contains(DatasetsPlugin.class);
    DatasetsPlugin plugin = new DatasetsPlugin();
    assertThat(plugin.id()).isEqualTo("datasets");
    assertThat(plugin.description()).isNotBlank();
  }

  @Test
  void bindsEveryDatasetByName() {
    Map<String, ComponentFactory<?>> datasets = datasets();
    assertThat(datasets.keySet())
        .containsExactlyInAnyOrder(
            "mnist", "fashion-mnist", "kmnist", "idx", "sklearn-digits", "toy2d", "shapes", "dsprites-grid");
    for (Map.Entry<String, ComponentFactory<?>> entry : datasets.entrySet()) {
      assertThat(entry.getValue().summary()).as(entry.getKey()).isNotBlank();
      if (!entry.getKey().equals("idx")) { // idx needs a directory
        assertThat(entry.getValue().create(entry.getValue().defaults()))
            .as(entry.getKey())
            .isInstanceOf(Dataset.class);
      }
    }
  }

  @Test
  void everyConfigRecordHasPublicDefaultsAndDescribedComponents() throws Exception {
    for (Map.Entry<String, ComponentFactory<?>> entry : datasets().entrySet()) {
      Class<? extends Record> type = entry.getValue().configType();
      Field defaults = type.getField("DEFAULTS");
      assertThat(Modifier.isStatic(defaults.getModifiers()) && Modifier.isFinal(defaults.getModifiers()))
          .as(type.getSimpleName())
          .isTrue();
      assertThat(defaults.get(null)).isEqualTo(entry.getValue().defaults());
      for (RecordComponent component : type.getRecordComponents()) {
        Description description = component.getAnnotation(Description.class);
        assertThat(description).as(type.getSimpleName() + "." + component.getName()).isNotNull();
        assertThat(description.value()).isNotBlank();
      }
    }
  }

  @Test
  void fileDatasetsNameTheFilesOfEachSplitAndGeneratedOnesNone() {
    Map<String, ComponentFactory<?>> datasets = datasets();
    Dataset mnist = (Dataset) datasets.get("mnist").create(datasets.get("mnist").defaults());
    assertThat(mnist.sourceFiles(Dataset.Split.TRAIN))
        .containsExactly("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");
    assertThat(mnist.sourceFiles(Dataset.Split.TEST))
        .containsExactly("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
    Dataset digits = (Dataset) datasets.get("sklearn-digits").create(datasets.get("sklearn-digits").defaults());
    assertThat(digits.sourceFiles(Dataset.Split.TEST)).containsExactly("digits.csv.gz");
    for (String generated : new String[] {"toy2d", "shapes", "dsprites-grid"}) {
      Dataset dataset = (Dataset) datasets.get(generated).create(datasets.get(generated).defaults());
      assertThat(dataset.sourceFiles(Dataset.Split.TRAIN)).as(generated).isEmpty();
    }
  }

  private static Map<String, ComponentFactory<?>> datasets() {
    Injector injector = Guice.createInjector(new DatasetsPlugin());
    return injector.getInstance(ComponentKind.DATASET.mapKey());
  }
}
