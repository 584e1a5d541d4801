package io.genlab.vae.internal;

import io.genlab.api.Examples;
import io.genlab.api.RandomSource;
import io.genlab.api.TrainedModel;
import io.genlab.vae.LatentVariableModel;
import io.genlab.vae.LatentVariableModel.Outputs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Encodes and decodes through a trained model of the family, batch by batch; not thread-safe. */
final class Codec {
  private final TrainedModel trained;
  private final LatentVariableModel model;

  Codec(TrainedModel trained) {
    this.trained = trained;
    this.model = Reconstructions.family(trained.model());
  }

  LatentVariableModel model() {
    return model;
  }

  /** The encoder outputs ({@code mu}, and {@code logvar} for variational models) of examples [from, to). */
  Map<String, INDArray> encode(Examples examples, int from, int to, RandomSource noise) {
    INDArray batch = examples.range(from, to);
    INDArray labels = labels(examples, from, to);
    List<String> outputs = model.variational() ? List.of(Outputs.MU, Outputs.LOGVAR) : List.of(Outputs.MU);
    return trained.run(trained.feeds(batch, labels, noise), outputs);
  }

  /** The encoder means of the first {@code n} examples, {@code [n, latent]}. */
  INDArray encodeMeans(Examples examples, int n, RandomSource noise) {
    int step = trained.evaluationBatchSize();
    INDArray out = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, model.latentDim());
    for (int from = 0; from < n; from += step) {
      int to = Math.min(n, from + step);
      out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to), org.nd4j.linalg.indexing.NDArrayIndex.all())
          .assign(encode(examples, from, to, noise.derive(from)).get(Outputs.MU));
    }
    return out;
  }

  /** The raw decoder output (logits or means), flat {@code [n, d]}, for latents {@code z}. */
  INDArray decodeRaw(INDArray z, INDArray oneHotLabels) {
    Map<String, INDArray> feeds = new HashMap<>();
    feeds.put(Outputs.Z_PRIOR, z);
    if (trained.graph().labelInput() != null) {
      feeds.put(trained.graph().labelInput(), oneHotLabels);
    }
    return trained.run(feeds, List.of(Outputs.DECODED)).get(Outputs.DECODED);
  }

  /**
   * The decoder mean for latents {@code z}, shaped {@code [n, ...exampleShape]}, clipped to the data
   * range (a Gaussian decoder's mean is unbounded; samples are shown as data).
   */
  INDArray decodeMean(INDArray z, INDArray oneHotLabels) {
    INDArray mean = org.nd4j.linalg.ops.transforms.Transforms.max(
        org.nd4j.linalg.ops.transforms.Transforms.min(model.likelihood().mean(decodeRaw(z, oneHotLabels)),
            trained.data().high(), false), trained.data().low(), false);
    long[] shape = trained.data().exampleShape();
    long[] full = new long[shape.length + 1];
    full[0] = z.size(0);
    System.arraycopy(shape, 0, full, 1, shape.length);
    return mean.reshape('c', full);
  }

  /** Examples [from, to) flattened to {@code [to - from, exampleSize]}, the shape likelihoods compare against. */
  static INDArray flat(Examples examples, int from, int to) {
    return examples.range(from, to).reshape('c', to - from, examples.info().exampleSize());
  }

  /** The reparameterised posterior sample {@code mu + exp(logvar / 2) * eps}, as the model's graph draws it. */
  static INDArray posteriorSample(INDArray mu, INDArray logvar, INDArray eps) {
    return mu.add(org.nd4j.linalg.ops.transforms.Transforms.exp(logvar.mul(0.5), false).muli(eps));
  }

  /** One-hot labels of examples [from, to) when the model is conditional, else {@code null}. */
  INDArray labels(Examples examples, int from, int to) {
    if (trained.graph().labelInput() == null) {
      return null;
    }
    int[] idx = new int[to - from];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = from + i;
    }
    return examples.oneHot(idx);
  }
}
