package io.genlab.vae.internal;

import io.genlab.api.Loss;
import io.genlab.api.Model;
import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import io.genlab.vae.LatentVariableModel;
import io.genlab.vae.LatentVariableModel.Outputs;
import io.genlab.vae.ReconstructionConfig;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** An autoencoder's reconstruction error of the clean input, per example summed over values, averaged over the batch. */
public final class ReconstructionLoss implements Loss {
  private final ReconstructionConfig config;

  public ReconstructionLoss(ReconstructionConfig config) {
    this.config = config;
  }

  @Override
  public Objectives build(LossContext context) {
    LatentVariableModel model = Reconstructions.family(context.model());
    SameDiff sd = context.graph().sameDiff();
    SDVariable x = Reconstructions.flatData(context.graph(), context.data());
    SDVariable out = context.graph().output(Outputs.DECODER);
    SDVariable perExample;
    if (config.error().equals("mse")) {
      SDVariable diff = x.sub(model.likelihood().mean(sd, out));
      perExample = diff.mul(diff).sum(1);
    } else {
      perExample = model.likelihood().negLogLikelihood(sd, x, out, model.gaussianSigma());
    }
    SDVariable loss = sd.identity("loss/reconstruction", perExample.mean());
    return Objectives.of(Objective.of("reconstruction", loss), Map.of());
  }

  @Override
  public Optional<String> incompatibility(Model model) {
    return Reconstructions.require(model, "reconstruction", m -> true, "");
  }
}
