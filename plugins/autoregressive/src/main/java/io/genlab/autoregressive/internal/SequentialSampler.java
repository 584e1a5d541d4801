package io.genlab.autoregressive.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.api.TrainedModel;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.SamplerConfigs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Draws examples from scratch, one dimension per forward pass, as {@link SamplerConfigs.Sequential} says. */
public final class SequentialSampler implements Sampler {
  private final SamplerConfigs.Sequential config;

  public SequentialSampler(SamplerConfigs.Sequential config) {
    this.config = config;
  }

  @Override
  public Optional<String> incompatibility(Model model, DataInfo data) {
    return config.label() >= 0 && data.numClasses() > 0 && config.label() >= data.numClasses()
        ? Optional.of("label must be in [0, " + data.numClasses() + ") for data with " + data.numClasses()
            + " classes, found " + config.label())
        : Optional.empty();
  }

  @Override
  public Samples sample(TrainedModel model, SamplingContext context) {
    AutoregressiveModel ar = Generation.capability(model.model(), "sequential");
    int classes = ar.numClasses();
    if (config.label() >= 0 && classes == 0) {
      throw new ConfigException("label", "label " + config.label() + " is set, but the model is not conditional");
    }
    long[] exampleShape = model.data().exampleShape();
    int n = config.count();
    int[] labels = null;
    if (classes > 0) {
      labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = config.label() >= 0 ? config.label() : i % classes;
      }
    }
    List<INDArray> batches = new ArrayList<>();
    for (int from = 0; from < n; from += config.batchSize()) {
      int to = Math.min(n, from + config.batchSize());
      long[] shape = new long[exampleShape.length + 1];
      shape[0] = to - from;
      System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
      INDArray start = Nd4j.valueArrayOf(shape, ar.dataValue(0), DataType.FLOAT);
      INDArray oneHot = labels == null ? null : Generation.oneHot(Arrays.copyOfRange(labels, from, to), classes);
      batches.add(Generation.fill(model, ar, config.ordering(), start, oneHot, 0, config.temperature(),
          context.random().derive("sequential"), from));
    }
    INDArray values = batches.size() == 1 ? batches.get(0) : Nd4j.concat(0, batches.toArray(INDArray[]::new));
    int columns = labels != null && config.label() < 0 ? classes : (int) Math.ceil(Math.sqrt(n));
    return new Samples(values, labels, columns);
  }

  @Override
  public Optional<String> incompatibility(Model model) {
    return Generation.incompatibility(model, "sequential", config.ordering());
  }
}
