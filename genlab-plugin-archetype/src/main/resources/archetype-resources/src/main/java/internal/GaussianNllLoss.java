package ${package}.internal;

import ${package}.NllConfig;
import io.genlab.api.Loss;
import io.genlab.api.Model;
import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;

/** The negative log-likelihood of the batch under the Gaussian, in nats per example, times the weight. */
public final class GaussianNllLoss implements Loss {
  private final NllConfig config;

  public GaussianNllLoss(NllConfig config) {
    this.config = config;
  }

  @Override
  public Objectives build(LossContext context) {
    SDVariable nll = context.graph().output(GaussianModel.LOG_LIKELIHOOD).mean().neg();
    return Objectives.of(Objective.of("nll", nll.mul(config.weight())), Map.of("nll_nats", nll));
  }

  @Override
  public Optional<String> incompatibility(Model model) {
    return Components.requireGaussian(model, "gaussian-nll");
  }
}
