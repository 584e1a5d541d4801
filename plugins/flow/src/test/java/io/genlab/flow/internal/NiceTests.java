package io.genlab.flow.internal;

import io.genlab.nn.Layers;
import io.genlab.nn.Init;

import static io.genlab.flow.NiceConfig.Prior.GAUSSIAN;
import static io.genlab.flow.NiceConfig.Prior.LOGISTIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.RandomSource;
import io.genlab.flow.FlowModel;
import io.genlab.flow.NiceConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NICE: every layer and whole models invert, the log-likelihood equals log p(z) + log|det dz/dy| with the
 * Jacobian taken by finite differences, the logistic prior matches its closed form, the couplings follow
 * the paper's even/odd partition, and prior samples have the logistic's statistics.
 */
class NiceTests {
  private static final double STEP = 1e-5;
  private static final DataInfo VECTORS_5 = new DataInfo(new long[] {5}, -2, 2, false, 0);
  private static final DataInfo VECTORS_6 = new DataInfo(new long[] {6}, -2, 2, false, 0);
  private static final DataInfo IMAGES = new DataInfo(new long[] {1, 2, 3}, 0, 1, false, 0);

  private record Built(NiceModel model, ModelGraph graph) {
    Map<String, INDArray> run(Map<String, INDArray> feeds, String... outputs) {
      return graph.sameDiff().output(feeds, outputs);
    }
  }

  private static Built build(NiceConfig config, DataInfo data, DataType type, double perturbation) {
    NiceModel model = new NiceModel(config, type);
    SameDiff sd = SameDiff.create();
    ModelGraph graph = model.build(new Model.BuildContext(sd, data, RandomSource.seeded(3).derive("init")));
    // Perturbed, so that the scaling is not the identity and the couplings' shifts are not small.
    FlowGraphs.perturb(sd, graph.parameters(), RandomSource.seeded(4), perturbation);
    return new Built(model, graph);
  }

  @Test
  void couplingsAndScalingInvertAlone() {
    for (boolean changeSecond : new boolean[] {true, false}) {
      assertInverts("coupling changeSecond=" + changeSecond,
          p -> new AdditiveCoupling(p, "c", 5, 3, changeSecond, 2, 8));
    }
    assertInverts("scaling", p -> new DiagonalScaling(p, "s", 5));
  }

  private static void assertInverts(String name, java.util.function.Function<Layers, FlowStep> layer) {
    SameDiff sd = SameDiff.create();
    Layers parameters = new Layers(sd, RandomSource.seeded(1), Init.PYTORCH_DEFAULT, DataType.FLOAT).createOrReuse();
    FlowStep step = layer.apply(parameters);
    SDVariable x = FlowPlaceholders.placeholder(parameters, "x", new long[] {5});
    SDVariable y = step.forward(new FlowStep.Flowing(x, null)).value();
    SDVariable back = sd.identity("back", step.inverse(y));
    FlowGraphs.perturb(sd, parameters.parameters(), RandomSource.seeded(2), 0.5);
    INDArray input = RandomSource.seeded(3).normal(7, 5);
    Map<String, INDArray> out = sd.output(Map.of("x", input), y.name(), "back");
    assertThat(out.get(y.name()).sub(input).amaxNumber().doubleValue()).as(name + " is not the identity")
        .isGreaterThan(1e-2);
    assertThat(out.get("back").sub(input).amaxNumber().doubleValue()).as(name).isLessThan(1e-5);
  }

  @Test
  void wholeModelsInvertOnOddVectorsAndDequantisedImages() {
    for (NiceConfig.Prior prior : NiceConfig.Prior.values()) {
      for (DataInfo data : new DataInfo[] {VECTORS_5, IMAGES}) {
        Built flow = build(new NiceConfig(4, 3, 16, prior, 256), data, DataType.FLOAT, 0.1);
        long[] shape = batch(8, data.exampleShape());
        Map<String, INDArray> feeds = new HashMap<>(Map.of("x", RandomSource.seeded(6).uniform(shape)));
        flow.graph().noise().forEach(n -> feeds.put(n.name(), n.draw(8, RandomSource.seeded(7))));
        Map<String, INDArray> encoded = flow.run(feeds, FlowModel.Z, FlowModel.DEQUANTIZED);
        INDArray decoded = flow.run(Map.of(FlowModel.SAMPLE_Z, encoded.get(FlowModel.Z)), FlowModel.SAMPLE_X)
            .get(FlowModel.SAMPLE_X);
        assertThat(decoded.shape()).isEqualTo(shape);
        assertThat(encoded.get(FlowModel.Z).shape()).isEqualTo(new long[] {8, data.exampleSize()});
        assertThat(decoded.sub(encoded.get(FlowModel.DEQUANTIZED)).amaxNumber().doubleValue())
            .as(prior + " " + data).isLessThan(1e-5);
      }
    }
  }

