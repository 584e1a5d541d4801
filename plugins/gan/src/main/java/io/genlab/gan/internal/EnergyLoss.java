package io.genlab.gan.internal;

import io.genlab.api.Loss;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import io.genlab.gan.AutoencoderDiscriminator;
import io.genlab.gan.GanModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * What the energy-based losses share ({@code ebgan}, {@code began}): they need a model whose
 * discriminator is an autoencoder ({@link AutoencoderDiscriminator}), define a discriminator objective
 * then a generator objective, and log diagnostics. Built from elementary ops. Not thread-safe with
 * respect to the graph it builds into.
 */
abstract class EnergyLoss implements Loss {
  private final String name;

  EnergyLoss(String name) {
    this.name = name;
  }

  /**
   * The two objectives from the model's outputs.
   *
   * @param sd the graph
   * @param graph the model's outputs
   * @param exampleSize values per example
   * @param diagnostics name to scalar, filled in by the loss
   */
  abstract GanLoss.Terms terms(SameDiff sd, ModelGraph graph, long exampleSize, Map<String, SDVariable> diagnostics);

  @Override
  public final Objectives build(LossContext context) {
    incompatibility(context.model()).ifPresent(why -> {
      throw new IllegalArgumentException(why);
    });
    ModelGraph graph = context.graph();
    SameDiff sd = graph.sameDiff();
    Map<String, SDVariable> diagnostics = new LinkedHashMap<>();
    GanLoss.Terms terms = terms(sd, graph, context.data().exampleSize(), diagnostics);
    Map<String, SDVariable> named = new LinkedHashMap<>();
    diagnostics.forEach((key, value) -> named.put(key, sd.identity("diag/" + key, value)));
    Objective discriminator = new Objective("discriminator", sd.identity("loss/discriminator", terms.discriminator()),
        GanModel.DISCRIMINATOR, 1);
    Objective generator = new Objective("generator", sd.identity("loss/generator", terms.generator()),
        GanModel.GENERATOR, 1);
    return new Objectives(List.of(discriminator, generator), named);
  }

  @Override
  public final Optional<String> incompatibility(Model model) {
    Optional<String> gan = LatentDraws.incompatibility(model, name);
    if (gan.isPresent()) {
      return gan;
    }
    return model.as(AutoencoderDiscriminator.class).isPresent() ? Optional.empty()
        : Optional.of(name + " needs a discriminator that is an autoencoder (its energy is the reconstruction "
            + "error), and " + model.getClass().getSimpleName() + " has a score head; use model energy-gan");
  }

  /** Per example, the mean over its values of {@code |a - b|^p} (p 1 or 2), {@code [n]}. */
  static SDVariable perExample(SameDiff sd, SDVariable a, SDVariable b, long exampleSize, int p) {
    SDVariable diff = a.sub(b).reshape(-1, exampleSize);
    return (p == 1 ? sd.math.abs(diff) : diff.mul(diff)).mean(1);
  }

  /**
   * EBGAN's pulling-away term of codes {@code s} {@code [n, c]}:
   * {@code 1/(n(n-1)) sum_{i != j} cos(s_i, s_j)^2}, with {@code |s| = sqrt(sum s^2 + 1e-12)} (finite
   * gradient at 0). The diagonal is removed as {@code sum_i cos(s_i, s_i)^2}, which is 1 up to the epsilon.
   */
  static SDVariable pullingAway(SameDiff sd, SDVariable s) {
    SDVariable norms = sd.math.sqrt(s.mul(s).sum(true, 1).add(GanLoss.NORM_EPSILON));
    SDVariable unit = s.div(norms);
    SDVariable cosines = unit.mmul(sd.transpose(unit));
    SDVariable selfCosines = unit.mul(unit).sum(1);
    SDVariable offDiagonal = cosines.mul(cosines).sum().sub(selfCosines.mul(selfCosines).sum());
    SDVariable n = selfCosines.mul(0.0).add(1.0).sum();
    // a batch of one has no pairs; max(n(n-1), 1) = relu(n(n-1) - 1) + 1 keeps the term 0 instead of 0/0
    SDVariable pairs = sd.nn.relu(n.mul(n.sub(1.0)).sub(1.0), 0.0).add(1.0);
    return offDiagonal.div(pairs);
  }
}
