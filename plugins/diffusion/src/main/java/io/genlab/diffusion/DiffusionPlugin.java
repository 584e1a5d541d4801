package io.genlab.diffusion;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.PluginModule;
import io.genlab.diffusion.internal.DdimSampler;
import io.genlab.diffusion.internal.DdpmLoss;
import io.genlab.diffusion.internal.DdpmModel;
import io.genlab.diffusion.internal.DdpmSampler;
import io.genlab.diffusion.internal.MlpDenoiser;
import io.genlab.diffusion.internal.NoisyAccuracy;
import io.genlab.diffusion.internal.NoisyClassificationLoss;
import io.genlab.diffusion.internal.NoisyClassifierModel;
import io.genlab.diffusion.internal.UNet;
import io.genlab.diffusion.internal.VariationalBound;
import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * The diffusion family's plugin: binds its models, loss, samplers and variational bound by name. Sample-quality metrics
 * come from the {@code sample-quality} plugin and judge these samplers like any other.
 *
 * @since 0.3
 */
@API(status = EXPERIMENTAL, since = "0.3")
public final class DiffusionPlugin extends PluginModule {

  @Override
  public String id() {
    return "diffusion";
  }

  @Override
  public String description() {
    return "Denoising diffusion models: DDPM training (linear/cosine schedules; eps, x0 or v prediction), "
        + "MLP and U-Net denoisers, DDPM and DDIM samplers with classifier-free and classifier guidance, "
        + "noise-aware classifiers";
  }

  @Override
  protected void configure() {
    super.configure();
    model("mlp-ddpm", "DDPM with an MLP denoiser and a sinusoidal time embedding, for vector data",
        MlpDdpmConfig.DEFAULTS, c -> new DdpmModel("mlp-ddpm", c.diffusion(), (data, classes) -> {
          requireRank(data, 1, "mlp-ddpm", "vector data such as toy2d; use unet-ddpm for images");
          return new MlpDenoiser((int) data.exampleShape()[0], c.hidden(), c.timeEmbedding(), classes);
        }));
    model("unet-ddpm", "DDPM with a small U-Net denoiser (group norm residual blocks, skips), for images",
        UnetDdpmConfig.DEFAULTS, c -> new DdpmModel("unet-ddpm", c.diffusion(), (data, classes) -> {
          requireRank(data, 3, "unet-ddpm", "images [channels, height, width]; use mlp-ddpm for vectors");
          long[] shape = data.exampleShape();
          long factor = 1L << c.multipliers().size();
          if (shape[1] % factor != 0 || shape[2] % factor != 0) {
            throw new ConfigException("model.config.multipliers", "unet-ddpm halves the resolution once per level: "
                + c.multipliers().size() + " levels need height and width divisible by " + factor + ", found "
                + shape[1] + "x" + shape[2]);
          }
          return new UNet((int) shape[0], c.channels(), c.multipliers(), c.timeEmbedding(), c.groups(), classes);
        }));
    loss("ddpm", "simplified DDPM objective: mean squared (or absolute) error to the noise, x0 or v target",
        DdpmLossConfig.DEFAULTS, DdpmLoss::new);
    sampler("ddpm", "ancestral sampling through all T steps (sigma^2 = beta or posterior), optional classifier-free "
        + "or classifier guidance",
        SamplerConfigs.Ddpm.DEFAULTS, DdpmSampler::new);
    sampler("ddim", "DDIM on a subsequence of steps with noise scale eta (0: deterministic), optional "
        + "classifier-free or classifier guidance",
        SamplerConfigs.Ddim.DEFAULTS, DdimSampler::new);
    model("noisy-classifier", "noise-aware classifier p(y | x_t, t) for classifier guidance (MLP for vectors, "
        + "a small conv net for images), with its input gradient as an output", NoisyClassifierConfig.DEFAULTS,
        NoisyClassifierModel::new);
    loss("noisy-classification", "cross-entropy of a noisy-classifier on labelled data noised to a uniform timestep",
        NoisyClassificationConfig.DEFAULTS, c -> new NoisyClassificationLoss());
    metric("noisy-accuracy", "a noisy-classifier's test accuracy at fixed timesteps (accuracy_t<t>, mean accuracy)",
        NoisyAccuracyConfig.DEFAULTS, NoisyAccuracy::new);
    metric("vlb", "variational bound on the test NLL over all T terms (nats; bits/dim for 8-bit images)",
        BoundConfig.DEFAULTS, VariationalBound::new);
  }

  private static void requireRank(DataInfo data, int rank, String model, String what) {
    if (data.exampleShape().length != rank) {
      throw new ConfigException("model", model + " needs " + what + ", found examples shaped "
          + Arrays.toString(data.exampleShape()));
    }
  }
}
