package io.genlab.autoregressive.internal;

import io.genlab.api.Examples;
import io.genlab.api.Model;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.api.TrainedModel;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.SamplerConfigs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Completes test examples: keeps the first half of the ordering (the top rows of an image in raster
 * order) and generates the rest, as {@link SamplerConfigs.Completion} says.
 */
public final class CompletionSampler implements Sampler {
  private final SamplerConfigs.Completion config;

  public CompletionSampler(SamplerConfigs.Completion config) {
    this.config = config;
  }

  @Override
  public Samples sample(TrainedModel model, SamplingContext context) {
    AutoregressiveModel ar = Generation.capability(model.model(), "completion");
    Examples test = context.test();
    int n = Math.min(config.count(), test.count());
    if (n == 0) {
      throw new IllegalStateException("completion needs test examples, the test split is empty");
    }
    int[] order = ar.ordering(config.ordering());
    int kept = order.length / 2;
    int classes = ar.numClasses();
    List<INDArray> originals = new ArrayList<>();
    List<INDArray> observed = new ArrayList<>();
    List<INDArray> completed = new ArrayList<>();
    for (int from = 0; from < n; from += config.batchSize()) {
      int to = Math.min(n, from + config.batchSize());
      INDArray original = test.range(from, to);
      INDArray start = original.dup('c');
      INDArray flat = start.reshape('c', to - from, order.length);
      for (int t = kept; t < order.length; t++) {
        flat.getColumn(order[t]).assign(ar.dataValue(0));
      }
      int[] indices = java.util.stream.IntStream.range(from, to).toArray();
      INDArray oneHot = classes > 0 ? test.oneHot(indices) : null;
      originals.add(original);
      observed.add(start);
      completed.add(Generation.fill(model, ar, config.ordering(), start, oneHot, kept, config.temperature(),
          context.random().derive("completion"), from));
    }
    int columns = Math.min(n, 10);
    int[] labels = test.labels() == null ? null : java.util.Arrays.copyOf(test.labels(), n);
    return new Samples(concat(completed), labels, columns)
        .withFigure("originals", new Samples(concat(originals), labels, columns))
        .withFigure("observed", new Samples(concat(observed), labels, columns));
  }

  private static INDArray concat(List<INDArray> parts) {
    return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new));
  }

  @Override
  public boolean representative() {
    return false;
  }

  @Override
  public Optional<String> incompatibility(Model model) {
    return Generation.incompatibility(model, "completion", config.ordering());
  }
}
