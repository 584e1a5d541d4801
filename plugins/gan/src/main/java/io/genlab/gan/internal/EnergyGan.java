package io.genlab.gan.internal;

import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.NoiseInput;
import io.genlab.gan.AutoencoderDiscriminator;
import io.genlab.gan.EnergyGanConfig;
import io.genlab.gan.GanModel;
import io.genlab.nn.Activation;
import io.genlab.nn.GraphOps;
import io.genlab.nn.Layers;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code energy-gan}: a fully connected generator and an autoencoder discriminator on flattened examples,
 * in data units (see {@link AutoencoderDiscriminator} for the outputs). The encoder's code is linear, the
 * decoder's output too. Unconditional; the discriminator has no batch norm. Not thread-safe.
 */
public final class EnergyGan implements Model, GanModel, AutoencoderDiscriminator {
  private static final String ENCODER = "D/encoder";
  private static final String DECODER = "D/decoder";
  private final EnergyGanConfig config;

  /** The model of {@code config}. */
  public EnergyGan(EnergyGanConfig config) {
    this.config = config;
  }

  @Override
  public ModelGraph build(BuildContext context) {
    DataInfo data = context.data();
    SameDiff sd = context.sameDiff();
    long size = data.exampleSize();
    long[] shape = {size};
    SDVariable real = sd.placeHolder("x", DataType.FLOAT, GraphOps.anyBatch(shape));
    SDVariable z = sd.placeHolder("z", DataType.FLOAT, -1, config.latentDim());
    ModelGraph.Builder graph = ModelGraph.builder(sd).dataInput(real, shape)
        .noise(new NoiseInput("z", new long[] {config.latentDim()}, NoiseInput.Distribution.STANDARD_NORMAL));
    Layers g = new Layers(sd, context.init().derive(GENERATOR), config.init());
    Layers d = new Layers(sd, context.init().derive(DISCRIMINATOR), config.init());
    SDVariable fake = g.mlp("G", z, config.latentDim(), config.generatorHidden(), size, config.generatorActivation(),
        Activation.IDENTITY);

    SDVariable realCode = d.mlp(ENCODER, real, size, config.encoderHidden(), config.codeSize(),
        config.discriminatorActivation(), Activation.IDENTITY);
    SDVariable realReconstruction = d.mlp(DECODER, realCode, config.codeSize(), config.decoderHidden(), size,
        config.discriminatorActivation(), Activation.IDENTITY);
    SDVariable fakeCode = d.applyMlp(ENCODER, fake, config.encoderHidden().size(), config.discriminatorActivation(),
        Activation.IDENTITY);
    SDVariable fakeReconstruction = d.applyMlp(DECODER, fakeCode, config.decoderHidden().size(),
        config.discriminatorActivation(), Activation.IDENTITY);
    graph.output(REAL, real).output(FAKE, fake)
        .output(D_REAL, squaredError(realReconstruction, real))
        .output(D_FAKE, squaredError(fakeReconstruction, fake))
        .output(RECONSTRUCTION_REAL, realReconstruction)
        .output(RECONSTRUCTION_FAKE, fakeReconstruction)
        .output(CODE_FAKE, fakeCode);

    // Sampling: the generator again on a placeholder of its own (it has no batch norm, so no other mode).
    SDVariable sample = g.applyMlp("G", sd.placeHolder(SAMPLE_LATENT, DataType.FLOAT, -1, config.latentDim()),
        config.generatorHidden().size(), config.generatorActivation(), Activation.IDENTITY);
    graph.output(SAMPLE_OUTPUT,
        sd.math.clipByValue(sample, data.low(), data.high()).reshape(GraphOps.anyBatch(data.exampleShape())));
    return graph.parameters(GENERATOR, g.parameters()).parameters(DISCRIMINATOR, d.parameters()).build();
  }

  /** The per-example mean squared error {@code [n, 1]}. */
  private static SDVariable squaredError(SDVariable reconstruction, SDVariable x) {
    SDVariable diff = reconstruction.sub(x);
    return diff.mul(diff).mean(true, 1);
  }

  @Override
  public int codeSize() {
    return config.codeSize();
  }

  @Override
  public int latentDim() {
    return config.latentDim();
  }

  @Override
  public Conditioning conditioning() {
    return Conditioning.NONE;
  }

  @Override
  public int labelClasses() {
    return 0;
  }

  @Override
  public int categoricalCode() {
    return 0;
  }

  @Override
  public int continuousCode() {
    return 0;
  }

  @Override
  public boolean discriminatorBatchNorm() {
    return false;
  }

  @Override
  public CriticPass discriminate(SameDiff sd, SDVariable input, SDVariable labels) {
    throw new IllegalStateException("energy-gan's autoencoder discriminator has no score head with an input "
        + "gradient; use the ebgan or began loss");
  }
}
