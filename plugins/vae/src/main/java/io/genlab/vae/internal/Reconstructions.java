package io.genlab.vae.internal;

import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.vae.LatentVariableModel;
import org.nd4j.autodiff.samediff.SDVariable;

/** Graph helpers shared by the family's losses. */
final class Reconstructions {
  private Reconstructions() {}

  /** The model as the family's capability, or an error naming what it is. */
  static LatentVariableModel family(Model model) {
    return model.as(LatentVariableModel.class).orElseThrow(() -> new IllegalArgumentException(
        "this loss needs a model of the autoencoder family, found " + model.getClass().getSimpleName()));
  }

  /**
   * Empty when {@code model} is of the family and passes {@code ok}; else why {@code component} cannot use it.
   */
  static java.util.Optional<String> require(Model model, String component,
      java.util.function.Predicate<LatentVariableModel> ok, String whyNot) {
    java.util.Optional<LatentVariableModel> m = model.as(LatentVariableModel.class);
    if (m.isEmpty()) {
      return java.util.Optional.of(component + " needs a model of the autoencoder family");
    }
    return ok.test(m.get()) ? java.util.Optional.empty() : java.util.Optional.of(whyNot);
  }

  /** The data placeholder flattened to {@code [batch, d]}, matching the decoder output. */
  static SDVariable flatData(ModelGraph graph, DataInfo data) {
    return graph.sameDiff().getVariable(graph.dataInput()).reshape(-1, data.exampleSize());
  }
}
