package io.genlab.vae.internal;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.LatentCodec;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.NoiseInput;
import io.genlab.api.RandomSource;
import io.genlab.api.TrainedModel;
import io.genlab.nn.Activation;
import io.genlab.nn.Init;
import io.genlab.nn.Layers;
import io.genlab.vae.AutoencoderConfig;
import io.genlab.vae.ConditionalVaeConfig;
import io.genlab.vae.ConvVaeConfig;
import io.genlab.vae.DenoisingAutoencoderConfig;
import io.genlab.vae.LatentVariableModel;
import io.genlab.vae.Likelihood;
import io.genlab.vae.MlpVaeConfig;
import java.util.List;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every model of the autoencoder family: MLP or convolutional, variational or deterministic,
 * conditional or not, with optional input corruption. One class, because the variants differ only in
 * which pieces of the same encoder/decoder graph they switch on. Unconditional models are first stages
 * ({@link LatentCodec}): the encoder mean and the decoder mean.
 */
public final class AutoencoderModel implements Model, LatentVariableModel, LatentCodec {
  private enum Body { MLP, CONV }

  private final Body body;
  private final List<Integer> widths; // MLP hidden sizes, or the two conv channel counts
  private final int convHidden;
  private final int latentDim;
  private final boolean variational;
  private final boolean conditional;
  private final double noiseStd;
  private final Likelihood likelihood;
  private final double gaussianSigma;

  private AutoencoderModel(Body body, List<Integer> widths, int convHidden, int latentDim, boolean variational,
      boolean conditional, double noiseStd, Likelihood likelihood, double gaussianSigma) {
    this.body = body;
    this.widths = widths;
    this.convHidden = convHidden;
    this.latentDim = latentDim;
    this.variational = variational;
    this.conditional = conditional;
    this.noiseStd = noiseStd;
    this.likelihood = likelihood;
    this.gaussianSigma = gaussianSigma;
  }

  public static AutoencoderModel of(MlpVaeConfig c) {
    return new AutoencoderModel(Body.MLP, c.hiddenSizes(), 0, c.latentDim(), true, false, 0, c.likelihood(), c.gaussianSigma());
  }

  public static AutoencoderModel of(ConditionalVaeConfig c) {
    return new AutoencoderModel(Body.MLP, c.hiddenSizes(), 0, c.latentDim(), true, true, 0, c.likelihood(), c.gaussianSigma());
  }

  public static AutoencoderModel of(ConvVaeConfig c) {
    return new AutoencoderModel(Body.CONV, c.channels(), c.hiddenSize(), c.latentDim(), true, false, 0, c.likelihood(), c.gaussianSigma());
  }

  public static AutoencoderModel of(AutoencoderConfig c) {
    return new AutoencoderModel(Body.MLP, c.hiddenSizes(), 0, c.latentDim(), false, false, 0, c.likelihood(), c.gaussianSigma());
  }

  public static AutoencoderModel of(DenoisingAutoencoderConfig c) {
    return new AutoencoderModel(Body.MLP, c.hiddenSizes(), 0, c.latentDim(), false, false, c.noiseStd(), c.likelihood(), c.gaussianSigma());
  }

  @Override
  public ModelGraph build(BuildContext context) {
    DataInfo data = context.data();
    SameDiff sd = context.sameDiff();
    if (conditional && !data.labelled()) {
      throw new ConfigException("model", "a conditional model needs labelled data, but the dataset has no classes");
    }
    if (body == Body.CONV && (!data.isImage() || data.exampleShape()[1] % 4 != 0 || data.exampleShape()[2] % 4 != 0)) {
      throw new ConfigException("model", "conv-vae needs images with sides divisible by 4, found example shape "
          + java.util.Arrays.toString(data.exampleShape()));
    }
    int d = data.exampleSize();
    long[] inputShape = body == Body.CONV ? data.exampleShape() : new long[] {d};
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, prepend(-1, inputShape));
    SDVariable y = conditional ? sd.placeHolder("y", DataType.FLOAT, -1, data.numClasses()) : null;
    SDVariable zPrior = sd.placeHolder(Outputs.Z_PRIOR, DataType.FLOAT, -1, latentDim);
    Layers layers = new Layers(sd, context.init(), Init.PYTORCH_DEFAULT);
    ModelGraph.Builder graph = ModelGraph.builder(sd).dataInput(x, inputShape);
    if (y != null) {
      graph.labelInput(y);
    }

