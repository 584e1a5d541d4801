package io.genlab.gan;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import io.genlab.nn.Activation;
import io.genlab.nn.Init;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Config of {@code energy-gan}: a fully connected generator and an autoencoder discriminator (encoder
 * to a code, decoder back), the networks of EBGAN's MNIST experiments (Zhao et al., 2017, which are
 * fully connected) and of BEGAN's objective on vectors. Unconditional; data in data units, the
 * generator's output linear (clipped to the data range only when sampling).
 *
 * @param latentDim the dimension of the N(0, I) latent
 * @param generatorHidden the generator's hidden widths
 * @param encoderHidden the encoder's hidden widths
 * @param codeSize the encoder's output (code) width
 * @param decoderHidden the decoder's hidden widths
 * @param generatorActivation the generator's hidden activation
 * @param discriminatorActivation the encoder's and decoder's hidden activation
 * @param init the weight initialisation
 * @since 0.5
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record EnergyGanConfig(
    @Description("dimension of the N(0, I) latent") int latentDim,
    @Description("generator hidden widths") List<Integer> generatorHidden,
    @Description("autoencoder discriminator: encoder hidden widths") List<Integer> encoderHidden,
    @Description("autoencoder discriminator: code width (the encoder's linear output)") int codeSize,
    @Description("autoencoder discriminator: decoder hidden widths") List<Integer> decoderHidden,
    @Description("generator hidden activation") Activation generatorActivation,
    @Description("encoder and decoder hidden activation") Activation discriminatorActivation,
    @Description("weight initialisation") Init init) {

  /** Latent 8, generator 3 x 128 (ReLU), encoder 2 x 128 to a code of 32, decoder 2 x 128 (leaky ReLU). */
  public static final EnergyGanConfig DEFAULTS = new EnergyGanConfig(8, List.of(128, 128, 128), List.of(128, 128), 32,
      List.of(128, 128), Activation.RELU, Activation.LEAKY_RELU, Init.PYTORCH_DEFAULT);

  public EnergyGanConfig {
    Check.width("latentDim", latentDim);
    generatorHidden = Check.widths("generatorHidden", generatorHidden);
    encoderHidden = Check.widths("encoderHidden", encoderHidden);
    Check.width("codeSize", codeSize);
    decoderHidden = Check.widths("decoderHidden", decoderHidden);
    Check.notNull("generatorActivation", generatorActivation);
    Check.notNull("discriminatorActivation", discriminatorActivation);
    Check.notNull("init", init);
  }
}
