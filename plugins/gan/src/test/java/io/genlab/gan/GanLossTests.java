package io.genlab.gan;

import static io.genlab.gan.FakeGan.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.Loss;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import io.genlab.api.ParameterConstraint;
import io.genlab.gan.GanModel.Conditioning;
import io.genlab.gan.internal.AdversarialLoss;
import io.genlab.gan.internal.DraganLoss;
import io.genlab.gan.internal.WganGpLoss;
import io.genlab.gan.internal.WganLoss;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every adversarial loss's objectives and diagnostics against values computed by hand on tiny inputs
 * (see {@link FakeGan#standard()}: dr = [2, -1], df = [0.5, -3], real = [[1, 2], [3, 4]],
 * fake = [[0, 0], [1, -1]], mix = [0.25, 0.5], u = [[0.2, 0.4], [0.6, 0.8]], linear critic w = [3, 4]).
 *
 * <p>Hand values used throughout, sp(x) = log(1 + e^x):
 * sp(-2) = 0.126928011, sp(1) = 1.313261688, sp(0.5) = 0.974076984, sp(-3) = 0.048587352,
 * sp(-0.5) = 0.474076984, sp(3) = 3.048587352; mean(dr) = 0.5, mean(df) = -1.25.
 */
class GanLossTests {
  private static final Offset<Double> TOLERANCE = Offset.offset(1e-9);

  /** mean(softplus(-dr)) + mean(softplus(df)) = (0.126928011 + 1.313261688) / 2 + (0.974076984 + 0.048587352) / 2. */
  private static final double LOGISTIC_D = 1.2314270171575221;
  /** mean(softplus(-df)) = (sp(-0.5) + sp(3)) / 2 = (0.474076984 + 3.048587352) / 2. */
  private static final double NON_SATURATING_G = 1.7613321678769243;

  /** What a loss built on a fake model evaluates to. */
  private record Result(FakeGan gan, Objectives objectives) {
    Objective discriminator() {
      return objectives.objectives().get(0);
    }

    Objective generator() {
      return objectives.objectives().get(1);
    }

    double d() {
      return gan.eval(discriminator().value());
    }

    double g() {
      return gan.eval(generator().value());
    }

    double diagnostic(String name) {
      assertThat(objectives.diagnostics()).containsKey(name);
      return gan.eval(objectives.diagnostics().get(name));
    }
  }

  private static Result run(Loss loss, FakeGan gan) {
    return new Result(gan, gan.apply(loss));
  }

  private static Result run(Loss loss) {
    return run(loss, FakeGan.standard());
  }

  private static void assertBatchMeans(Result r) {
    assertThat(r.diagnostic("d_real")).isCloseTo(0.5, TOLERANCE); // (2 - 1) / 2
    assertThat(r.diagnostic("d_fake")).isCloseTo(-1.25, TOLERANCE); // (0.5 - 3) / 2
  }

  @Test
  void minimaxMatchesHandValues() {
    Result r = run(AdversarialLoss.minimax(LossConfigs.Adversarial.DEFAULTS));
    assertThat(r.d()).isCloseTo(LOGISTIC_D, TOLERANCE); // 0.720094849 + 0.511332168
    // G minimises E[log(1 - sigmoid(df))] = -mean(softplus(df)) = -(0.974076984 + 0.048587352) / 2
    assertThat(r.g()).isCloseTo(-0.5113321678769244, TOLERANCE);
    assertBatchMeans(r);
    assertThat(r.objectives().diagnostics()).containsOnlyKeys("d_real", "d_fake");
  }

  @Test
  void nonSaturatingMatchesHandValues() {
    Result r = run(AdversarialLoss.nonSaturating(LossConfigs.Adversarial.DEFAULTS));
    assertThat(r.d()).isCloseTo(LOGISTIC_D, TOLERANCE);
    assertThat(r.g()).isCloseTo(NON_SATURATING_G, TOLERANCE);
    assertBatchMeans(r);
    assertThat(r.objectives().diagnostics()).containsOnlyKeys("d_real", "d_fake");
  }

  @Test
  void lsganMatchesHandValues() {
    Result r = run(AdversarialLoss.lsgan(LossConfigs.Adversarial.DEFAULTS));
    // 0.5 * mean((dr - 1)^2) + 0.5 * mean(df^2) = 0.5 * (1 + 4) / 2 + 0.5 * (0.25 + 9) / 2 = 1.25 + 2.3125
    assertThat(r.d()).isCloseTo(3.5625, TOLERANCE);
    // 0.5 * mean((df - 1)^2) = 0.5 * (0.25 + 16) / 2
    assertThat(r.g()).isCloseTo(4.0625, TOLERANCE);
    assertBatchMeans(r);
  }

  @Test
  void hingeMatchesHandValues() {
    Result r = run(AdversarialLoss.hinge(LossConfigs.Adversarial.DEFAULTS));
    // mean(relu(1 - dr)) + mean(relu(1 + df)) = (0 + 2) / 2 + (1.5 + 0) / 2
    assertThat(r.d()).isCloseTo(1.75, TOLERANCE);
    // -mean(df) = -(0.5 - 3) / 2
    assertThat(r.g()).isCloseTo(1.25, TOLERANCE);
    assertBatchMeans(r);
  }

  @Test
  void wganMatchesHandValuesAndClipsTheCritic() {
    Result r = run(new WganLoss(LossConfigs.Wgan.DEFAULTS));
    assertThat(r.d()).isCloseTo(-1.75, TOLERANCE); // mean(df) - mean(dr) = -1.25 - 0.5
    assertThat(r.g()).isCloseTo(1.25, TOLERANCE); // -mean(df)
    assertThat(r.diagnostic("wasserstein")).isCloseTo(1.75, TOLERANCE); // 0.5 - (-1.25)
    assertBatchMeans(r);
    assertThat(r.discriminator().steps()).isEqualTo(5);

    INDArray weights = rows(new double[][] {{-0.5, 0.005}, {0.02, -0.01}});
    r.discriminator().constraint().apply(FakeGan.CRITIC_W, weights);
    assertThat(weights.toDoubleMatrix()).isEqualTo(new double[][] {{-0.01, 0.005}, {0.01, -0.01}});
    assertThat(r.generator().constraint()).isSameAs(ParameterConstraint.NONE);
  }

  @Test
  void wganClipBoundComesFromTheConfig() {
    Result r = run(new WganLoss(new LossConfigs.Wgan(2, 0.1, 1, 1)));
    INDArray weights = rows(new double[][] {{-0.5, 0.05, 0.3}});
    r.discriminator().constraint().apply(FakeGan.CRITIC_W, weights);
    assertThat(weights.toDoubleMatrix()).isEqualTo(new double[][] {{-0.1, 0.05, 0.1}});
    assertThat(r.discriminator().steps()).isEqualTo(2);
  }

  @Test
  void wganGpWithALinearCriticPenalisesItsWeightNorm() {
    FakeGan gan = FakeGan.standard();
    Result r = run(new WganGpLoss(LossConfigs.WganGp.DEFAULTS), gan);
    // g = w = [3, 4] for every example: ||g|| = sqrt(9 + 16 + 1e-12) = 5, penalty = (5 - 1)^2 = 16
    assertThat(r.diagnostic("penalty")).isCloseTo(16.0, Offset.offset(1e-9));
    // mean(df) - mean(dr) + 10 * 16 = -1.75 + 160
    assertThat(r.d()).isCloseTo(158.25, Offset.offset(1e-9));
    assertThat(r.g()).isCloseTo(1.25, TOLERANCE);
    assertThat(r.diagnostic("wasserstein")).isCloseTo(1.75, TOLERANCE);
    assertBatchMeans(r);
    assertThat(r.discriminator().steps()).isEqualTo(5);
    assertThat(r.discriminator().constraint()).isSameAs(ParameterConstraint.NONE);
    // x_hat = mix * real + (1 - mix) * fake: 0.25 * [1, 2] + 0.75 * [0, 0]; 0.5 * [3, 4] + 0.5 * [1, -1]
    assertThat(gan.criticInputs).hasSize(1);
    assertThat(gan.evalArray(gan.criticInputs.get(0)).toDoubleMatrix())
        .isEqualTo(new double[][] {{0.25, 0.5}, {2, 1.5}});
    assertThat(gan.criticLabels).containsExactly((org.nd4j.autodiff.samediff.SDVariable) null);
  }

  @Test
  void wganGpPenalisesEachExamplesGradientNorm() {
    FakeGan gan = FakeGan.standard();
    gan.critic = FakeGan.Critic.QUADRATIC; // D(x) = 0.5 ||x||^2, so g = x_hat
    Result r = run(new WganGpLoss(new LossConfigs.WganGp(1, 2.0, 1, 1)), gan);
    // ||[0.25, 0.5]|| = sqrt(0.3125) = 0.559016994, ||[2, 1.5]|| = 2.5;
    // penalty = ((0.559016994 - 1)^2 + (2.5 - 1)^2) / 2 = (0.194466011 + 2.25) / 2
    assertThat(r.diagnostic("penalty")).isCloseTo(1.2222330056250525, Offset.offset(1e-9));
    assertThat(r.d()).isCloseTo(-1.75 + 2 * 1.2222330056250525, Offset.offset(1e-9));
    assertThat(r.discriminator().steps()).isEqualTo(1);
  }

  @Test
  void gradientNormRunsOverEveryNonBatchDimension() {
    FakeGan gan = FakeGan.standard();
    gan.critic = FakeGan.Critic.QUADRATIC;
    gan.exampleShape = new long[] {1, 2, 2};
    gan.outputs.put(GanModel.REAL, org.nd4j.linalg.factory.Nd4j.createFromArray(
        new double[][][][] {{{{1, 2}, {3, 4}}}, {{{0, 0.6}, {0, 0.8}}}}));
    gan.outputs.put(GanModel.FAKE, org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2, 1, 2, 2));
    gan.noise.put(GanModel.PENALTY_MIX, org.nd4j.linalg.factory.Nd4j.createFromArray(
        new double[][][][] {{{{0.5}}}, {{{1.0}}}}));
    gan.noise.remove(GanModel.PENALTY_PERTURBATION);
    Result r = run(new WganGpLoss(LossConfigs.WganGp.DEFAULTS), gan);
    // x_hat = [0.5, 1, 1.5, 2] (norm sqrt(7.5)) and [0, 0.6, 0, 0.8] (norm 1):
    // penalty = ((sqrt(7.5) - 1)^2 + 0) / 2 = (8.5 - 2 sqrt(7.5)) / 2
    assertThat(r.diagnostic("penalty")).isCloseTo(1.5113872124741694, Offset.offset(1e-9));
  }

  @Test
  void draganPenalisesAroundPerturbedRealData() {
    FakeGan gan = FakeGan.standard();
    Result r = run(new DraganLoss(LossConfigs.Dragan.DEFAULTS), gan);
    // linear critic: penalty = (||w|| - 1)^2 = 16; D = non-saturating D + 10 * 16
    assertThat(r.diagnostic("penalty")).isCloseTo(16.0, Offset.offset(1e-9));
    assertThat(r.d()).isCloseTo(LOGISTIC_D + 160, Offset.offset(1e-9));
    assertThat(r.g()).isCloseTo(NON_SATURATING_G, TOLERANCE);
    assertBatchMeans(r);
    assertThat(r.objectives().diagnostics()).containsOnlyKeys("d_real", "d_fake", "penalty");
    assertThat(r.discriminator().steps()).isEqualTo(1);
  }

  @Test
  void draganPerturbsByTheBatchStandardDeviation() {
    FakeGan gan = FakeGan.standard();
    gan.noise.put(GanModel.PENALTY_MIX, rows(new double[][] {{0.25}, {1.0}}));
    Result r = run(new DraganLoss(new LossConfigs.Dragan(2, 2.0, 0.3, 1, 1)), gan);
    // std of all of real = {1, 2, 3, 4}: mean 2.5, variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25,
    // std = 1.118033989 (population, as numpy's X.std()); scale = 0.3 * std = 0.335410197
    // x_hat row 1 = [1, 2] + 0.25 * 0.335410197 * [0.2, 0.4] = [1.016770510, 2.033541020]
    // x_hat row 2 = [3, 4] + 1.00 * 0.335410197 * [0.6, 0.8] = [3.201246118, 4.268328157]
    INDArray perturbed = gan.evalArray(gan.criticInputs.get(0));
    assertThat(perturbed.getDouble(0, 0)).isCloseTo(1.0167705098312485, TOLERANCE);
    assertThat(perturbed.getDouble(0, 1)).isCloseTo(2.033541019662497, TOLERANCE);
    assertThat(perturbed.getDouble(1, 0)).isCloseTo(3.201246117974981, TOLERANCE);
    assertThat(perturbed.getDouble(1, 1)).isCloseTo(4.268328157299975, TOLERANCE);
    assertThat(r.d()).isCloseTo(LOGISTIC_D + 2 * 16, Offset.offset(1e-9)); // lambda = 2
    assertThat(r.discriminator().steps()).isEqualTo(2);
  }

  /** realLabel 0.9 for non-saturating, minimax and dragan; neither trick for the generator. */
  private static final LossConfigs.Adversarial SMOOTHED = new LossConfigs.Adversarial(1, 1, 1, "adversarial", 0.9);

  @Test
  void oneSidedLabelSmoothingTargetsRealExamplesAtTheRealLabel() {
    // real term with target 0.9: mean(0.9 sp(-dr) + 0.1 sp(dr)), sp(2) = 2.126928011, sp(-1) = 0.313261688:
    // mean(0.9 * 0.126928011 + 0.1 * 2.126928011, 0.9 * 1.313261688 + 0.1 * 0.313261688)
    //   = mean(0.326928011, 1.213261688) = 0.770094849; fake term unchanged: 0.511332168
    double smoothed = 0.7700948494 + 0.5113321678769244;
    assertThat(smoothed).isCloseTo(LOGISTIC_D + 0.1 * 0.5, Offset.offset(1e-9)); // + (1 - t) mean(dr)
    Result ns = run(AdversarialLoss.nonSaturating(SMOOTHED));
    assertThat(ns.d()).isCloseTo(smoothed, Offset.offset(1e-9));
    assertThat(ns.g()).isCloseTo(NON_SATURATING_G, TOLERANCE);
    Result minimax = run(AdversarialLoss.minimax(SMOOTHED));
    assertThat(minimax.d()).isCloseTo(smoothed, Offset.offset(1e-9));
    assertThat(minimax.g()).isCloseTo(-0.5113321678769244, TOLERANCE);
    Result dragan = run(new DraganLoss(new LossConfigs.Dragan(1, 10, 0.5, 1, 1, "adversarial", 0.9)));
    assertThat(dragan.d()).isCloseTo(smoothed + 160, Offset.offset(1e-9));
    assertThat(dragan.g()).isCloseTo(NON_SATURATING_G, TOLERANCE);
    // realLabel 1 is the unsmoothed loss exactly
    assertThat(run(AdversarialLoss.nonSaturating(new LossConfigs.Adversarial(1, 1, 1, "adversarial", 1.0))).d())
        .isEqualTo(run(AdversarialLoss.nonSaturating(LossConfigs.Adversarial.DEFAULTS)).d());
  }

  @Test
  void labelSmoothingIsRefusedWithoutACrossEntropy() {
    for (String name : List.of("lsgan", "hinge")) {
      assertThatThrownBy(() -> {
        if (name.equals("lsgan")) {
          AdversarialLoss.lsgan(SMOOTHED);
        } else {
          AdversarialLoss.hinge(SMOOTHED);
        }
      }).isInstanceOf(io.genlab.api.ConfigException.class)
          .hasMessage("realLabel 0.9 is label smoothing for a cross-entropy, which " + name
              + " has no term for; use minimax, non-saturating or dragan, or realLabel: 1")
          .satisfies(e -> assertThat(((io.genlab.api.ConfigException) e).field()).isEqualTo("realLabel"));
    }
  }

  @Test
  void featureMatchingReplacesTheGeneratorsAdversarialTerm() {
    LossConfigs.Adversarial matching = new LossConfigs.Adversarial(1, 1, 1, "feature-matching", 1.0);
    // ||mean f(real) - mean f(fake)||^2 = ||[2, 1, 0.5] - [0.5, 1, 1.5]||^2 = 1.5^2 + 0 + 1^2 = 3.25
    Map<String, Loss> losses = new LinkedHashMap<>();
    losses.put("non-saturating", AdversarialLoss.nonSaturating(matching));
    losses.put("minimax", AdversarialLoss.minimax(matching));
    losses.put("lsgan", AdversarialLoss.lsgan(matching));
    losses.put("hinge", AdversarialLoss.hinge(matching));
    losses.put("dragan", new DraganLoss(new LossConfigs.Dragan(1, 10, 0.5, 1, 1, "feature-matching", 1.0)));
    Map<String, Double> discriminator = Map.of("non-saturating", LOGISTIC_D, "minimax", LOGISTIC_D,
        "lsgan", 3.5625, "hinge", 1.75, "dragan", LOGISTIC_D + 160);
    losses.forEach((name, loss) -> {
      Result r = run(loss, FakeGan.withFeatures());
      assertThat(r.g()).as(name).isCloseTo(3.25, TOLERANCE);
      assertThat(r.diagnostic("feature_matching")).as(name).isCloseTo(3.25, TOLERANCE);
      assertThat(r.d()).as(name + " discriminator unchanged").isCloseTo(discriminator.get(name), TOLERANCE);
    });
  }

  @Test
  void featureMatchingKeepsTheConditionalTerms() {
    FakeGan gan = acgan();
    gan.outputs.put(GanModel.FEATURES_REAL, FakeGan.withFeatures().outputs.get(GanModel.FEATURES_REAL));
    gan.outputs.put(GanModel.FEATURES_FAKE, FakeGan.withFeatures().outputs.get(GanModel.FEATURES_FAKE));
    Result r = run(AdversarialLoss.nonSaturating(new LossConfigs.Adversarial(1, 1, 1, "feature-matching", 1.0)), gan);
    assertThat(r.g()).isCloseTo(3.25 + CE_FAKE, Offset.offset(1e-9));
  }

  @Test
  void penaltyLossesPassCganLabelsToTheCritic() {
    for (Loss loss : List.<Loss>of(new WganGpLoss(LossConfigs.WganGp.DEFAULTS), new DraganLoss(LossConfigs.Dragan.DEFAULTS))) {
      FakeGan gan = FakeGan.standard();
      gan.conditioning = Conditioning.CGAN;
      gan.labelClasses = 3;
      gan.outputs.put(GanModel.LABELS, rows(new double[][] {{1, 0, 0}, {0, 0, 1}}));
      Result r = run(loss, gan);
      assertThat(gan.criticLabels).containsExactly(gan.graph.output(GanModel.LABELS));
      // CGAN adds no loss terms: the values are the unconditional ones
      assertThat(r.diagnostic("penalty")).isCloseTo(16.0, Offset.offset(1e-9));
      assertThat(r.objectives().diagnostics()).doesNotContainKeys("auxiliary", "information");
    }
  }

  // ACGAN logits and labels: labels = [[1, 0, 0], [0, 0, 1]],
  // class_real = [[2, 1, 0], [0, 0, 0]], class_fake = [[0, 1, 0], [1, 2, 3]].
  // CE(real) = mean(log(e^2 + e + 1) - 2, log 3 - 0) = mean(0.407605964, 1.098612289) = 0.753109127
  // CE(fake) = mean(log(1 + e + 1) - 0, log(e + e^2 + e^3) - 3) = mean(1.551444714, 0.407605964) = 0.979525339
  private static final double CE_REAL = 0.753109126556245;
  private static final double CE_FAKE = 0.9795253391882155;

  private static FakeGan acgan() {
    FakeGan gan = FakeGan.standard();
    gan.conditioning = Conditioning.ACGAN;
    gan.labelClasses = 3;
    gan.outputs.put(GanModel.LABELS, rows(new double[][] {{1, 0, 0}, {0, 0, 1}}));
    gan.outputs.put(GanModel.CLASS_REAL, rows(new double[][] {{2, 1, 0}, {0, 0, 0}}));
    gan.outputs.put(GanModel.CLASS_FAKE, rows(new double[][] {{0, 1, 0}, {1, 2, 3}}));
    return gan;
  }

  @Test
  void acganAddsWeightedClassCrossEntropies() {
    Result r = run(AdversarialLoss.nonSaturating(new LossConfigs.Adversarial(1, 0.5, 1)), acgan());
    assertThat(r.diagnostic("auxiliary")).isCloseTo(CE_REAL + CE_FAKE, TOLERANCE);
    // D += 0.5 * (CE(real) + CE(fake)); G += 0.5 * CE(fake)
    assertThat(r.d()).isCloseTo(LOGISTIC_D + 0.5 * (CE_REAL + CE_FAKE), TOLERANCE);
    assertThat(r.g()).isCloseTo(NON_SATURATING_G + 0.5 * CE_FAKE, TOLERANCE);
  }

  @Test
  void everyLossAddsTheAcganTerms() {
    // wgan: D = -1.75 + CE(real) + CE(fake), G = 1.25 + CE(fake) (weight 1)
    Result r = run(new WganLoss(LossConfigs.Wgan.DEFAULTS), acgan());
    assertThat(r.d()).isCloseTo(-1.75 + CE_REAL + CE_FAKE, TOLERANCE);
    assertThat(r.g()).isCloseTo(1.25 + CE_FAKE, TOLERANCE);
    // wgan-gp: the ACGAN critic takes no labels
    FakeGan gan = acgan();
    r = run(new WganGpLoss(LossConfigs.WganGp.DEFAULTS), gan);
    assertThat(r.d()).isCloseTo(158.25 + CE_REAL + CE_FAKE, Offset.offset(1e-9));
    assertThat(gan.criticLabels).containsExactly((org.nd4j.autodiff.samediff.SDVariable) null);
  }

  @Test
  void crossEntropyAndSoftplusAreStableForLargeLogits() {
    FakeGan gan = acgan();
    gan.outputs.put(GanModel.D_REAL, rows(new double[][] {{-1000}, {1000}}));
    gan.outputs.put(GanModel.D_FAKE, rows(new double[][] {{1000}, {-1000}}));
    // class_real row 2 = [1000, 0, -1000] with label 2: logsumexp = 1000, CE = 1000 - (-1000) = 2000
    gan.outputs.put(GanModel.CLASS_REAL, rows(new double[][] {{2, 1, 0}, {1000, 0, -1000}}));
    Result r = run(AdversarialLoss.minimax(new LossConfigs.Adversarial(1, 1, 1)), gan);
    // softplus(-dr) = [1000, 0], softplus(df) = [1000, 0]: mean 500 + mean 500
    double ceReal = (0.40760596444438013 + 2000) / 2;
    assertThat(r.d()).isCloseTo(1000 + ceReal + CE_FAKE, Offset.offset(1e-9));
    assertThat(r.g()).isCloseTo(-500 + CE_FAKE, Offset.offset(1e-9));
  }

  private static FakeGan infogan(boolean categorical) {
    FakeGan gan = FakeGan.standard();
    gan.conditioning = Conditioning.INFOGAN;
    gan.continuousCode = 2;
    gan.outputs.put(GanModel.CODE_CONTINUOUS, rows(new double[][] {{0.5, -0.5}, {1, 0}}));
    gan.outputs.put(GanModel.CODE_MEAN, rows(new double[][] {{0, 0}, {0, 1}}));
    if (categorical) {
      gan.categoricalCode = 2;
      gan.outputs.put(GanModel.CODE_CATEGORICAL, rows(new double[][] {{1, 0}, {0, 1}}));
      gan.outputs.put(GanModel.CODE_LOGITS, rows(new double[][] {{0, 0}, {1, 3}}));
    }
    return gan;
  }

  @Test
  void infoganAddsTheWeightedInformationTermToBothObjectives() {
    Result r = run(AdversarialLoss.hinge(new LossConfigs.Adversarial(1, 1, 2.0)), infogan(true));
    // categorical: mean(log 2, log(e + e^3) - 3) = mean(0.693147181, 0.126928011) = 0.410037596
    // continuous: mean(0.5 * (0.25 + 0.25), 0.5 * (1 + 1)) = mean(0.25, 1) = 0.625
    double information = 0.41003759580145904 + 0.625;
    assertThat(r.diagnostic("information")).isCloseTo(information, TOLERANCE);
    assertThat(r.d()).isCloseTo(1.75 + 2 * information, TOLERANCE);
    assertThat(r.g()).isCloseTo(1.25 + 2 * information, TOLERANCE);
    assertThat(r.objectives().diagnostics()).doesNotContainKey("auxiliary");
  }

  @Test
  void infoganWithoutACategoricalCodeUsesOnlyTheGaussianTerm() {
    // the graph has no code_logits or code_categorical: asking for them would throw
    Result r = run(AdversarialLoss.lsgan(LossConfigs.Adversarial.DEFAULTS), infogan(false));
    assertThat(r.diagnostic("information")).isCloseTo(0.625, TOLERANCE);
    assertThat(r.d()).isCloseTo(3.5625 + 0.625, TOLERANCE);
    assertThat(r.g()).isCloseTo(4.0625 + 0.625, TOLERANCE);
  }

  /** Every loss with its registered name. */
  private static Map<String, Loss> allLosses() {
    Map<String, Loss> losses = new LinkedHashMap<>();
    losses.put("minimax", AdversarialLoss.minimax(new LossConfigs.Adversarial(3, 1, 1)));
    losses.put("non-saturating", AdversarialLoss.nonSaturating(new LossConfigs.Adversarial(3, 1, 1)));
    losses.put("lsgan", AdversarialLoss.lsgan(new LossConfigs.Adversarial(3, 1, 1)));
    losses.put("hinge", AdversarialLoss.hinge(new LossConfigs.Adversarial(3, 1, 1)));
    losses.put("wgan", new WganLoss(LossConfigs.Wgan.DEFAULTS));
    losses.put("wgan-gp", new WganGpLoss(LossConfigs.WganGp.DEFAULTS));
    losses.put("dragan", new DraganLoss(LossConfigs.Dragan.DEFAULTS));
    return losses;
  }

  @Test
  void everyLossOrdersTheDiscriminatorBeforeTheGenerator() {
    Map<String, Integer> steps = Map.of("minimax", 3, "non-saturating", 3, "lsgan", 3, "hinge", 3,
        "wgan", 5, "wgan-gp", 5, "dragan", 1);
    allLosses().forEach((name, loss) -> {
      Result r = run(loss);
      assertThat(r.objectives().objectives()).as(name).extracting(Objective::name)
          .containsExactly("discriminator", "generator");
      assertThat(r.discriminator().parameterGroup()).as(name).isEqualTo(GanModel.DISCRIMINATOR);
      assertThat(r.generator().parameterGroup()).as(name).isEqualTo(GanModel.GENERATOR);
      assertThat(r.discriminator().steps()).as(name).isEqualTo(steps.get(name));
      assertThat(r.generator().steps()).as(name).isEqualTo(1);
      if (!name.equals("wgan")) {
        assertThat(r.discriminator().constraint()).as(name).isSameAs(ParameterConstraint.NONE);
      }
      assertThat(r.generator().constraint()).as(name).isSameAs(ParameterConstraint.NONE);
      assertBatchMeans(r);
    });
  }

  /** Not of the GAN family. */
  private static final class NotAGan implements Model {
    @Override
    public ModelGraph build(BuildContext context) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void everyLossRejectsModelsOutsideTheFamily() {
    allLosses().forEach((name, loss) -> {
      assertThat(loss.incompatibility(new NotAGan())).as(name).hasValueSatisfying(why -> assertThat(why)
          .startsWith(name + " needs a GAN-family model").endsWith("found NotAGan"));
      assertThat(loss.incompatibility(FakeGan.standard())).as(name).isEmpty();
    });
  }

  @Test
  void penaltyLossesRejectABatchNormalisedDiscriminator() {
    FakeGan normalised = FakeGan.standard();
    normalised.batchNorm = true;
    assertThat(new WganGpLoss(LossConfigs.WganGp.DEFAULTS).incompatibility(normalised)).hasValue(
        "wgan-gp's gradient penalty needs a discriminator without batch norm; set model.config.discriminatorBatchNorm: false");
    assertThat(new DraganLoss(LossConfigs.Dragan.DEFAULTS).incompatibility(normalised)).hasValue(
        "dragan's gradient penalty needs a discriminator without batch norm; set model.config.discriminatorBatchNorm: false");
    allLosses().forEach((name, loss) -> {
      if (!name.equals("wgan-gp") && !name.equals("dragan")) {
        assertThat(loss.incompatibility(normalised)).as(name).isEmpty();
      }
    });
    assertThatThrownBy(() -> normalised.apply(new WganGpLoss(LossConfigs.WganGp.DEFAULTS)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("discriminatorBatchNorm: false");
  }

  @Test
  void penaltyLossesNameAMissingNoiseInput() {
    FakeGan gan = FakeGan.standard();
    gan.noise.remove(GanModel.PENALTY_PERTURBATION);
    assertThatThrownBy(() -> gan.apply(new DraganLoss(LossConfigs.Dragan.DEFAULTS)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'penalty/perturbation'");
  }
}
