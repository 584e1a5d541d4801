package io.genlab.vae.internal;

import io.genlab.api.DataInfo;
import io.genlab.api.RandomSource;
import io.genlab.api.TrainedModel;
import io.genlab.vae.Likelihood;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** How the spatial-code models run their graphs for {@link io.genlab.api.LatentCodec}: in batches, without noise. */
final class CodecRuns {
  private CodecRuns() {}

  /** Applies {@code f} to slices of at most the model's evaluation batch size along axis 0 and concatenates. */
  static INDArray batched(TrainedModel model, INDArray in, Function<INDArray, INDArray> f) {
    long n = in.size(0);
    int step = model.evaluationBatchSize();
    if (n <= step) {
      return f.apply(in);
    }
    List<INDArray> parts = new ArrayList<>();
    for (long from = 0; from < n; from += step) {
      INDArray slice = in.get(NDArrayIndex.interval(from, Math.min(n, from + step))).dup();
      parts.add(f.apply(slice));
    }
    return Nd4j.concat(0, parts.toArray(INDArray[]::new));
  }

  /** The output {@code name} on data {@code x [n, ...exampleShape]}, reshaped to {@code [n, ...shape]}. */
  static INDArray encode(TrainedModel model, INDArray x, String name, long[] shape) {
    return batched(model, x, batch -> {
      // Encoders here draw no noise; the seeded source only fills noise inputs the output does not read.
      Map<String, INDArray> feeds = model.feeds(batch, null, RandomSource.seeded(0));
      return model.run(feeds, List.of(name)).get(name).reshape('c', prepend(batch.size(0), shape));
    });
  }

  /** The decoder mean in the data's range, {@code [n, ...exampleShape]}, of latents fed to {@code placeholder} shaped {@code [n, ...shape]}. */
  static INDArray decode(TrainedModel model, INDArray latents, String placeholder, long[] shape, String output,
      Likelihood likelihood) {
    DataInfo data = model.data();
    return batched(model, latents, batch -> {
      INDArray z = batch.reshape('c', prepend(batch.size(0), shape)).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
      INDArray raw = model.run(Map.of(placeholder, z), List.of(output)).get(output);
      INDArray mean = Transforms.max(Transforms.min(likelihood.mean(raw), data.high(), false), data.low(), false);
      return mean.reshape('c', prepend(batch.size(0), data.exampleShape()));
    });
  }

  static long[] prepend(long first, long[] rest) {
    long[] out = new long[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }
}