  @Test
  void priorSamplesDecodeAndEncodeBackToThemselves() {
    Built flow = build(new NiceConfig(3, 2, 16, LOGISTIC, 256), VECTORS_6, DataType.FLOAT, 0.1);
    INDArray z = flow.model().samplePrior(RandomSource.seeded(8), 16, 0.8);
    INDArray x = flow.run(Map.of(FlowModel.SAMPLE_Z, z), FlowModel.SAMPLE_X).get(FlowModel.SAMPLE_X);
    INDArray back = flow.run(Map.of("x", x), FlowModel.Z).get(FlowModel.Z);
    assertThat(x.sub(z).amaxNumber().doubleValue()).as("the flow is not the identity").isGreaterThan(1e-2);
    assertThat(back.sub(z).amaxNumber().doubleValue()).isLessThan(1e-4);
  }

  @Test
  void logLikelihoodOfVectorsMatchesThePriorAndTheNumericalJacobian() {
    for (NiceConfig.Prior prior : NiceConfig.Prior.values()) {
      Built flow = build(new NiceConfig(4, 2, 8, prior, 256), VECTORS_6, DataType.DOUBLE, 0.3);
      double[][] points = {{0.3, -1.2, 0.8, 1.5, -0.4, 0.1}, {-1.5, 0.7, 1.9, -0.2, 0.6, -1.1}};
      for (double[] point : points) {
        check(flow, prior, point, "x", Map.of(), new long[] {1, 6}, 0);
      }
    }
  }

  @Test
  void logLikelihoodOfDequantisedImagesMatchesTheNumericalJacobian() {
    Built flow = build(new NiceConfig(3, 2, 8, LOGISTIC, 256), IMAGES, DataType.DOUBLE, 0.3);
    double[] u = {0.1, 0.5, 0.9, 0.3, 0.7, 0.2};
    INDArray x = Nd4j.createFromArray(12.0, 200.0, 255.0, 0.0, 97.0, 31.0).divi(255.0).reshape(1, 1, 2, 3);
    // Differentiating with respect to u: y = (k + u) / 256, so log|det dz/dy| = log|det dz/du| + D log 256.
    check(flow, LOGISTIC, u, FlowModel.DEQUANTIZATION, Map.of("x", x), new long[] {1, 1, 2, 3}, 6 * Math.log(256));
  }

  private static void check(Built flow, NiceConfig.Prior prior, double[] point, String input,
      Map<String, INDArray> others, long[] shape, double logDetOffset) {
    int d = point.length;
    double[][] jacobian = new double[d][d];
    for (int j = 0; j < d; j++) {
      double[] plus = point.clone();
      double[] minus = point.clone();
      plus[j] += STEP;
      minus[j] -= STEP;
      double[] zPlus = z(flow, plus, input, others, shape);
      double[] zMinus = z(flow, minus, input, others, shape);
      for (int i = 0; i < d; i++) {
        jacobian[i][j] = (zPlus[i] - zMinus[i]) / (2 * STEP);
      }
    }
    double logDet = Math.log(Math.abs(new LUDecomposition(new Array2DRowRealMatrix(jacobian)).getDeterminant()));
    assertThat(Math.abs(logDet)).as("a non-trivial Jacobian").isGreaterThan(1e-2);
    Map<String, INDArray> out = flow.run(feeds(point, input, others, shape), FlowModel.Z, FlowModel.LOG_LIKELIHOOD);
    double[] z = out.get(FlowModel.Z).toDoubleVector();
    double logPrior = 0;
    for (double v : z) {
      logPrior += prior == LOGISTIC ? logLogistic(v) : -0.5 * v * v - 0.5 * Math.log(2 * Math.PI);
    }
    assertThat(out.get(FlowModel.LOG_LIKELIHOOD).getDouble(0)).as(prior + " " + input)
        .isCloseTo(logPrior + logDet + logDetOffset, within(1e-5));
  }

  /** log p(v) of the standard logistic as log(sigma(v)) + log(sigma(-v)), its density sigma'(v). */
  private static double logLogistic(double v) {
    return Math.log(1 / (1 + Math.exp(-v))) + Math.log(1 / (1 + Math.exp(v)));
  }

  private static double[] z(Built flow, double[] point, String input, Map<String, INDArray> others, long[] shape) {
    return flow.run(feeds(point, input, others, shape), FlowModel.Z).get(FlowModel.Z).toDoubleVector();
  }

  private static Map<String, INDArray> feeds(double[] point, String input, Map<String, INDArray> others, long[] shape) {
    Map<String, INDArray> feeds = new HashMap<>();
    others.forEach((k, v) -> feeds.put(k, v.castTo(DataType.DOUBLE)));
    feeds.put(input, Nd4j.createFromArray(point).reshape(shape));
    return feeds;
  }

