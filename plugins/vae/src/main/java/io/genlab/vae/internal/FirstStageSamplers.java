package io.genlab.vae.internal;

import io.genlab.api.Examples;
import io.genlab.api.LatentCodec;
import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.api.TrainedModel;
import io.genlab.vae.FirstStageConfigs;
import io.genlab.vae.VectorQuantizedModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Samplers of first-stage autoencoders: reconstructions through a {@link LatentCodec}, random VQ codes. */
public final class FirstStageSamplers {
  private FirstStageSamplers() {}

  /**
   * The first test examples and their reconstructions {@code decode(encode(x))}: a row of originals, then a row of
   * their reconstructions, and so on. Not representative of the model's distribution.
   */
  public static final class Reconstructions implements Sampler {
    private final FirstStageConfigs.Reconstructions config;

    public Reconstructions(FirstStageConfigs.Reconstructions config) {
      this.config = config;
    }

    @Override
    public boolean representative() {
      return false;
    }

    @Override
    public Samples sample(TrainedModel model, SamplingContext context) {
      LatentCodec codec = model.model().as(LatentCodec.class).orElseThrow();
      Examples test = context.test();
      int columns = Math.min(config.columns(), Math.min(config.examples(), test.count()));
      int n = Math.min(config.examples(), test.count()) / columns * columns; // whole rows only
      INDArray x = test.range(0, n);
      INDArray r = codec.decode(model, codec.encode(model, x));
      INDArray grid = Nd4j.create(DataType.FLOAT, CodecRuns.prepend(2L * n, model.data().exampleShape()));
      for (int row = 0; row < n / columns; row++) {
        long from = (long) row * columns;
        grid.get(NDArrayIndex.interval(2 * from, 2 * from + columns)).assign(x.get(NDArrayIndex.interval(from, from + columns)));
        grid.get(NDArrayIndex.interval(2 * from + columns, 2 * from + 2 * columns))
            .assign(r.get(NDArrayIndex.interval(from, from + columns)));
      }
      return new Samples(grid, null, columns);
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return FirstStageMetrics.needsCodec(model, "reconstructions");
    }
  }

  /**
   * Decodes codes drawn uniformly and independently at every position: the prior under which a VQ-VAE is
   * trained (van den Oord et al. 2017), whose samples show why a learned prior over the codes is needed.
   */
  public static final class RandomCodes implements Sampler {
    private final FirstStageConfigs.RandomCodes config;

    public RandomCodes(FirstStageConfigs.RandomCodes config) {
      this.config = config;
    }

    @Override
    public Samples sample(TrainedModel model, SamplingContext context) {
      VectorQuantizedModel vq = model.model().as(VectorQuantizedModel.class).orElseThrow();
      LatentCodec codec = model.model().as(LatentCodec.class).orElseThrow();
      long[] shape = codec.latentShape(model.data());
      String name = VectorQuantizedModel.Outputs.CODEBOOK;
      float[][] book = model.run(Map.of(), List.of(name)).get(name).toFloatMatrix();
      int count = config.count();
      int positions = Math.toIntExact(shape[1] * shape[2]);
      float[] z = new float[Math.toIntExact(count * shape[0] * positions)];
      RandomSource random = context.random().derive("codes");
      for (int i = 0; i < count; i++) {
        for (int p = 0; p < positions; p++) {
          int code = (int) Math.min(vq.codebookSize() - 1, Math.floor(random.uniform((long) i * positions + p) * vq.codebookSize()));
          for (int c = 0; c < shape[0]; c++) {
            z[(i * (int) shape[0] + c) * positions + p] = book[code][c];
          }
        }
      }
      INDArray latents = Nd4j.create(z, CodecRuns.prepend(count, shape));
      return new Samples(codec.decode(model, latents), null, (int) Math.ceil(Math.sqrt(count)));
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return model.as(VectorQuantizedModel.class).isPresent() && model.as(LatentCodec.class).isPresent() ? Optional.empty()
          : Optional.of("random-codes needs a vector-quantised model (vq-vae), found " + model.getClass().getSimpleName());
    }
  }
}
