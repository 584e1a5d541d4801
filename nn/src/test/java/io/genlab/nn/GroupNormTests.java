package io.genlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.RandomSource;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Group norm from primitives: PyTorch's GroupNorm formula for any group count from 1 (layer norm) to
 * the channel count (instance norm), on inputs of any size, and its gradients against central finite
 * differences in double precision.
 */
class GroupNormTests {
  private static final double EPSILON = 1e-5;
  /** Group norm is smooth, so truncation error is negligible at 1e-5; at 1e-6 rounding errors reached 7e-6 relative. */
  private static final double STEP = 1e-5;
  private static final int CHANNELS = 4;

  @ParameterizedTest(name = "{0} groups of 4 channels")
  @ValueSource(ints = {1, 2, 4})
  void normalisesEachGroupOfEachExampleThenScalesAndShiftsEachChannel(int groups) {
    SameDiff sd = SameDiff.create();
    Layers layers = new Layers(sd, RandomSource.seeded(1), Init.PYTORCH_DEFAULT);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, CHANNELS, -1, -1);
    SDVariable y = layers.groupNorm("gn", x, CHANNELS, groups);
    INDArray gamma = RandomSource.seeded(2).normal(1, CHANNELS, 1, 1);
    INDArray beta = RandomSource.seeded(3).normal(1, CHANNELS, 1, 1);
    sd.getVariable("gn/gamma").getArr().assign(gamma);
    sd.getVariable("gn/beta").getArr().assign(beta);

