package io.genlab.vae.internal;

import io.genlab.api.DataInfo;
import io.genlab.api.LatentCodec;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.NoiseInput;
import io.genlab.api.TrainedModel;
import io.genlab.nn.Activation;
import io.genlab.nn.Init;
import io.genlab.nn.Layers;
import io.genlab.vae.KlAutoencoderConfig;
import io.genlab.vae.LatentVariableModel;
import io.genlab.vae.Likelihood;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The KL-regularised autoencoder of latent diffusion (Rombach et al. 2022): a convolutional encoder to the mean
 * and log-variance of a spatial Gaussian latent {@code [C, h, w]}, a convolutional decoder of a reparameterised
 * sample. It keeps the family's graph contract ({@link LatentVariableModel}) with the latent flattened
 * channel-major, so that the {@code elbo} loss (with a small beta), the family's metrics and samplers apply.
 *
 * <p>The flat latent dimension depends on the image size, so {@link #latentDim()} is known once the model is
 * built; a model is built for one data shape.
 */
public final class KlAutoencoderModel implements Model, LatentVariableModel, LatentCodec {
  private final KlAutoencoderConfig config;
  private final ConvStack stack;
  private long[] builtSide; // the latent's [h, w] for the data of the last build

  private KlAutoencoderModel(KlAutoencoderConfig config) {
    this.config = config;
    this.stack = new ConvStack(config.channels(), config.residualBlocks());
  }

  public static KlAutoencoderModel of(KlAutoencoderConfig config) {
    return new KlAutoencoderModel(config);
  }

  @Override
  public ModelGraph build(BuildContext context) {
    DataInfo data = context.data();
    SameDiff sd = context.sameDiff();
    long[] side = stack.codeSide(data, "kl-autoencoder");
    builtSide = side;
    long[] shape = data.exampleShape();
    int channels = config.latentChannels();
    int flat = latentDim();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, shape[0], shape[1], shape[2]);
    SDVariable zPrior = sd.placeHolder(Outputs.Z_PRIOR, DataType.FLOAT, -1, flat);
    SDVariable eps = sd.placeHolder("eps", DataType.FLOAT, -1, flat);
    Layers layers = new Layers(sd, context.init(), Init.PYTORCH_DEFAULT);

    SDVariable features = stack.encoder(layers, x, data);
    SDVariable mu = sd.identity(Outputs.MU,
        layers.conv2d("encoder/mu", features, stack.width(), channels, 1, 1, 0, Activation.IDENTITY).reshape(-1, flat));
    SDVariable logvar = sd.identity(Outputs.LOGVAR,
        layers.conv2d("encoder/logvar", features, stack.width(), channels, 1, 1, 0, Activation.IDENTITY).reshape(-1, flat));
    SDVariable z = mu.add(sd.math.exp(logvar.mul(0.5)).mul(eps));
    SDVariable decoder = sd.identity(Outputs.DECODER,
        stack.decoder(layers, z.reshape(-1, channels, side[0], side[1]), channels, data, true));
    SDVariable decoded = sd.identity(Outputs.DECODED,
        stack.decoder(layers, zPrior.reshape(-1, channels, side[0], side[1]), channels, data, false));
    return ModelGraph.builder(sd).dataInput(x, shape)
        .noise(new NoiseInput("eps", new long[] {flat}, NoiseInput.Distribution.STANDARD_NORMAL))
        .output(Outputs.MU, mu).output(Outputs.LOGVAR, logvar).output("z", z)
        .output(Outputs.DECODER, decoder).output(Outputs.DECODED, decoded)
        .parameters(ModelGraph.DEFAULT_GROUP, layers.parameters())
        .build();
  }

  @Override
  public long[] latentShape(DataInfo data) {
    long[] side = stack.codeSide(data, "kl-autoencoder");
    return new long[] {config.latentChannels(), side[0], side[1]};
  }

  @Override
  public INDArray encode(TrainedModel model, INDArray data) {
    return CodecRuns.encode(model, data, Outputs.MU, latentShape(model.data()));
  }

  @Override
  public INDArray decode(TrainedModel model, INDArray latents) {
    long[] shape = latentShape(model.data());
    return CodecRuns.decode(model, latents, Outputs.Z_PRIOR, new long[] {shape[0] * shape[1] * shape[2]},
        Outputs.DECODED, config.likelihood());
  }

  /** {@code latentChannels * h * w} for the data the model was built for. */
  @Override
  public int latentDim() {
    if (builtSide == null) {
      throw new IllegalStateException("kl-autoencoder's flat latent dimension depends on the image size: build the model first");
    }
    return Math.toIntExact(config.latentChannels() * builtSide[0] * builtSide[1]);
  }

  @Override
  public boolean variational() {
    return true;
  }

  @Override
  public boolean conditional() {
    return false;
  }

  @Override
  public Likelihood likelihood() {
    return config.likelihood();
  }

  @Override
  public double gaussianSigma() {
    return config.gaussianSigma();
  }
}
