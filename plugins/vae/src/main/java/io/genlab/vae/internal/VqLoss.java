package io.genlab.vae.internal;

import io.genlab.api.Loss;
import io.genlab.api.Model;
import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import io.genlab.vae.VectorQuantizedModel;
import io.genlab.vae.VectorQuantizedModel.Outputs;
import io.genlab.vae.VqConfig;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The VQ-VAE objective (van den Oord et al. 2017), {@code reconstruction + ||sg[z_e] - e||^2 + beta ||z_e -
 * sg[e]||^2}, each term summed over an example's values, averaged over the batch: the codebook term moves the
 * chosen codebook vectors toward the encoder outputs, the commitment term keeps the encoder near its codes, and
 * the reconstruction reaches the encoder through the model's straight-through estimator. Diagnostics: the
 * reconstruction, the squared distance to the codes ({@code vq}), and the perplexity of the batch's code
 * assignments. Built from elementary ops.
 */
public final class VqLoss implements Loss {
  private final VqConfig config;

  public VqLoss(VqConfig config) {
    this.config = config;
  }

  @Override
  public Objectives build(LossContext context) {
    VectorQuantizedModel model = context.model().as(VectorQuantizedModel.class).orElseThrow(() ->
        new IllegalArgumentException("the vq loss needs a vector-quantised model, found "
            + context.model().getClass().getSimpleName()));
    SameDiff sd = context.graph().sameDiff();
    SDVariable x = Reconstructions.flatData(context.graph(), context.data());
    SDVariable out = context.graph().output(Outputs.DECODER);
    SDVariable recon;
    if (config.error().equals("mse")) {
      SDVariable diff = x.sub(model.likelihood().mean(sd, out));
      recon = diff.mul(diff).sum(1);
    } else {
      recon = model.likelihood().negLogLikelihood(sd, x, out, model.gaussianSigma());
    }
    SDVariable ze = context.graph().output(Outputs.Z_E);
    SDVariable zq = context.graph().output(Outputs.Z_Q);
    SDVariable toCodes = VqVaeModel.stopGradient(sd, ze).sub(zq);
    SDVariable codebook = toCodes.mul(toCodes).sum(1, 2, 3);
    SDVariable toEncoder = ze.sub(VqVaeModel.stopGradient(sd, zq));
    SDVariable commitment = toEncoder.mul(toEncoder).sum(1, 2, 3);
    SDVariable objective = recon.add(codebook).add(commitment.mul(config.beta()));

    // exp(entropy) of the batch's code frequencies: K when every code is used equally, 1 when one code takes all.
    SDVariable codes = context.graph().output(Outputs.CODES).reshape(-1);
    SDVariable frequencies = sd.oneHot(codes, model.codebookSize(), -1, 1.0, 0.0, DataType.FLOAT).mean(0);
    SDVariable perplexity = sd.math.exp(frequencies.mul(sd.math.log(frequencies.add(1e-10))).sum().neg());
    return Objectives.of(Objective.of("vq", sd.identity("loss/vq", objective.mean())),
        Map.of("recon", sd.identity("diag/recon", recon.mean()), "vq", sd.identity("diag/vq", codebook.mean()),
            "perplexity", sd.identity("diag/perplexity", perplexity)));
  }

  @Override
  public Optional<String> incompatibility(Model model) {
    return model.as(VectorQuantizedModel.class).isPresent() ? Optional.empty()
        : Optional.of("vq needs a vector-quantised model (vq-vae), found " + model.getClass().getSimpleName());
  }
}
