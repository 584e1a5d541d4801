package io.genlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.RandomSource;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The hand-built input gradient equals SameDiff's own, and SameDiff differentiates a gradient
 * penalty built on it correctly (central finite differences, double precision).
 */
class NetworkTests {
  private static final double STEP = 1e-6;

  private static Network mlp() {
    return mlp(Activation.LEAKY_RELU);
  }

  private static Network mlp(Activation first) {
    return Network.builder()
        .dense("fc0", 2, 8).activation(first)
        .dense("fc1", 8, 8).activation(Activation.TANH)
        .dense("out", 8, 1)
        .build();
  }

  /** A DCGAN-like critic on 1x28x28: 28 -> 14 -> 7. */
  private static Network critic() {
    return critic(Activation.LEAKY_RELU);
  }

  private static Network critic(Activation activation) {
    return Network.builder()
        .conv2d("c0", 1, 4, 4, 2, 1).activation(activation)
        .conv2d("c1", 4, 8, 4, 2, 1).activation(activation)
        .reshape(8 * 7 * 7)
        .dense("out", 8 * 7 * 7, 1)
        .build();
  }

  /**
   * A double-precision graph with the input as a variable "x" (so SameDiff differentiates w.r.t. it)
   * and the network applied to it. {@code SameDiff.convertDataTypes} does not carry a conversion
   * into ops already built (they then fail on mixed float and double inputs), so the weights are
   * drawn by {@link Network#create} in a scratch float graph and copied in as double variables.
   */
  private record Setup(SameDiff sd, List<String> parameters, SDVariable x, Network.Forward forward) {
    static Setup of(Network net, long seed, long... inputShape) {
      RandomSource random = RandomSource.seeded(seed);
      SameDiff scratch = SameDiff.create();
      Layers layers = new Layers(scratch, random.derive("init"), Init.PYTORCH_DEFAULT);
      net.create(layers, scratch.placeHolder("x", DataType.FLOAT, inputShape));
      SameDiff sd = SameDiff.create();
      for (String name : layers.parameters()) {
        sd.var(name, scratch.getVariable(name).getArr().castTo(DataType.DOUBLE));
      }
      SDVariable x = sd.var("x", random.derive("x").normal(inputShape).castTo(DataType.DOUBLE));
      return new Setup(sd, layers.parameters(), x, net.apply(sd, x));
    }
  }

  @ParameterizedTest
  @EnumSource(value = Activation.class, names = {"LEAKY_RELU", "RELU"})
  void mlpInputGradientMatchesSameDiff(Activation first) {
    Setup s = Setup.of(mlp(first), 1, 5, 2);
    double diff = inputGradientDiff(s, null);
    System.out.printf("mlp (%s) input gradient: max abs diff %.3e%n", first, diff);
    assertThat(diff).isLessThan(tolerance(first));
  }

  @ParameterizedTest
  @EnumSource(value = Activation.class, names = {"LEAKY_RELU", "RELU"})
  void convCriticInputGradientMatchesSameDiff(Activation activation) {
    double diff = inputGradientDiff(Setup.of(critic(activation), 2, 3, 1, 28, 28), null);
    System.out.printf("conv critic (%s) input gradient: max abs diff %.3e%n", activation, diff);
    assertThat(diff).isLessThan(tolerance(activation));
  }

  /** Every activation's derivative, with a general (not all-ones) output gradient. */
  @ParameterizedTest
  @EnumSource(Activation.class)
  void everyActivationsVectorJacobianProductMatchesSameDiff(Activation activation) {
    Network net = Network.builder().dense("a", 3, 6).activation(activation).dense("b", 6, 2).build();
    Setup s = Setup.of(net, 3, 4, 3);
    SDVariable gy = s.sd().var("gy", RandomSource.seeded(4).normal(4, 2).castTo(DataType.DOUBLE));
    double diff = inputGradientDiff(s, gy);
    System.out.printf("%s vector-Jacobian product: max abs diff %.3e%n", activation, diff);
    assertThat(diff).isLessThan(tolerance(activation));
  }

