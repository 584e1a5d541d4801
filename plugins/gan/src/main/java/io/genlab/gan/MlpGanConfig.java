package io.genlab.gan;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import io.genlab.nn.Activation;
import io.genlab.nn.Init;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Config of {@code mlp-gan}: fully connected generator and discriminator for vector data such as the
 * 2-D toy distributions. The generator's output is linear (clipped to the data range only when sampling).
 *
 * @param latentDim the dimension of the N(0, I) latent
 * @param generatorHidden the generator's hidden widths
 * @param discriminatorHidden the discriminator's hidden widths
 * @param generatorActivation the generator's hidden activation
 * @param discriminatorActivation the discriminator's hidden activation
 * @param conditioning none, cgan, acgan or infogan
 * @param categoricalCode InfoGAN's categorical code size (0: none)
 * @param continuousCode InfoGAN's number of continuous U[-1, 1] codes (0: none)
 * @param init the weight initialisation
 * @since 0.2
 */
@API(status = EXPERIMENTAL, since = "0.2")
public record MlpGanConfig(
    @Description("dimension of the N(0, I) latent") int latentDim,
    @Description("generator hidden widths") List<Integer> generatorHidden,
    @Description("discriminator hidden widths") List<Integer> discriminatorHidden,
    @Description("generator hidden activation") Activation generatorActivation,
    @Description("discriminator hidden activation") Activation discriminatorActivation,
    @Description("none, cgan (labels into G and D), acgan (auxiliary classifier) or infogan (latent codes)")
        GanModel.Conditioning conditioning,
    @Description("InfoGAN's categorical code size (0: none)") int categoricalCode,
    @Description("InfoGAN's number of continuous U[-1, 1] codes (0: none)") int continuousCode,
    @Description("weight initialisation") Init init) {

  /** Latent 8, three hidden layers of 128 in each network (ReLU / leaky ReLU), unconditional. */
  public static final MlpGanConfig DEFAULTS = new MlpGanConfig(8, List.of(128, 128, 128), List.of(128, 128, 128),
      Activation.RELU, Activation.LEAKY_RELU, GanModel.Conditioning.NONE, 0, 0, Init.PYTORCH_DEFAULT);

  public MlpGanConfig {
    Check.width("latentDim", latentDim);
    generatorHidden = Check.widths("generatorHidden", generatorHidden);
    discriminatorHidden = Check.widths("discriminatorHidden", discriminatorHidden);
    Check.notNull("generatorActivation", generatorActivation);
    Check.notNull("discriminatorActivation", discriminatorActivation);
    Check.notNull("conditioning", conditioning);
    Check.notNull("init", init);
    GanConfigs.checkCodes(conditioning, categoricalCode, continuousCode);
  }
}
