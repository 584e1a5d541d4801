package io.genlab.diffusion.internal;

import io.genlab.api.Loss;
import io.genlab.api.Model;
import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import io.genlab.diffusion.DdpmLossConfig;
import io.genlab.diffusion.DiffusionModel;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Ho et al.'s simplified objective: the mean over batch and elements of the squared (or absolute)
 * difference between the denoiser's output and its target, built from elementary ops. Its value is
 * comparable with PyTorch's {@code F.mse_loss} on the same tensors.
 */
public final class DdpmLoss implements Loss {
  private final DdpmLossConfig config;

  public DdpmLoss(DdpmLossConfig config) {
    this.config = config;
  }

  @Override
  public Objectives build(LossContext context) {
    SameDiff sd = context.graph().sameDiff();
    SDVariable difference = context.graph().output("prediction").sub(context.graph().output("target"));
    SDVariable error = config.norm().equals("l2") ? difference.mul(difference) : sd.math.abs(difference);
    SDVariable loss = sd.identity("loss/denoising", error.mean());
    return Objectives.of(Objective.of("denoising", loss), Map.of());
  }

  @Override
  public Optional<String> incompatibility(Model model) {
    return model.as(DiffusionModel.class).isPresent() ? Optional.empty()
        : Optional.of("ddpm trains diffusion models (mlp-ddpm, unet-ddpm); this model is not one");
  }
}
