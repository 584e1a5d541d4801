package io.genlab.gan.internal;

import io.genlab.api.DataInfo;
import io.genlab.gan.MlpGanConfig;
import io.genlab.nn.Activation;
import io.genlab.nn.GraphOps;
import io.genlab.nn.Layers;
import io.genlab.nn.Network;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** {@code mlp-gan}: fully connected networks on flattened examples, in data units. Not thread-safe. */
public final class MlpGan extends AdversarialModel {
  private final MlpGanConfig config;

  /** The model of {@code config}. */
  public MlpGan(MlpGanConfig config) {
    super("mlp-gan", config.latentDim(), config.conditioning(), config.categoricalCode(), config.continuousCode(),
        config.init());
    this.config = config;
  }

  @Override
  String unsupported(DataInfo data) {
    return null;
  }

  @Override
  long[] inputShape(DataInfo data) {
    return new long[] {data.exampleSize()};
  }

  @Override
  SDVariable toNetworkRange(SameDiff sd, SDVariable x, DataInfo data) {
    return x;
  }

  @Override
  SDVariable toDataRange(SameDiff sd, SDVariable y, DataInfo data) {
    return sd.math.clipByValue(y, data.low(), data.high()).reshape(GraphOps.anyBatch(data.exampleShape()));
  }

  @Override
  SDVariable generator(Layers layers, SDVariable input, long inputSize, DataInfo data, boolean training) {
    return training
        ? layers.mlp("G", input, inputSize, config.generatorHidden(), data.exampleSize(), config.generatorActivation(),
            Activation.IDENTITY)
        : layers.applyMlp("G", input, config.generatorHidden().size(), config.generatorActivation(), Activation.IDENTITY);
  }

  @Override
  Trunk trunk(DataInfo data, int labelChannels) {
    Network.Builder b = Network.builder();
    long width = data.exampleSize() + labelChannels;
    for (int i = 0; i < config.discriminatorHidden().size(); i++) {
      b.dense(D_TRUNK + "/fc" + i, width, config.discriminatorHidden().get(i)).activation(config.discriminatorActivation());
      width = config.discriminatorHidden().get(i);
    }
    return Trunk.of(b.build(), width);
  }

  @Override
  SDVariable attachLabels(SameDiff sd, SDVariable input, SDVariable labels, DataInfo data) {
    return sd.concat(1, input, labels);
  }

  @Override
  SDVariable detachLabels(SDVariable gradient, DataInfo data) {
    return gradient.get(SDIndex.all(), SDIndex.interval(0L, (long) data.exampleSize()));
  }

  @Override
  public boolean discriminatorBatchNorm() {
    return false;
  }
}
