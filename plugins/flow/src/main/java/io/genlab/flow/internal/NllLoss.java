package io.genlab.flow.internal;

import io.genlab.api.LikelihoodUnits;
import io.genlab.api.Loss;
import io.genlab.api.Model;
import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import io.genlab.flow.FlowModel;
import io.genlab.flow.NllConfig;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Maximum likelihood: the objective is weight * mean over the batch of -log_likelihood (nats per example),
 * from elementary ops. For dequantised images it also logs {@code bits_per_dim}, the batch's discrete
 * bound in bits per dimension.
 */
public final class NllLoss implements Loss {
  private final NllConfig config;

  public NllLoss(NllConfig config) {
    this.config = config;
  }

  @Override
  public Objectives build(LossContext context) {
    FlowModel flow = context.model().as(FlowModel.class).orElseThrow(() -> new IllegalArgumentException(
        "flow-nll trains normalizing flows; this model is not one"));
    SameDiff sd = context.graph().sameDiff();
    SDVariable nll = context.graph().output(FlowModel.LOG_LIKELIHOOD).neg().mean();
    SDVariable loss = sd.identity("loss/nll", nll.mul(config.weight()));
    if (!flow.dequantized()) {
      return Objectives.of(Objective.of("nll", loss), Map.of());
    }
    int d = flow.dimensions();
    double discretization = LikelihoodUnits.discretizationNats(d, flow.levels());
    SDVariable bits = sd.identity("flow/bits_per_dim",
        nll.add(discretization).mul(LikelihoodUnits.bitsPerDimension(1, d)));
    return Objectives.of(Objective.of("nll", loss), Map.of("bits_per_dim", bits));
  }

  @Override
  public Optional<String> incompatibility(Model model) {
    return model.as(FlowModel.class).isPresent() ? Optional.empty()
        : Optional.of("flow-nll trains normalizing flows (realnvp, nice); this model is not one");
  }
}
