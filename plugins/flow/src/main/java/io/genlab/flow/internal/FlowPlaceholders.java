package io.genlab.flow.internal;

import io.genlab.nn.GraphOps;
import io.genlab.nn.Layers;
import org.nd4j.autodiff.samediff.SDVariable;

/** The placeholders of a flow's graph, in its layers' data type. Stateless. */
final class FlowPlaceholders {
  private FlowPlaceholders() {}

  /** A placeholder of per-example {@code shape} in the layers' data type (any batch size). */
  static SDVariable placeholder(Layers layers, String name, long[] shape) {
    return layers.sameDiff().placeHolder(name, layers.dataType(), GraphOps.anyBatch(shape));
  }
}
