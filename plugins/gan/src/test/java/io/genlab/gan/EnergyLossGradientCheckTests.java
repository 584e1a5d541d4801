package io.genlab.gan;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.api.Loss;
import io.genlab.api.Objective;
import io.genlab.api.Objectives;
import io.genlab.gan.internal.BeganLoss;
import io.genlab.gan.internal.EbganLoss;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SameDiff's gradients of EBGAN's and BEGAN's objectives against central finite differences in double
 * precision, with the data, reconstructions and codes of {@link FakeEnergyGan} as variables (as
 * {@link GanLossGradientCheckTests} does for the score-based losses). BEGAN's k_t is set to 0.4 so that
 * the discriminator's fake term is checked too; k itself is not differentiated (it is not trained).
 */
class EnergyLossGradientCheckTests {

  static Stream<Arguments> losses() {
    return Stream.of(
        Arguments.of("ebgan", new EbganLoss(LossConfigs.Ebgan.DEFAULTS)),
        Arguments.of("ebgan margin 3 pt 0.7", new EbganLoss(new LossConfigs.Ebgan(3, 0.7))),
        Arguments.of("began", new BeganLoss(new LossConfigs.Began(0.6, 0.001))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void objectiveGradientsMatchFiniteDifferences(String label, Loss loss) {
    FakeEnergyGan gan = FakeEnergyGan.standard();
    gan.trainableOutputs = true;
    Objectives objectives = gan.apply(loss);
    SameDiff sd = gan.sd;
    if (sd.hasVariable(BeganLoss.K_VARIABLE)) {
      sd.getVariable(BeganLoss.K_VARIABLE).setArray(Nd4j.scalar(DataType.FLOAT, 0.4f));
    }
    List<String> variables = sd.variables().stream()
        .filter(v -> v.getVariableType() == VariableType.VARIABLE && !v.name().equals(BeganLoss.K_VARIABLE))
        .map(v -> v.name()).toList();
    int nonZero = 0;
    for (Objective objective : objectives.objectives()) {
      sd.setLossVariables(objective.value().name());
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
    assertThat(nonZero).as(label).isGreaterThan(8);
  }

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
