package io.genlab.gan.internal;

import io.genlab.api.DataInfo;
import io.genlab.gan.DcganConfig;
import io.genlab.nn.Activation;
import io.genlab.nn.Layers;
import io.genlab.nn.Network;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code dcgan} and its conditional presets: the convolutional networks of {@link DcganConfig}, data
 * scaled to [-1, 1] for the tanh generator. Not thread-safe.
 */
public final class Dcgan extends AdversarialModel {
  private static final int KERNEL = 4;
  private final DcganConfig config;

  /** The model of {@code config}. */
  public Dcgan(DcganConfig config) {
    super("dcgan", config.latentDim(), config.conditioning(), config.categoricalCode(), config.continuousCode(),
        config.init());
    this.config = config;
  }

  @Override
  String unsupported(DataInfo data) {
    long[] s = data.exampleShape();
    if (!data.isImage()) {
      return "needs images [channels, height, width], and the data are vectors of shape " + java.util.Arrays.toString(s)
          + "; use mlp-gan";
    }
    if (s[1] % 4 != 0 || s[2] % 4 != 0) {
      return "needs image sides that are multiples of 4 (two stride-2 layers), found " + s[1] + "x" + s[2];
    }
    return null;
  }

  @Override
  long[] inputShape(DataInfo data) {
    return data.exampleShape();
  }

  @Override
  SDVariable toNetworkRange(SameDiff sd, SDVariable x, DataInfo data) {
    return x.sub(data.low()).mul(2 / (data.high() - data.low())).sub(1);
  }

  @Override
  SDVariable toDataRange(SameDiff sd, SDVariable y, DataInfo data) {
    return sd.math.clipByValue(y.add(1).mul((data.high() - data.low()) / 2).add(data.low()), data.low(), data.high());
  }

  @Override
  SDVariable generator(Layers layers, SDVariable input, long inputSize, DataInfo data, boolean training) {
    long[] s = data.exampleShape();
    long wide = 2L * config.width();
    long h4 = s[1] / 4;
    long w4 = s[2] / 4;
    SDVariable h = training
        ? layers.dense("G/fc", input, inputSize, wide * h4 * w4, Activation.IDENTITY)
        : layers.applyDense("G/fc", input, Activation.IDENTITY);
    h = normalise(layers, "G/bn0", h, wide * h4 * w4, 2, training);
    h = layers.sameDiff().nn.relu(h, 0.0).reshape(-1, wide, h4, w4);
    h = training
        ? layers.deconv2d("G/deconv1", h, wide, config.width(), KERNEL, 2, 1, Activation.IDENTITY)
        : layers.applyDeconv2d("G/deconv1", h, KERNEL, 2, 1, Activation.IDENTITY);
    h = layers.sameDiff().nn.relu(normalise(layers, "G/bn1", h, config.width(), 4, training), 0.0);
    return training
        ? layers.deconv2d("G/deconv2", h, config.width(), s[0], KERNEL, 2, 1, Activation.TANH)
        : layers.applyDeconv2d("G/deconv2", h, KERNEL, 2, 1, Activation.TANH);
  }

  private SDVariable normalise(Layers layers, String name, SDVariable h, long channels, int rank, boolean training) {
    if (!config.generatorBatchNorm()) {
      return h;
    }
    return training ? layers.batchNorm(name, h, channels, rank, GENERATOR) : layers.applyBatchNormInference(name, h);
  }

  @Override
  Trunk trunk(DataInfo data, int labelChannels) {
    long[] s = data.exampleShape();
    long wide = 2L * config.width();
    long features = wide * (s[1] / 4) * (s[2] / 4);
    Network.Builder convolutions = Network.builder()
        .conv2d(D_TRUNK + "/conv1", s[0] + labelChannels, config.width(), KERNEL, 2, 1)
        .activation(Activation.LEAKY_RELU)
        .conv2d(D_TRUNK + "/conv2", config.width(), wide, KERNEL, 2, 1);
    Network.Builder rest = Network.builder().activation(Activation.LEAKY_RELU).reshape(features);
    String bn = D_TRUNK + "/bn";
    if (!config.discriminatorBatchNorm()) {
      return Trunk.of(convolutions.activation(Activation.LEAKY_RELU).reshape(features).build(), features);
    }
    Network before = convolutions.build();
    Network after = rest.build();
    return new Trunk() {
      @Override
      public long features() {
        return features;
      }

      @Override
      public SDVariable create(Layers layers, SDVariable input) {
        SDVariable h = layers.batchNorm(bn, before.create(layers, input).output(), wide, 4, DISCRIMINATOR);
        return after.create(layers, h).output();
      }

      @Override
      public SDVariable apply(Layers layers, SDVariable input) {
        SDVariable h = layers.applyBatchNorm(bn, before.apply(layers.sameDiff(), input).output(), 4);
        return after.apply(layers.sameDiff(), h).output();
      }

      @Override
      public Network network() {
        throw new IllegalStateException("a trunk with batch norm has no per-example input gradient");
      }
    };
  }

  @Override
  SDVariable attachLabels(SameDiff sd, SDVariable input, SDVariable labels, DataInfo data) {
    long[] s = data.exampleShape();
    int classes = labelClasses();
    SDVariable planes = sd.constant(org.nd4j.linalg.factory.Nd4j.ones(DataType.FLOAT, 1, classes, s[1], s[2]));
    return sd.concat(1, input, labels.reshape(-1, classes, 1, 1).mul(planes));
  }

  @Override
  SDVariable detachLabels(SDVariable gradient, DataInfo data) {
    return gradient.get(SDIndex.all(), SDIndex.interval(0L, data.exampleShape()[0]));
  }

  @Override
  public boolean discriminatorBatchNorm() {
    return config.discriminatorBatchNorm();
  }
}