    assertThat(layers.parameters()).containsExactly("gn/gamma", "gn/beta");
    // Two input sizes through one graph: the grouped shape is taken from the input when it runs.
    for (long[] shape : List.of(new long[] {2, CHANNELS, 3, 3}, new long[] {3, CHANNELS, 2, 5})) {
      INDArray input = RandomSource.seeded(shape[3]).normal(shape).muli(3).addi(2);
      INDArray out = sd.output(Map.of("x", input), y.name()).get(y.name());
      INDArray expected = groupNorm(input.castTo(DataType.DOUBLE), groups,
          gamma.castTo(DataType.DOUBLE), beta.castTo(DataType.DOUBLE));
      assertThat(out.shape()).isEqualTo(shape);
      assertThat(out.castTo(DataType.DOUBLE).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-5);
    }
  }

  @Test
  void defaultScaleAndShiftGiveZeroMeanUnitVarianceGroups() {
    SameDiff sd = SameDiff.create();
    Layers layers = new Layers(sd, RandomSource.seeded(1), Init.PYTORCH_DEFAULT);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, CHANNELS, 3, 3);
    SDVariable y = layers.groupNorm("gn", x, CHANNELS, 2);
    INDArray input = RandomSource.seeded(4).normal(2, CHANNELS, 3, 3).muli(5).addi(-7);
    INDArray out = sd.output(Map.of("x", input), y.name()).get(y.name());
    INDArray groups = out.reshape(2, 2, 18);
    for (int b = 0; b < 2; b++) {
      for (int g = 0; g < 2; g++) {
        INDArray group = groups.slice(b).slice(g);
        assertThat(group.meanNumber().doubleValue()).isCloseTo(0, within(1e-5));
        assertThat(group.varNumber().doubleValue() * 17 / 18).isCloseTo(1, within(1e-3)); // biased variance
      }
    }
  }

  @ParameterizedTest(name = "{0} groups of 4 channels")
  @ValueSource(ints = {1, 2, 4})
  void gradientsWithRespectToInputScaleAndShiftPassGradientCheck(int groups) {
    // Layers creates float variables, so the scale and shift are made here in double (random rather
    // than 1 and 0, so every term of the gradient counts) and the layer is applied by name.
    SameDiff sd = SameDiff.create();
    sd.var("gn/gamma", RandomSource.seeded(5).normal(1, CHANNELS, 1, 1).castTo(DataType.DOUBLE));
    sd.var("gn/beta", RandomSource.seeded(6).normal(1, CHANNELS, 1, 1).castTo(DataType.DOUBLE));
    SDVariable x = sd.var("x", RandomSource.seeded(7).normal(2, CHANNELS, 3, 3).muli(2).castTo(DataType.DOUBLE));
    SDVariable y = new Layers(sd, RandomSource.seeded(0), Init.PYTORCH_DEFAULT).applyGroupNorm("gn", x, groups);
    // A generic loss: random weights on y and y^2, so no gradient vanishes by symmetry (the sum of
    // a normalised group does not depend on the input).
    SDVariable r1 = sd.constant(RandomSource.seeded(8).normal(2, CHANNELS, 3, 3).castTo(DataType.DOUBLE));
    SDVariable r2 = sd.constant(RandomSource.seeded(9).normal(2, CHANNELS, 3, 3).castTo(DataType.DOUBLE));
    SDVariable loss = y.mul(r1).add(y.mul(y).mul(r2)).sum();
    sd.setLossVariables(loss);
    List<String> variables = List.of("x", "gn/gamma", "gn/beta");
    Map<String, INDArray> grads = quietly(() -> sd.calculateGradients(Map.of(), variables));

    double worst = 0;
    for (String name : variables) {
      INDArray w = sd.getVariable(name).getArr();
      INDArray grad = grads.get(name);
      assertThat(grad.dataType()).isEqualTo(DataType.DOUBLE);
      assertThat(grad.shape()).isEqualTo(w.shape());
      assertThat(grad.amaxNumber().doubleValue()).as("gradient of %s", name).isGreaterThan(1e-3);
      for (long i = 0; i < w.length(); i++) {
        double analytic = grad.getDouble(i);
        double numeric = difference(sd, loss, w, i);
        double rel = Math.abs(analytic - numeric) / Math.max(Math.max(Math.abs(analytic), Math.abs(numeric)), 1e-6);
        assertThat(rel).as("%s[%d]: analytic %.10e, numeric %.10e", name, i, analytic, numeric).isLessThan(1e-5);
        worst = Math.max(worst, rel);
      }
    }
    System.out.printf("group norm (%d groups): max relative gradient error %.3e%n", groups, worst);
  }

  @Test
  void appliesScaleAndShiftOfAnotherScopeByName() {
    SameDiff sd = SameDiff.create();
    Layers layers = new Layers(sd, RandomSource.seeded(1), Init.PYTORCH_DEFAULT);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, CHANNELS, 3, 3);
    SDVariable y = layers.groupNorm("net/gn", x, CHANNELS, 2);
    sd.getVariable("net/gn/gamma").getArr().assign(RandomSource.seeded(2).normal(1, CHANNELS, 1, 1));
    sd.var("ema/net/gn/gamma", sd.getVariable("net/gn/gamma").getArr().dup());
    sd.var("ema/net/gn/beta", sd.getVariable("net/gn/beta").getArr().dup());
    SDVariable copy = layers.applyGroupNorm("ema/net/gn", x, 2);
    INDArray input = RandomSource.seeded(3).normal(2, CHANNELS, 3, 3);

    Map<String, INDArray> out = sd.output(Map.of("x", input), y.name(), copy.name());
    assertThat(out.get(copy.name())).isEqualTo(out.get(y.name()));
    assertThat(layers.parameters()).containsExactly("net/gn/gamma", "net/gn/beta");
  }

  @Test
  void misuseFailsNamingTheLayer() {
    SameDiff sd = SameDiff.create();
    Layers layers = new Layers(sd, RandomSource.seeded(1), Init.PYTORCH_DEFAULT);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 6, 3, 3);
    assertThatThrownBy(() -> layers.groupNorm("gn", x, 6, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gn").hasMessageContaining("4 groups do not divide 6 channels");
    assertThatThrownBy(() -> layers.groupNorm("gn", x, 6, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("groups must be positive");
    assertThatThrownBy(() -> layers.applyGroupNorm("missing", x, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    layers.groupNorm("gn", x, 6, 3);
    assertThatThrownBy(() -> layers.applyGroupNorm("gn", x, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 groups do not divide 6 channels");
    assertThatThrownBy(() -> layers.groupNorm("gn", x, 6, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gn/gamma");
  }

  /** PyTorch's GroupNorm written out with loops, in double. */
  private static INDArray groupNorm(INDArray x, int groups, INDArray gamma, INDArray beta) {
    long n = x.size(0);
    long channels = x.size(1);
    long h = x.size(2);
    long w = x.size(3);
    long perGroup = channels / groups;
    INDArray y = x.dup();
    for (long b = 0; b < n; b++) {
      for (long g = 0; g < groups; g++) {
        double sum = 0;
        double squares = 0;
        for (long c = g * perGroup; c < (g + 1) * perGroup; c++) {
          for (long i = 0; i < h; i++) {
            for (long j = 0; j < w; j++) {
              double v = x.getDouble(b, c, i, j);
              sum += v;
              squares += v * v;
            }
          }
        }
        double count = perGroup * h * w;
        double mean = sum / count;
        double variance = squares / count - mean * mean;
        for (long c = g * perGroup; c < (g + 1) * perGroup; c++) {
          for (long i = 0; i < h; i++) {
            for (long j = 0; j < w; j++) {
              double normalised = (x.getDouble(b, c, i, j) - mean) / Math.sqrt(variance + EPSILON);
              y.putScalar(new long[] {b, c, i, j},
                  normalised * gamma.getDouble(0, c, 0, 0) + beta.getDouble(0, c, 0, 0));
            }
          }
        }
      }
    }
    return y;
  }

  private static double difference(SameDiff sd, SDVariable loss, INDArray w, long i) {
    double original = w.getDouble(i);
    w.putScalar(i, original + STEP);
    double plus = sd.output(Map.of(), loss.name()).get(loss.name()).getDouble(0);
    w.putScalar(i, original - STEP);
    double minus = sd.output(Map.of(), loss.name()).get(loss.name()).getDouble(0);
    w.putScalar(i, original);
    return (plus - minus) / (2 * STEP);
  }

  /** SameDiff prints a line per differentiated op to System.out while building gradients. */
  private static <T> T quietly(Supplier<T> action) {
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      return action.get();
    } finally {
      System.setOut(out);
    }
  }
}
