package io.genlab.gan;

import static io.genlab.gan.FakeGan.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.api.Loss;
import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import io.genlab.gan.GanModel.Conditioning;
import io.genlab.gan.internal.AdversarialLoss;
import io.genlab.gan.internal.DraganLoss;
import io.genlab.gan.internal.WganGpLoss;
import io.genlab.gan.internal.WganLoss;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SameDiff's gradients of every loss's two objectives against central finite differences, in double
 * precision, with the model's outputs (scores, class and code heads, the generated batch) and the
 * linear critic's weights as variables. Catches elementary ops whose backward pass is wrong and any
 * term that is cut off from backprop. Inputs stay away from the kinks of relu and |x|.
 */
class GanLossGradientCheckTests {

  static Stream<Arguments> losses() {
    Supplier<FakeGan> plain = FakeGan::standard;
    Supplier<FakeGan> quadratic = () -> {
      FakeGan gan = FakeGan.standard();
      gan.critic = FakeGan.Critic.QUADRATIC;
      return gan;
    };
    Supplier<FakeGan> acgan = () -> {
      FakeGan gan = FakeGan.standard();
      gan.conditioning = Conditioning.ACGAN;
      gan.labelClasses = 3;
      gan.outputs.put(GanModel.LABELS, rows(new double[][] {{1, 0, 0}, {0, 0, 1}}));
      gan.outputs.put(GanModel.CLASS_REAL, rows(new double[][] {{2, 1, 0}, {0.3, -0.2, 0.1}}));
      gan.outputs.put(GanModel.CLASS_FAKE, rows(new double[][] {{0, 1, 0.5}, {1, 2, 3}}));
      return gan;
    };
    Supplier<FakeGan> infogan = () -> {
      FakeGan gan = FakeGan.standard();
      gan.conditioning = Conditioning.INFOGAN;
      gan.categoricalCode = 2;
      gan.continuousCode = 2;
      gan.outputs.put(GanModel.CODE_CATEGORICAL, rows(new double[][] {{1, 0}, {0, 1}}));
      gan.outputs.put(GanModel.CODE_LOGITS, rows(new double[][] {{0.2, -0.1}, {1, 3}}));
      gan.outputs.put(GanModel.CODE_CONTINUOUS, rows(new double[][] {{0.5, -0.5}, {1, 0}}));
      gan.outputs.put(GanModel.CODE_MEAN, rows(new double[][] {{0.1, 0.2}, {0, 1}}));
      return gan;
    };
    LossConfigs.Adversarial weights = new LossConfigs.Adversarial(1, 0.7, 1.3);
    return Stream.of(
        Arguments.of("minimax", AdversarialLoss.minimax(LossConfigs.Adversarial.DEFAULTS), plain),
        Arguments.of("non-saturating", AdversarialLoss.nonSaturating(LossConfigs.Adversarial.DEFAULTS), plain),
        Arguments.of("lsgan", AdversarialLoss.lsgan(LossConfigs.Adversarial.DEFAULTS), plain),
        Arguments.of("hinge", AdversarialLoss.hinge(LossConfigs.Adversarial.DEFAULTS), plain),
        Arguments.of("wgan", new WganLoss(LossConfigs.Wgan.DEFAULTS), plain),
        Arguments.of("wgan-gp linear", new WganGpLoss(LossConfigs.WganGp.DEFAULTS), plain),
        Arguments.of("wgan-gp quadratic", new WganGpLoss(LossConfigs.WganGp.DEFAULTS), quadratic),
        Arguments.of("dragan", new DraganLoss(new LossConfigs.Dragan(1, 3, 0.5, 1, 1)), plain),
        Arguments.of("acgan non-saturating", AdversarialLoss.nonSaturating(weights), acgan),
        Arguments.of("infogan minimax", AdversarialLoss.minimax(weights), infogan),
        Arguments.of("non-saturating feature matching, smoothed",
            AdversarialLoss.nonSaturating(new LossConfigs.Adversarial(1, 1, 1, "feature-matching", 0.9)),
            (Supplier<FakeGan>) FakeGan::withFeatures),
        Arguments.of("dragan smoothed", new DraganLoss(new LossConfigs.Dragan(1, 3, 0.5, 1, 1, "adversarial", 0.8)),
            plain));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void objectiveGradientsMatchFiniteDifferences(String label, Loss loss, Supplier<FakeGan> model) {
    FakeGan gan = model.get();
    gan.trainableOutputs = true;
    Objectives objectives = gan.apply(loss);
    SameDiff sd = gan.sd;
    List<String> variables = sd.variables().stream()
        .filter(v -> v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE)
        .map(v -> v.name()).toList();
    int nonZero = 0;
    for (Objective objective : objectives.objectives()) {
      String value = objective.value().name();
      sd.setLossVariables(value);
      Map<String, INDArray> grads = quietly(() -> sd.calculateGradients(gan.feeds, variables));
      double h = 1e-6;
      for (String name : variables) {
        INDArray param = sd.getVariable(name).getArr();
        INDArray grad = grads.get(name);
        for (int i = 0; i < param.length(); i++) {
          double original = param.getDouble(i);
          param.putScalar(i, original + h);
          double plus = gan.eval(objective.value());
          param.putScalar(i, original - h);
          double minus = gan.eval(objective.value());
          param.putScalar(i, original);
          double numeric = (plus - minus) / (2 * h);
          double analytic = grad == null ? 0 : grad.getDouble(i);
          assertThat(analytic).as(label + " " + objective.name() + " d/d" + name + "[" + i + "]")
              .isCloseTo(numeric, Offset.offset(1e-6 + 1e-5 * Math.abs(numeric)));
          if (Math.abs(numeric) > 1e-3) {
            nonZero++;
          }
        }
      }
    }
    // both objectives depend on the scores, so the check compared real gradients
    assertThat(nonZero).as(label).isGreaterThan(2);
  }

  /** Runs {@code action} without SameDiff's "Added differentiated op" lines on stdout. */
  private static <T> T quietly(Supplier<T> action) {
    java.io.PrintStream out = System.out;
    System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    try {
      return action.get();
    } finally {
      System.setOut(out);
    }
  }
}
