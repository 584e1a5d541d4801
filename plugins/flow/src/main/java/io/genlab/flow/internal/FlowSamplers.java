package io.genlab.flow.internal;

import io.genlab.api.Model;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.api.TrainedModel;
import io.genlab.flow.FlowModel;
import io.genlab.flow.SamplerConfigs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The family's samplers. */
public final class FlowSamplers {
  private FlowSamplers() {}

  static FlowModel flow(TrainedModel model) {
    return model.model().as(FlowModel.class).orElseThrow(() -> new IllegalArgumentException(
        "this sampler needs a normalizing flow (realnvp, nice)"));
  }

  static Optional<String> requireFlow(Model model, String sampler) {
    return model.as(FlowModel.class).isPresent() ? Optional.empty()
        : Optional.of(sampler + " needs a normalizing flow (realnvp, nice)");
  }

  /** Runs the sampling graph on {@code z} in batches; {@code output} is a {@link FlowModel} sampling output. */
  static INDArray decode(TrainedModel model, INDArray z, int batchSize, String output) {
    List<INDArray> parts = new ArrayList<>();
    long n = z.size(0);
    for (long from = 0; from < n; from += batchSize) {
      INDArray batch = z.get(NDArrayIndex.interval(from, Math.min(n, from + batchSize)), NDArrayIndex.all());
      parts.add(model.run(java.util.Map.of(FlowModel.SAMPLE_Z, batch.dup()), List.of(output)).get(output));
    }
    return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new));
  }

  /**
   * z from the flow's prior at temperature T (N(0, T^2 I) for realnvp) from the context's random source,
   * decoded by the exact inverse, clipped to the data range.
   */
  public static final class Flow implements Sampler {
    private final SamplerConfigs.Flow config;

    public Flow(SamplerConfigs.Flow config) {
      this.config = config;
    }

    @Override
    public Samples sample(TrainedModel model, SamplingContext context) {
      INDArray z = flow(model).samplePrior(context.random().derive("z"), config.count(), config.temperature());
      INDArray x = decode(model, z, config.batchSize(), FlowModel.SAMPLE_OUTPUT);
      return new Samples(x, null, (int) Math.ceil(Math.sqrt(config.count())));
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return requireFlow(model, "flow");
    }
  }

  /**
   * The first test examples encoded to z (with dequantisation noise from the context's source) and
   * decoded back: each original is followed by its reconstruction, pairs side by side.
   */
  public static final class Roundtrip implements Sampler {
    private final SamplerConfigs.Roundtrip config;

    public Roundtrip(SamplerConfigs.Roundtrip config) {
      this.config = config;
    }

    @Override
    public Samples sample(TrainedModel model, SamplingContext context) {
      int n = Math.min(config.count(), context.test().count());
      if (n == 0) {
        throw new IllegalStateException("roundtrip needs test examples, the test split is empty");
      }
      INDArray originals = context.test().range(0, n);
      INDArray z = model.run(model.feeds(originals, null, context.random().derive("dequantization")),
          List.of(FlowModel.Z)).get(FlowModel.Z);
      INDArray reconstructions = decode(model, z, model.evaluationBatchSize(), FlowModel.SAMPLE_OUTPUT);
      long[] shape = originals.shape();
      shape[0] = 2L * n;
      INDArray pairs = Nd4j.create(originals.dataType(), shape);
      for (int i = 0; i < n; i++) {
        pairs.slice(2L * i).assign(originals.slice(i));
        pairs.slice(2L * i + 1).assign(reconstructions.slice(i));
      }
      int pairsPerRow = (int) Math.ceil(Math.sqrt(n));
      return new Samples(pairs, null, 2 * pairsPerRow);
    }

    @Override
    public boolean representative() {
      return false;
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return requireFlow(model, "roundtrip");
    }
  }
}
