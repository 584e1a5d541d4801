package io.genlab.gan.internal;

import io.genlab.api.DataInfo;
import io.genlab.api.Loss;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import io.genlab.api.ParameterConstraint;
import io.genlab.gan.GanModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * What the family's adversarial losses share: the two objectives (discriminator first, then
 * generator), the {@code d_real} / {@code d_fake} diagnostics, ACGAN's and InfoGAN's conditional
 * terms, the gradient penalty, the compatibility checks and the numerically stable elementary ops
 * (softplus, softmax cross-entropy). Everything is built from elementary ops, never {@code sd.loss.*},
 * whose ops ignore the gradient flowing into them.
 *
 * <p>Subclasses supply only their adversarial terms ({@link #adversarial}). Not thread-safe with
 * respect to the graph it builds into.
 */
abstract class GanLoss implements Loss {
  /** Added under the square root of the gradient norm so that its derivative stays finite at 0. */
  static final double NORM_EPSILON = 1e-12;

  private final String name;
  private final int discriminatorSteps;
  private final double auxiliaryWeight;
  private final double informationWeight;
  private final boolean featureMatching;
  private final double realLabel;

  /** A loss with the adversarial generator objective and real label 1; see the full constructor. */
  GanLoss(String name, int discriminatorSteps, double auxiliaryWeight, double informationWeight) {
    this(name, discriminatorSteps, auxiliaryWeight, informationWeight, false, 1.0);
  }

  /**
   * @param name the loss's component name, used in messages (e.g. {@code wgan-gp})
   * @param discriminatorSteps discriminator (critic) steps per generator step
   * @param auxiliaryWeight weight of ACGAN's class cross-entropy
   * @param informationWeight weight of InfoGAN's information term
   * @param featureMatching whether feature matching replaces the generator's adversarial term
   * @param realLabel the real examples' target in the discriminator's cross-entropy (1: no smoothing); only
   *     for losses whose discriminator term is the logistic one
   */
  GanLoss(String name, int discriminatorSteps, double auxiliaryWeight, double informationWeight,
      boolean featureMatching, double realLabel) {
    this.name = name;
    this.discriminatorSteps = discriminatorSteps;
    this.auxiliaryWeight = auxiliaryWeight;
    this.informationWeight = informationWeight;
    this.featureMatching = featureMatching;
    this.realLabel = realLabel;
  }

  /** The discriminator's and the generator's objectives before the conditional terms. */
  abstract Terms adversarial(Scope scope);

  /** Whether this loss penalises the discriminator's input gradient (which batch norm forbids). */
  boolean penalisesInputGradient() {
    return false;
  }

  /** Applied to the discriminator's parameters after each of its steps. */
  ParameterConstraint discriminatorConstraint() {
    return ParameterConstraint.NONE;
  }

  /** The loss's component name. */
  final String name() {
    return name;
  }

  @Override
  public final Objectives build(LossContext context) {
    incompatibility(context.model()).ifPresent(why -> {
      throw new IllegalArgumentException(why);
    });
    GanModel model = context.model().as(GanModel.class).orElseThrow();
    ModelGraph graph = context.graph();
    SameDiff sd = graph.sameDiff();
    Scope scope = new Scope(sd, graph, model, context.data(), graph.output(GanModel.D_REAL),
        graph.output(GanModel.D_FAKE), new LinkedHashMap<>());
    scope.diagnostic("d_real", scope.dReal().mean());
    scope.diagnostic("d_fake", scope.dFake().mean());
    Terms terms = conditional(scope, tricks(scope, adversarial(scope)));
    Objective discriminator = new Objective("discriminator", sd.identity("loss/discriminator", terms.discriminator()),
        GanModel.DISCRIMINATOR, discriminatorSteps).withConstraint(discriminatorConstraint());
    Objective generator = new Objective("generator", sd.identity("loss/generator", terms.generator()),
        GanModel.GENERATOR, 1);
    return new Objectives(List.of(discriminator, generator), scope.diagnostics());
  }

  @Override
  public final Optional<String> incompatibility(Model model) {
    return LatentDraws.incompatibility(model, name, gan -> !(penalisesInputGradient() && gan.discriminatorBatchNorm()),
        name + "'s gradient penalty needs a discriminator without batch norm; set model.config.discriminatorBatchNorm: false");
  }

  /**
   * Salimans et al.'s (2016) tricks, where configured. One-sided label smoothing with target t for real
   * examples: t softplus(-dr) + (1 - t) softplus(dr) = softplus(-dr) + (1 - t) dr, since softplus(x) -
   * softplus(-x) = x, so the logistic term gains (1 - t) mean(dr). Feature matching: the generator minimises
   * {@code ||mean f(x) - mean f(G(z))||^2} over the discriminator's last hidden layer, logged as
   * {@code feature_matching}; the real features enter as constants, since the generator's step trains
   * only the generator.
   */
  private Terms tricks(Scope scope, Terms terms) {
    SDVariable discriminator = terms.discriminator();
    if (realLabel != 1.0) {
      discriminator = discriminator.add(scope.dReal().mean().mul(1.0 - realLabel));
    }
    SDVariable generator = terms.generator();
    if (featureMatching) {
      SDVariable difference = scope.graph().output(GanModel.FEATURES_REAL).mean(0)
          .sub(scope.graph().output(GanModel.FEATURES_FAKE).mean(0));
      generator = difference.mul(difference).sum();
      scope.diagnostic("feature_matching", generator);
    }
    return new Terms(discriminator, generator);
  }

  /** Adds the conditional terms the model's conditioning asks for. */
  private Terms conditional(Scope scope, Terms terms) {
    ModelGraph graph = scope.graph();
    GanModel model = scope.model();
    switch (model.conditioning()) {
      case ACGAN -> {
        SDVariable labels = graph.output(GanModel.LABELS);
        SDVariable real = crossEntropy(scope.sd(), graph.output(GanModel.CLASS_REAL), labels);
        SDVariable fake = crossEntropy(scope.sd(), graph.output(GanModel.CLASS_FAKE), labels);
        SDVariable both = real.add(fake);
        scope.diagnostic("auxiliary", both);
        return new Terms(terms.discriminator().add(both.mul(auxiliaryWeight)),
            terms.generator().add(fake.mul(auxiliaryWeight)));
      }
      case INFOGAN -> {
        SDVariable information = null;
        if (model.categoricalCode() > 0) {
          information = crossEntropy(scope.sd(), graph.output(GanModel.CODE_LOGITS),
              graph.output(GanModel.CODE_CATEGORICAL));
        }
        if (model.continuousCode() > 0) {
          // -log N(c; mean, I) up to a constant: a fixed-variance Gaussian posterior
          SDVariable diff = graph.output(GanModel.CODE_MEAN).sub(graph.output(GanModel.CODE_CONTINUOUS));
          // mean over every value times the code size: the batch mean of the per-example sum, without
          // a sum over an axis of size 1, whose gradient SameDiff fails to compute (a null input)
          SDVariable gaussian = diff.mul(diff).mean().mul(0.5 * model.continuousCode());
          information = information == null ? gaussian : information.add(gaussian);
        }
        if (information == null) {
          return terms;
        }
        scope.diagnostic("information", information);
        SDVariable weighted = information.mul(informationWeight);
        return new Terms(terms.discriminator().add(weighted), terms.generator().add(weighted));
      }
      default -> {
        return terms;
      }
    }
  }

  /**
   * {@code mean((||g|| - 1)^2)} over the batch for the discriminator's input gradient at {@code at},
   * with {@code ||g|| = sqrt(sum over an example's values of g^2 + 1e-12)}; logged as {@code penalty}
   * (unweighted). CGAN discriminators get the batch's labels.
   */
  final SDVariable gradientPenalty(Scope scope, SDVariable at) {
    SDVariable labels = scope.model().conditioning() == GanModel.Conditioning.CGAN
        ? scope.graph().output(GanModel.LABELS) : null;
    SDVariable gradient = scope.model().discriminate(scope.sd(), at, labels).inputGradient();
    SDVariable penalty = unitNormPenalty(scope.sd(), gradient, scope.data().exampleSize());
    scope.diagnostic("penalty", penalty);
    return penalty;
  }

  /** The model's noise placeholder {@code input}, or an error naming it. */
  final SDVariable noise(Scope scope, String input) {
    if (!scope.sd().hasVariable(input)) {
      throw new IllegalStateException(name + " needs the model's noise input '" + input
          + "', which its graph lacks; the model must declare it (see GanModel)");
    }
    return scope.sd().getVariable(input);
  }

  /**
   * The batch mean of the softmax cross-entropy {@code logsumexp(logits) - sum(labels * logits)} of
   * {@code [n, k]} logits against one-hot (or probability) rows, with the row maximum subtracted
   * inside the log-sum-exp.
   */
  static SDVariable crossEntropy(SameDiff sd, SDVariable logits, SDVariable labels) {
    SDVariable max = logits.max(true, 1);
    SDVariable logSumExp = sd.math.log(sd.math.exp(logits.sub(max)).sum(true, 1)).add(max);
    return logSumExp.sub(labels.mul(logits).sum(true, 1)).mean();
  }

  /** {@code mean((sqrt(sum of squares per example + 1e-12) - 1)^2)} of a gradient batch. */
  static SDVariable unitNormPenalty(SameDiff sd, SDVariable gradient, long exampleSize) {
    SDVariable squares = gradient.mul(gradient).reshape(-1, exampleSize).sum(1);
    SDVariable deviation = sd.math.sqrt(squares.add(NORM_EPSILON)).sub(1.0);
    return deviation.mul(deviation).mean();
  }

  /**
   * The graph a loss builds into, with the diagnostics collected so far.
   *
   * @param sd the model's graph
   * @param graph the model's outputs
   * @param model the model's GAN capability
   * @param data the data description
   * @param dReal discriminator scores of the real batch
   * @param dFake discriminator scores of the generated batch
   * @param diagnostics name to scalar, in insertion order
   */
  record Scope(SameDiff sd, ModelGraph graph, GanModel model, DataInfo data, SDVariable dReal, SDVariable dFake,
      Map<String, SDVariable> diagnostics) {
    /** Logs {@code value} (a scalar) as diagnostic {@code key}. */
    void diagnostic(String key, SDVariable value) {
      diagnostics.put(key, sd.identity("diag/" + key, value));
    }
  }

  /**
   * The two scalars to minimise.
   *
   * @param discriminator the discriminator's (critic's) objective
   * @param generator the generator's objective
   */
  record Terms(SDVariable discriminator, SDVariable generator) {}
}
