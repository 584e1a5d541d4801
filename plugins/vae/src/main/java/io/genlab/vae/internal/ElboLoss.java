package io.genlab.vae.internal;

import io.genlab.api.DataInfo;
import io.genlab.api.Loss;
import io.genlab.api.LossState;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import io.genlab.vae.ElboConfig;
import io.genlab.vae.LatentVariableModel;
import io.genlab.vae.LatentVariableModel.Outputs;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The negative ELBO, {@code E_q[-log p(x|z)] + beta * KL(q(z|x) || N(0, I))}, averaged over the batch,
 * with the KL in closed form, its weight warming up from 0 when {@code kl.warmupSteps > 0}. Built from
 * elementary ops (see {@link Loss}).
 */
public final class ElboLoss implements Loss {
  /** The scalar variable holding the KL weight while it warms up. */
  static final String KL_WEIGHT = "kl_weight";
  private final ElboConfig config;

  public ElboLoss(ElboConfig config) {
    this.config = config;
  }

  @Override
  public Objectives build(LossContext context) {
    LatentVariableModel model = Reconstructions.family(context.model());
    return build(context.graph(), context.data(), model.likelihood(), model.gaussianSigma());
  }

  /** The loss for an explicit likelihood (also used by gradient checks on hand-made graphs). */
  public Objectives build(ModelGraph graph, DataInfo data, io.genlab.vae.Likelihood likelihood, double sigma) {
    SameDiff sd = graph.sameDiff();
    SDVariable x = Reconstructions.flatData(graph, data);
    SDVariable mu = graph.output(Outputs.MU);
    SDVariable logvar = graph.output(Outputs.LOGVAR);
    SDVariable recon = likelihood.negLogLikelihood(sd, x, graph.output(Outputs.DECODER), sigma);
    // KL(N(mu, sigma^2) || N(0, 1)) = -0.5 * sum(1 + logvar - mu^2 - exp(logvar))
    SDVariable kl = logvar.add(1.0).sub(mu.mul(mu)).sub(sd.math.exp(logvar)).sum(1).mul(-0.5);
    SDVariable negElbo = recon.add(kl);
    SDVariable objective;
    if (config.kl().warmupSteps() > 0) {
      SDVariable weight = sd.var(KL_WEIGHT, org.nd4j.linalg.factory.Nd4j.scalar(kl.dataType(), klWeight(0)));
      objective = recon.add(kl.mul(weight));
    } else {
      objective = config.beta() == 1.0 ? negElbo : recon.add(kl.mul(config.beta()));
    }
    return Objectives.of(Objective.of("neg_elbo", sd.identity("loss/neg_elbo", objective.mean())),
        Map.of("recon", sd.identity("diag/recon", recon.mean()), "kl", sd.identity("diag/kl", kl.mean()),
            "neg_elbo", sd.identity("diag/neg_elbo", negElbo.mean())));
  }

  /** The KL weight while it warms up: the weight of iteration {@code t} (from 0). */
  private double klWeight(long t) {
    return config.beta() * Math.min(1.0, (double) t / config.kl().warmupSteps());
  }

  @Override
  public List<LossState> state() {
    return config.kl().warmupSteps() > 0 ? List.of(LossState.schedule(KL_WEIGHT, KL_WEIGHT, this::klWeight))
        : List.of();
  }

  @Override
  public Optional<String> incompatibility(Model model) {
    return Reconstructions.require(model, "elbo", LatentVariableModel::variational,
        "elbo needs a variational model (mlp-vae, conv-vae, cvae); use the reconstruction loss for autoencoders");
  }
}
