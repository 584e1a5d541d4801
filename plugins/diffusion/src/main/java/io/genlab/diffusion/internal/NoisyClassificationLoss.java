package io.genlab.diffusion.internal;

import io.genlab.api.Loss;
import io.genlab.api.Model;
import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import io.genlab.diffusion.NoisyClassifier;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Cross-entropy of a noise-aware classifier on the labels of its noised batch, mean over the batch, from
 * elementary ops: logsumexp(logits) - sum(y logits), the maximum subtracted for stability.
 */
public final class NoisyClassificationLoss implements Loss {

  @Override
  public Objectives build(LossContext context) {
    SameDiff sd = context.graph().sameDiff();
    SDVariable logits = context.graph().output("logits");
    SDVariable labels = sd.getVariable(context.graph().labelInput());
    SDVariable max = logits.max(true, 1);
    SDVariable logSumExp = sd.math.log(sd.math.exp(logits.sub(max)).sum(true, 1)).add(max);
    SDVariable crossEntropy = logSumExp.reshape(-1).sub(labels.mul(logits).sum(1));
    SDVariable loss = sd.identity("loss/classification", crossEntropy.mean());
    return Objectives.of(Objective.of("classification", loss), Map.of());
  }

  @Override
  public Optional<String> incompatibility(Model model) {
    return model.as(NoisyClassifier.class).isPresent() ? Optional.empty()
        : Optional.of("noisy-classification trains noise-aware classifiers (noisy-classifier); this model is not one");
  }
}