  /**
   * Why leaky-ReLU networks cannot match SameDiff to 1e-10 in double: its forward op uses the slope
   * 0.2, but its own gradient op (leakyrelu_bp) the float 0.2f, 1.5e-8 larger. Network uses 0.2,
   * the derivative of the forward actually computed. If a new ND4J fixes this, tighten tolerance().
   */
  @Test
  void sameDiffsLeakyReluGradientUsesAFloatSlope() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", Nd4j.createFromArray(-1.0, 2.0));
    SDVariable y = sd.nn.leakyRelu(x, 0.2);
    sd.setLossVariables(y.sum());
    double slope = quietly(() -> sd.calculateGradients(Map.of(), "x")).get("x").getDouble(0);
    assertThat(y.eval().getDouble(0)).isEqualTo(-0.2);
    assertThat(slope).isEqualTo((double) 0.2f);
  }

  /** Max abs difference allowed against SameDiff's gradient: see {@link #sameDiffsLeakyReluGradientUsesAFloatSlope}. */
  private static double tolerance(Activation activation) {
    return activation == Activation.LEAKY_RELU ? 1e-8 : 1e-10;
  }

  /** Sizes where the transposed convolution does not restore the input's side by itself. */
  @ParameterizedTest(name = "side {0} kernel {1} stride {2} padding {3}")
  @CsvSource({
      "8, 3, 2, 0", // one trailing row dropped, no padding to absorb it
      "7, 4, 2, 1", // one trailing row dropped, within the padding
      "8, 3, 3, 0", // two trailing rows dropped
      "7, 3, 3, 1", // exact with stride 3
      "9, 3, 1, 1", // stride 1
  })
  void convInputGradientMatchesSameDiffAtAnySize(int side, int kernel, int stride, int padding) {
    Network net = Network.builder()
        .conv2d("c", 3, 4, kernel, stride, padding).activation(Activation.TANH)
        .build();
    double diff = inputGradientDiff(Setup.of(net, 5, 2, 3, side, side), null);
    System.out.printf("conv side %d k%d s%d p%d input gradient: max abs diff %.3e%n", side, kernel, stride, padding, diff);
    assertThat(diff).isLessThan(1e-10);
  }

  @Test
  void mlpGradientPenaltyPassesGradientCheck() {
    double err = penaltyGradientCheck(Setup.of(mlp(), 6, 5, 2), 6);
    System.out.printf("mlp gradient penalty: max relative error %.3e%n", err);
    assertThat(err).isLessThan(1e-5);
  }

  @Test
  void convCriticGradientPenaltyPassesGradientCheck() {
    double err = penaltyGradientCheck(Setup.of(critic(), 7, 2, 1, 28, 28), 6);
    System.out.printf("conv critic gradient penalty: max relative error %.3e%n", err);
    assertThat(err).isLessThan(1e-5);
  }

  /** The zero-extend-and-cut path (stride 2, no padding, odd remainder) differentiates correctly too. */
  @Test
  void oddSizeConvGradientPenaltyPassesGradientCheck() {
    Network net = Network.builder()
        .conv2d("c", 2, 3, 3, 2, 0).activation(Activation.SOFTPLUS)
        .reshape(3 * 3 * 3)
        .dense("out", 27, 1)
        .build();
    double err = penaltyGradientCheck(Setup.of(net, 8, 2, 2, 8, 8), 6);
    System.out.printf("odd-size conv gradient penalty: max relative error %.3e%n", err);
    assertThat(err).isLessThan(1e-5);
  }

  @Test
  void applySharesTheCreatedWeights() {
    SameDiff sd = SameDiff.create();
    Layers layers = new Layers(sd, RandomSource.seeded(9), Init.PYTORCH_DEFAULT);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 1, 28, 28);
    Network net = critic();
    Network.Forward created = net.create(layers, x);
    long variables = countVariables(sd);

    Network.Forward applied = net.apply(sd, x);
    SDVariable g1 = created.inputGradient(sd.onesLike(created.output()));
    SDVariable g2 = applied.inputGradient(sd.onesLike(applied.output()));

    assertThat(layers.parameters()).containsExactly("c0/W", "c0/b", "c1/W", "c1/b", "out/W", "out/b");
    assertThat(countVariables(sd)).isEqualTo(variables);
    assertThat(applied.output().name()).isNotEqualTo(created.output().name());
    Map<String, INDArray> out = sd.output(Map.of("x", RandomSource.seeded(10).normal(3, 1, 28, 28)),
        created.output().name(), applied.output().name(), g1.name(), g2.name());
    assertThat(out.get(applied.output().name())).isEqualTo(out.get(created.output().name()));
    assertThat(out.get(g2.name())).isEqualTo(out.get(g1.name()));
  }

  @Test
  void misuseFailsNamingTheLayer() {
    SameDiff sd = SameDiff.create();
    Layers layers = new Layers(sd, RandomSource.seeded(11), Init.PYTORCH_DEFAULT);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 2);
    assertThatThrownBy(() -> mlp().apply(sd, x))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fc0");
    mlp().create(layers, x);
    assertThatThrownBy(() -> mlp().create(layers, x))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fc0/W");
    assertThatThrownBy(() -> Network.builder().conv2d("bad", 1, 2, 3, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad");
  }

  /**
   * Max abs difference between {@code f.inputGradient(gy)} and SameDiff's gradient of
   * {@code sum(gy * output)} w.r.t. "x", in double; {@code gy == null} means ones.
   */
  private static double inputGradientDiff(Setup s, SDVariable gy) {
    SameDiff sd = s.sd();
    Network.Forward f = s.forward();
    SDVariable weight = gy == null ? sd.onesLike(f.output()) : gy;
    SDVariable mine = f.inputGradient(weight);
    SDVariable loss = f.output().mul(weight).sum();
    sd.setLossVariables(loss);
    INDArray expected = quietly(() -> sd.calculateGradients(Map.of(), "x")).get("x");
    INDArray actual = sd.output(Map.of(), mine.name()).get(mine.name());
    assertThat(actual.dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(actual.shape()).isEqualTo(s.x().getArr().shape());
    assertThat(expected.amaxNumber().doubleValue()).isGreaterThan(1e-3); // not vacuous
    return actual.sub(expected).amaxNumber().doubleValue();
  }

  /**
   * Checks SameDiff's gradients of GP = mean((sqrt(sum g^2 + 1e-12) - 1)^2), g the input gradient of
   * sum(output), against central differences for {@code perVariable} entries of every weight; returns
   * the largest relative error.
   *
   * <p>A step can move a pre-activation across a (leaky) ReLU kink, where GP jumps and the
   * difference quotient is meaningless. Such entries are recognised because the quotients at steps
   * h and 2h then disagree grossly (for a smooth function they agree to ~h^2) and are skipped; the
   * test fails if that leaves a variable unchecked.
   */
  private static double penaltyGradientCheck(Setup s, int perVariable) {
    SameDiff sd = s.sd();
    Network.Forward f = s.forward();
    SDVariable g = f.inputGradient(sd.onesLike(f.output()));
    int rank = s.x().getArr().rank();
    SDVariable norm = sd.math.sqrt(g.mul(g).sum(IntStream.range(1, rank).toArray()).add(1e-12));
    SDVariable gp = sd.math.square(norm.sub(1.0)).mean();
    sd.setLossVariables(gp);
    List<String> parameters = s.parameters();
    Map<String, INDArray> grads = quietly(() -> sd.calculateGradients(Map.of(), parameters));

    double worst = 0;
    for (String name : parameters) {
      INDArray w = sd.getVariable(name).getArr();
      assertThat(w.dataType()).isEqualTo(DataType.DOUBLE);
      INDArray grad = grads.get(name);
      long n = w.length();
      int checked = 0;
      for (int j = 0; j < Math.min(perVariable, n); j++) {
        long i = (j * n) / Math.min(perVariable, n) + (n > perVariable ? j % 3 : 0); // spread out, not aligned
        i = Math.min(i, n - 1);
        double analytic = grad == null ? 0.0 : grad.getDouble(i);
        double fd1 = difference(sd, gp, w, i, STEP);
        double fd2 = difference(sd, gp, w, i, 2 * STEP);
        if (Math.abs(fd1 - fd2) > 1e-4 * Math.max(Math.abs(fd1), 1e-3)) {
          System.out.printf("  %s[%d]: skipped at a kink (%.6e vs %.6e)%n", name, i, fd1, fd2);
          continue;
        }
        double rel = Math.abs(analytic - fd1) / Math.max(Math.max(Math.abs(analytic), Math.abs(fd1)), 1e-6);
        assertThat(rel).as("%s[%d]: analytic %.10e, numeric %.10e", name, i, analytic, fd1).isLessThan(1e-5);
        worst = Math.max(worst, rel);
        checked++;
      }
      assertThat(checked).as("entries of %s checked", name).isPositive();
    }
    return worst;
  }

  private static double difference(SameDiff sd, SDVariable loss, INDArray w, long i, double h) {
    double original = w.getDouble(i);
    w.putScalar(i, original + h);
    double plus = sd.output(Map.of(), loss.name()).get(loss.name()).getDouble(0);
    w.putScalar(i, original - h);
    double minus = sd.output(Map.of(), loss.name()).get(loss.name()).getDouble(0);
    w.putScalar(i, original);
    return (plus - minus) / (2 * h);
  }

  private static long countVariables(SameDiff sd) {
    return sd.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE).count();
  }

  /** SameDiff prints a line per differentiated op to System.out while building gradients. */
  private static <T> T quietly(java.util.function.Supplier<T> action) {
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      return action.get();
    } finally {
      System.setOut(out);
    }
  }
}
