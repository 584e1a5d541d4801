package io.genlab.gan;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.Check;
import io.genlab.api.Description;
import io.genlab.nn.Init;
import org.apiguardian.api.API;

/**
 * Config of {@code dcgan} (and its conditional presets {@code cgan}, {@code acgan}, {@code infogan}):
 * convolutional networks for images whose sides are multiples of 4, data scaled to [-1, 1].
 *
 * <p>Discriminator: conv {@code C -> width} 4x4 stride 2, leaky ReLU 0.2, conv {@code width -> 2 width}
 * 4x4 stride 2, batch norm (optional), leaky ReLU, dense to one score. Generator: dense {@code latent
 * -> 2 width * (side/4)^2}, batch norm, ReLU, transposed conv {@code 2 width -> width} 4x4 stride 2,
 * batch norm, ReLU, transposed conv {@code width -> C}, tanh. With width 64 on 28x28 this is exactly the
 * {@code dcgan} network of the PyTorch peer (and, without discriminator batch norm, its
 * {@code wgan-gp} critic).
 *
 * @param latentDim the dimension of the N(0, I) latent
 * @param width the first convolution's channels (the second has twice as many)
 * @param generatorBatchNorm whether the generator normalises batches
 * @param discriminatorBatchNorm whether the discriminator normalises batches (gradient penalties need false)
 * @param conditioning none, cgan, acgan or infogan
 * @param categoricalCode InfoGAN's categorical code size (0: none)
 * @param continuousCode InfoGAN's number of continuous U[-1, 1] codes (0: none)
 * @param init the weight initialisation
 * @since 0.2
 */
@API(status = EXPERIMENTAL, since = "0.2")
public record DcganConfig(
    @Description("dimension of the N(0, I) latent") int latentDim,
    @Description("channels of the first convolution; the second has twice as many") int width,
    @Description("batch norm in the generator") boolean generatorBatchNorm,
    @Description("batch norm in the discriminator (gradient penalties need false)") boolean discriminatorBatchNorm,
    @Description("none, cgan (labels into G and D), acgan (auxiliary classifier) or infogan (latent codes)")
        GanModel.Conditioning conditioning,
    @Description("InfoGAN's categorical code size (0: none)") int categoricalCode,
    @Description("InfoGAN's number of continuous U[-1, 1] codes (0: none)") int continuousCode,
    @Description("weight initialisation") Init init) {

  /** The DCGAN of the PyTorch peer: latent 100, width 64, batch norm in both networks, N(0, 0.02) weights. */
  public static final DcganConfig DEFAULTS = new DcganConfig(100, 64, true, true, GanModel.Conditioning.NONE, 0, 0,
      Init.NORMAL_002);

  public DcganConfig {
    Check.width("latentDim", latentDim);
    Check.positive("width", width);
    Check.notNull("conditioning", conditioning);
    Check.notNull("init", init);
    GanConfigs.checkCodes(conditioning, categoricalCode, continuousCode);
  }

  /** The defaults with {@code conditioning} (and InfoGAN's 10-way categorical and 2 continuous codes). */
  public static DcganConfig conditioned(GanModel.Conditioning conditioning) {
    boolean info = conditioning == GanModel.Conditioning.INFOGAN;
    return new DcganConfig(DEFAULTS.latentDim(), DEFAULTS.width(), true, true, conditioning, info ? 10 : 0,
        info ? 2 : 0, DEFAULTS.init());
  }
}