  @Test
  void logisticPriorMatchesItsClosedFormAndIntegratesToOne() {
    double[] values = {-60, -3.5, -1, -1e-3, 0, 0.25, 2, 7, 60};
    // Each row [v, 0]: log p of the row is log p(v) + log p(0), and log p(0) = log(1/4).
    double[] got = logPriorOfRows(values);
    for (int i = 0; i < values.length; i++) {
      // sigma(v) (1 - sigma(v)) = e^-|v| / (1 + e^-|v|)^2, written for |v| so that nothing overflows.
      double v = Math.abs(values[i]);
      double expected = -v - 2 * Math.log1p(Math.exp(-v)) - Math.log(4);
      assertThat(got[i]).as("log p(%s)", values[i]).isCloseTo(expected, within(1e-12));
      if (v < 30) {
        assertThat(got[i]).isCloseTo(logLogistic(values[i]) + logLogistic(0), within(1e-12));
      }
    }
    assertThat(got[4]).isCloseTo(-2 * Math.log(4), within(1e-12));
    int n = 40_001;
    double h = 80.0 / (n - 1);
    double[] grid = new double[n];
    for (int i = 0; i < n; i++) {
      grid[i] = -40 + i * h;
    }
    double integral = 0;
    for (double logP : logPriorOfRows(grid)) {
      integral += Math.exp(logP + Math.log(4)) * h;
    }
    assertThat(integral).isCloseTo(1.0, within(1e-6));
  }

  /** The graph's logistic log-prior of the rows [v, 0], in double precision. */
  private static double[] logPriorOfRows(double[] values) {
    SameDiff sd = SameDiff.create();
    SDVariable z = sd.placeHolder("z", DataType.DOUBLE, -1, 2);
    SDVariable logP = sd.identity("log_p", NiceModel.logPrior(sd, z, LOGISTIC, 2));
    INDArray rows = Nd4j.zeros(DataType.DOUBLE, values.length, 2);
    rows.getColumn(0).assign(Nd4j.createFromArray(values));
    return sd.output(Map.of("z", rows), "log_p").get("log_p").toDoubleVector();
  }

  @Test
  void logisticPriorSamplesHaveTheLogisticsQuantilesAndVariance() {
    Built flow = build(new NiceConfig(2, 1, 4, LOGISTIC, 256), VECTORS_5, DataType.FLOAT, 0);
    for (double temperature : new double[] {1.0, 0.5}) {
      double[] z = flow.model().samplePrior(RandomSource.seeded(9), 20_000, temperature).castTo(DataType.DOUBLE)
          .reshape(-1).toDoubleVector();
      assertThat(z).hasSize(100_000);
      double sum = 0;
      double squares = 0;
      int belowOne = 0;
      for (double v : z) {
        sum += v;
        squares += v * v;
        belowOne += v / temperature < 1 ? 1 : 0;
      }
      double mean = sum / z.length;
      assertThat(mean).isCloseTo(0, within(0.03));
      assertThat(squares / z.length - mean * mean).as("variance pi^2 T^2 / 3")
          .isCloseTo(Math.PI * Math.PI * temperature * temperature / 3, within(0.05 * temperature * temperature));
      assertThat(belowOne / (double) z.length).as("P(z < T) = sigma(1)")
          .isCloseTo(1 / (1 + Math.exp(-1)), within(0.005));
    }
    Built gaussian = build(new NiceConfig(2, 1, 4, GAUSSIAN, 256), VECTORS_5, DataType.FLOAT, 0);
    INDArray normal = gaussian.model().samplePrior(RandomSource.seeded(9), 20_000, 1.0);
    assertThat(normal.varNumber().doubleValue()).isCloseTo(1.0, within(0.02));
  }

  @Test
  void couplingsFollowTheEvenOddPartition() {
    assertThat(NiceModel.evenThenOdd(5)).containsExactly(0, 2, 4, 1, 3);
    // One coupling and an untrained (identity) scaling: z = [x_even, x_odd + m(x_even)].
    Built flow = build(new NiceConfig(1, 2, 8, GAUSSIAN, 256), VECTORS_5, DataType.FLOAT, 0);
    flow.graph().sameDiff().getArrForVarName("nice/coupling0/out/b").addi(0.5);
    INDArray x = RandomSource.seeded(10).normal(4, 5);
    INDArray z = flow.run(Map.of("x", x), FlowModel.Z).get(FlowModel.Z);
    int[] order = NiceModel.evenThenOdd(5);
    for (int i = 0; i < 5; i++) {
      double difference = z.getColumn(i).sub(x.getColumn(order[i])).amaxNumber().doubleValue();
      if (i < 3) {
        assertThat(difference).as("even value %s passes", order[i]).isZero();
      } else {
        assertThat(difference).as("odd value %s changes", order[i]).isGreaterThan(1e-3);
      }
    }
  }

  @Test
  void refusesBinaryDataAndOneValueExamples() {
    NiceModel model = new NiceModel(NiceConfig.DEFAULTS);
    assertThatThrownBy(() -> model.build(new Model.BuildContext(SameDiff.create(),
        new DataInfo(new long[] {1, 4, 4}, 0, 1, true, 0), RandomSource.seeded(1))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("binary data have no density");
    assertThatThrownBy(() -> model.build(new Model.BuildContext(SameDiff.create(),
        new DataInfo(new long[] {1}, 0, 1, false, 0), RandomSource.seeded(1))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("needs at least 2 values, found 1");
  }

  private static long[] batch(long n, long[] shape) {
    long[] out = new long[shape.length + 1];
    out[0] = n;
    System.arraycopy(shape, 0, out, 1, shape.length);
    return out;
  }
}
