package io.genlab.autoregressive.internal;

import io.genlab.api.LikelihoodUnits;
import io.genlab.api.Loss;
import io.genlab.api.Model;
import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.NllConfig;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The negative exact log-likelihood in nats, averaged over the batch; the diagnostic
 * {@code bits_per_dim} is the same value per dimension in bits.
 */
public final class NllLoss implements Loss {

  public NllLoss(NllConfig config) {}

  @Override
  public Objectives build(LossContext context) {
    SDVariable logLikelihood = context.graph().output(AutoregressiveModel.LOG_LIKELIHOOD);
    SDVariable loss = context.graph().sameDiff().identity("loss/nll", logLikelihood.mean().neg());
    double bitsPerNat = LikelihoodUnits.bitsPerDimension(1, context.data().exampleSize());
    SDVariable bitsPerDim = context.graph().sameDiff().identity("loss/bits_per_dim", loss.mul(bitsPerNat));
    return Objectives.of(Objective.of("nll", loss), Map.of("bits_per_dim", bitsPerDim));
  }

  @Override
  public Optional<String> incompatibility(Model model) {
    return model.as(AutoregressiveModel.class).isPresent() ? Optional.empty()
        : Optional.of("autoregressive-nll trains the autoregressive family's models (made, pixelcnn); "
            + "this model is not one");
  }
}