    SDVariable encoderInput = x;
    if (noiseStd > 0) {
      SDVariable corruption = sd.placeHolder("corruption", DataType.FLOAT, prepend(-1, inputShape));
      graph.noise(new NoiseInput("corruption", inputShape, NoiseInput.Distribution.STANDARD_NORMAL));
      encoderInput = x.add(corruption.mul(noiseStd));
    }
    // Build the encoder on the (possibly corrupted) training input, then apply it again, sharing
    // weights, to the clean input: metrics and samplers read the clean encoding.
    SDVariable trainFeatures = encoder(layers, encoderInput, y, data, true);
    SDVariable cleanFeatures = noiseStd > 0 ? encoder(layers, x, y, data, false) : trainFeatures;
    SDVariable mu = sd.identity(Outputs.MU, cleanFeatures.get(org.nd4j.autodiff.samediff.SDIndex.all(),
        org.nd4j.autodiff.samediff.SDIndex.interval(0, latentDim)));
    SDVariable z;
    if (variational) {
      SDVariable logvar = sd.identity(Outputs.LOGVAR, cleanFeatures.get(org.nd4j.autodiff.samediff.SDIndex.all(),
          org.nd4j.autodiff.samediff.SDIndex.interval(latentDim, 2 * latentDim)));
      SDVariable eps = sd.placeHolder("eps", DataType.FLOAT, -1, latentDim);
      graph.noise(new NoiseInput("eps", new long[] {latentDim}, NoiseInput.Distribution.STANDARD_NORMAL));
      z = mu.add(sd.math.exp(logvar.mul(0.5)).mul(eps));
      graph.output(Outputs.LOGVAR, logvar);
    } else {
      z = noiseStd > 0 ? trainFeatures : mu;
    }
    SDVariable decoder = sd.identity(Outputs.DECODER, decoder(layers, z, y, data, true));
    SDVariable decoded = sd.identity(Outputs.DECODED, decoder(layers, zPrior, y, data, false));
    return graph.output(Outputs.MU, mu).output(Outputs.DECODER, decoder).output(Outputs.DECODED, decoded)
        .output("z", z)
        .parameters(ModelGraph.DEFAULT_GROUP, layers.parameters())
        .build();
  }

  /** The encoder's last layer: {@code [batch, 2*latent]} (mean, log-variance) or {@code [batch, latent]}. */
  private SDVariable encoder(Layers layers, SDVariable x, SDVariable y, DataInfo data, boolean create) {
    int out = variational ? 2 * latentDim : latentDim;
    SameDiff sd = layers.sameDiff();
    if (body == Body.MLP) {
      SDVariable in = y == null ? x : sd.concat(1, x, y);
      long inWidth = data.exampleSize() + (y == null ? 0 : data.numClasses());
      return create
          ? layers.mlp("encoder", in, inWidth, widths, out, Activation.RELU, Activation.IDENTITY)
          : layers.applyMlp("encoder", in, widths.size(), Activation.RELU, Activation.IDENTITY);
    }
    long[] s = data.exampleShape();
    long flat = widths.get(1) * (s[1] / 4) * (s[2] / 4);
    SDVariable h;
    if (create) {
      h = layers.conv2d("encoder/conv0", x, s[0], widths.get(0), 4, 2, 1, Activation.RELU);
      h = layers.conv2d("encoder/conv1", h, widths.get(0), widths.get(1), 4, 2, 1, Activation.RELU);
      h = layers.dense("encoder/fc", h.reshape(-1, flat), flat, convHidden, Activation.RELU);
      return layers.dense("encoder/out", h, convHidden, out, Activation.IDENTITY);
    }
    h = layers.applyConv2d("encoder/conv0", x, 4, 2, 1, Activation.RELU);
    h = layers.applyConv2d("encoder/conv1", h, 4, 2, 1, Activation.RELU);
    h = layers.applyDense("encoder/fc", h.reshape(-1, flat), Activation.RELU);
    return layers.applyDense("encoder/out", h, Activation.IDENTITY);
  }

  /** The decoder: flat {@code [batch, d]} output in the likelihood's parameterisation. */
  private SDVariable decoder(Layers layers, SDVariable z, SDVariable y, DataInfo data, boolean create) {
    SameDiff sd = layers.sameDiff();
    SDVariable in = y == null ? z : sd.concat(1, z, y);
    long inWidth = latentDim + (y == null ? 0 : data.numClasses());
    int d = data.exampleSize();
    if (body == Body.MLP) {
      List<Integer> mirrored = new java.util.ArrayList<>(widths);
      java.util.Collections.reverse(mirrored);
      return create
          ? layers.mlp("decoder", in, inWidth, mirrored, d, Activation.RELU, Activation.IDENTITY)
          : layers.applyMlp("decoder", in, mirrored.size(), Activation.RELU, Activation.IDENTITY);
    }
    long[] s = data.exampleShape();
    long h4 = s[1] / 4;
    long w4 = s[2] / 4;
    long flat = widths.get(1) * h4 * w4;
    SDVariable h;
    if (create) {
      h = layers.dense("decoder/fc", in, inWidth, convHidden, Activation.RELU);
      h = layers.dense("decoder/fc2", h, convHidden, flat, Activation.RELU);
      h = layers.deconv2d("decoder/deconv0", h.reshape(-1, widths.get(1), h4, w4), widths.get(1), widths.get(0), 4, 2, 1, Activation.RELU);
      h = layers.deconv2d("decoder/deconv1", h, widths.get(0), s[0], 4, 2, 1, Activation.IDENTITY);
    } else {
      h = layers.applyDense("decoder/fc", in, Activation.RELU);
      h = layers.applyDense("decoder/fc2", h, Activation.RELU);
      h = layers.applyDeconv2d("decoder/deconv0", h.reshape(-1, widths.get(1), h4, w4), 4, 2, 1, Activation.RELU);
      h = layers.applyDeconv2d("decoder/deconv1", h, 4, 2, 1, Activation.IDENTITY);
    }
    return h.reshape(-1, d);
  }

  private static long[] prepend(long first, long[] rest) {
    long[] out = new long[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  /** A conditional model needs labels to encode and decode, which a latent codec is not given. */
  @Override
  public <T> Optional<T> as(Class<T> capability) {
    return capability == LatentCodec.class && conditional ? Optional.empty() : Model.super.as(capability);
  }

  @Override
  public long[] latentShape(DataInfo data) {
    return new long[] {latentDim};
  }

  /** The encoder mean; the posterior noise the feeds carry does not reach it, so any seed gives the same latents. */
  @Override
  public INDArray encode(TrainedModel model, INDArray data) {
    // dup: the executor reuses its output arrays at the next call.
    return model.run(model.feeds(data, null, RandomSource.seeded(0)), List.of(Outputs.MU)).get(Outputs.MU).dup();
  }

  /** The decoder mean (probabilities for a Bernoulli decoder), clipped to the data range. */
  @Override
  public INDArray decode(TrainedModel model, INDArray latents) {
    return new Codec(model).decodeMean(latents, null);
  }

  @Override
  public int latentDim() {
    return latentDim;
  }

  @Override
  public boolean variational() {
    return variational;
  }

  @Override
  public boolean conditional() {
    return conditional;
  }

  @Override
  public Likelihood likelihood() {
    return likelihood;
  }

  @Override
  public double gaussianSigma() {
    return gaussianSigma;
  }
}
