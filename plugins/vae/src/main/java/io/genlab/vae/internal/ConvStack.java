package io.genlab.vae.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.nn.Activation;
import io.genlab.nn.Layers;
import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The convolutional encoder and decoder of the models with a spatial code (VQ-VAE, KL autoencoder): 4x4
 * stride-2 convolutions, then residual blocks (ReLU, 3x3 convolution, ReLU, 1x1 convolution, as van den Oord
 * et al. 2017); the decoder mirrors it with a 3x3 input convolution and 4x4 stride-2 transposed convolutions.
 */
final class ConvStack {
  private final List<Integer> channels;
  private final int residualBlocks;

  ConvStack(List<Integer> channels, int residualBlocks) {
    this.channels = channels;
    this.residualBlocks = residualBlocks;
  }

  /** The code's {@code [height, width]} for {@code data}, or a ConfigException naming the model when the sides do not halve. */
  long[] codeSide(DataInfo data, String model) {
    int halvings = channels.size();
    long factor = 1L << halvings;
    long[] s = data.exampleShape();
    if (!data.isImage() || s[1] % factor != 0 || s[2] % factor != 0) {
      throw new ConfigException("model", model + " with " + halvings + " stride-2 convolutions needs images whose sides are "
          + "divisible by " + factor + ", found example shape " + Arrays.toString(s));
    }
    return new long[] {s[1] / factor, s[2] / factor};
  }

  /** The width of the encoder's last layer. */
  long width() {
    return channels.get(channels.size() - 1);
  }

  /** The encoder's features {@code [batch, width(), h, w]} of images {@code x}; creates its weights. */
  SDVariable encoder(Layers layers, SDVariable x, DataInfo data) {
    SDVariable h = x;
    long in = data.exampleShape()[0];
    for (int i = 0; i < channels.size(); i++) {
      h = layers.conv2d("encoder/conv" + i, h, in, channels.get(i), 4, 2, 1, Activation.RELU);
      in = channels.get(i);
    }
    return residuals(layers, "encoder/res", h, true);
  }

  /** The decoder's output, flat {@code [batch, d]}, for codes {@code z [batch, zChannels, h, w]}; creates its weights when {@code create}. */
  SDVariable decoder(Layers layers, SDVariable z, long zChannels, DataInfo data, boolean create) {
    SDVariable h = create ? layers.conv2d("decoder/in", z, zChannels, width(), 3, 1, 1, Activation.RELU)
        : layers.applyConv2d("decoder/in", z, 3, 1, 1, Activation.RELU);
    h = residuals(layers, "decoder/res", h, create);
    for (int i = channels.size() - 1, k = 0; i >= 0; i--, k++) {
      boolean last = i == 0;
      long out = last ? data.exampleShape()[0] : channels.get(i - 1);
      Activation activation = last ? Activation.IDENTITY : Activation.RELU;
      String name = "decoder/deconv" + k;
      h = create ? layers.deconv2d(name, h, channels.get(i), out, 4, 2, 1, activation)
          : layers.applyDeconv2d(name, h, 4, 2, 1, activation);
    }
    return h.reshape(-1, data.exampleSize());
  }

  /** {@code h = relu(h + conv1x1(relu(conv3x3(h))))} per block; {@code h} is already rectified. */
  private SDVariable residuals(Layers layers, String prefix, SDVariable h, boolean create) {
    long c = width();
    for (int r = 0; r < residualBlocks; r++) {
      String name = prefix + r;
      SDVariable t = create ? layers.conv2d(name + "/conv3", h, c, c, 3, 1, 1, Activation.RELU)
          : layers.applyConv2d(name + "/conv3", h, 3, 1, 1, Activation.RELU);
      t = create ? layers.conv2d(name + "/conv1", t, c, c, 1, 1, 0, Activation.IDENTITY)
          : layers.applyConv2d(name + "/conv1", t, 1, 1, 0, Activation.IDENTITY);
      h = Activation.RELU.apply(layers.sameDiff(), h.add(t));
    }
    return h;
  }
}
