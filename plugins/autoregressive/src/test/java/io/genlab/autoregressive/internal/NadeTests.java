package io.genlab.autoregressive.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.Objectives;
import io.genlab.api.RandomSource;
import io.genlab.api.Sampler;
import io.genlab.api.TrainedModel;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.NadeConfig;
import io.genlab.autoregressive.SamplerConfigs;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NADE: the graph's log-likelihood against a plain-Java loop over the dimensions, normalisation over every
 * binary vector, the running sum against the masked-product formulation (values and gradients), the step
 * graph's sampling against whole forward passes, and sample frequencies against the model's probabilities.
 */
class NadeTests {
  private static final int D = 6;
  private static final DataInfo VECTORS = new DataInfo(new long[] {D}, 0, 1, true, 0);

  @Test
  void logLikelihoodEqualsADirectLoopOverTheDimensionsAndSumsToOne() {
    Fixtures.Built nade = Fixtures.build(new NadeModel(new NadeConfig(7)), VECTORS);
    INDArray all = Fixtures.allConfigurations(D, 2);
    INDArray ll = nade.output(AutoregressiveModel.LOG_LIKELIHOOD, all, 0);
    INDArray logits = nade.output(AutoregressiveModel.LOGITS, all, 0);
    assertThat(ll.shape()).containsExactly(64);
    assertThat(logits.shape()).containsExactly(64, D);
    Weights w = Weights.of(nade.sd());
    double total = 0;
    for (int k = 0; k < 64; k++) {
      double[] x = all.getRow(k).castTo(DataType.DOUBLE).toDoubleVector();
      double[] direct = w.logits(x);
      double logP = 0;
      for (int d = 0; d < D; d++) {
        assertThat(logits.getDouble(k, d)).as("vector %d logit %d", k, d).isCloseTo(direct[d], within(1e-5));
        double p = 1 / (1 + Math.exp(-direct[d]));
        logP += x[d] == 1 ? Math.log(p) : Math.log1p(-p);
      }
      assertThat(ll.getDouble(k)).as("vector %d", k).isCloseTo(logP, within(1e-5));
      total += Math.exp(logP);
    }
    assertThat(total).isCloseTo(1.0, within(1e-9));
    assertThat(Fixtures.sumExp(ll)).isCloseTo(1.0, within(1e-4));
    // The untrained conditionals are not all 1/2, so the check above is not trivially met.
    assertThat(ll.maxNumber().doubleValue() - ll.minNumber().doubleValue()).isGreaterThan(0.1);
  }

  @Test
  void runningSumEqualsTheMaskedProductInValuesAndGradients() {
    int d = 9;
    int h = 5;
    Fixtures.Built nade = Fixtures.build(new NadeModel(new NadeConfig(h)), new DataInfo(new long[] {d}, 0, 1, true, 0));
    SameDiff sd = nade.sd();
    SDVariable w = sd.getVariable("nade/W");
    SDVariable c = sd.getVariable("nade/c");
    SDVariable v = sd.getVariable("nade/V");
    SDVariable b = sd.getVariable("nade/b");
    SDVariable x = sd.getVariable(nade.graph().dataInput());
    // pre[:, k, :] = (x * mask[k]) W^T with mask[k][j] = 1 for j < k: [B, D, D] x [D, H], O(HD^2).
    float[] lower = new float[d * d];
    for (int k = 0; k < d; k++) {
      for (int j = 0; j < k; j++) {
        lower[k * d + j] = 1;
      }
    }
    SDVariable masked = x.reshape(-1, 1, d).mul(sd.constant(Nd4j.create(lower, new long[] {1, d, d}, 'c')));
    SDVariable pre = masked.reshape(-1, d).mmul(sd.transpose(w)).reshape(-1, d, h);
    SDVariable logits = sd.nn.sigmoid(pre.add(c)).mul(v).sum(2).add(b);
    SDVariable reference = sd.identity("test/masked_ll", Likelihoods.bernoulli(sd, x, logits, d).sum());
    SDVariable running = sd.identity("test/running_ll", nade.graph().output(AutoregressiveModel.LOG_LIKELIHOOD).sum());
    INDArray batch = RandomSource.seeded(5).uniform(8, d).gt(0.5).castTo(DataType.FLOAT);
    Map<String, INDArray> feeds = nade.feeds(batch, 0);
    Map<String, INDArray> values = sd.output(feeds, "test/masked_ll", "test/running_ll");
    assertThat(values.get("test/running_ll").getDouble(0)).isCloseTo(values.get("test/masked_ll").getDouble(0),
        within(1e-4));
    List<String> parameters = nade.graph().parameters();
    sd.setLossVariables(reference);
    Map<String, INDArray> expected = copies(sd.calculateGradients(feeds, parameters));
    sd.setLossVariables(running);
    Map<String, INDArray> got = sd.calculateGradients(feeds, parameters);
    for (String p : parameters) {
      assertThat(got.get(p).shape()).as(p).isEqualTo(expected.get(p).shape());
      assertThat(got.get(p).sub(expected.get(p)).amaxNumber().doubleValue()).as("gradient of %s", p)
          .isLessThan(1e-4);
      assertThat(expected.get(p).amaxNumber().doubleValue()).as("gradient of %s", p).isGreaterThan(1e-3);
    }
  }

  @Test
  void outputDDoesNotChangeWhenInputsFromDOnAreFlipped() {
    int d = 8;
    Fixtures.Built nade = Fixtures.build(new NadeModel(new NadeConfig(6)), new DataInfo(new long[] {d}, 0, 1, true, 0));
    INDArray base = RandomSource.seeded(3).uniform(1, d).gt(0.5).castTo(DataType.FLOAT);
    INDArray logits = nade.output(AutoregressiveModel.LOGITS, base, 0);
    for (int j = 0; j < d; j++) {
      INDArray flipped = base.dup();
      flipped.putScalar(0, j, 1 - base.getFloat(0, j));
      INDArray changed = nade.output(AutoregressiveModel.LOGITS, flipped, 0);
      for (int i = 0; i < d; i++) {
        double delta = Math.abs(changed.getDouble(0, i) - logits.getDouble(0, i));
        if (i <= j) {
          assertThat(delta).as("logit %d after flipping x[%d]", i, j).isZero();
        } else {
          assertThat(delta).as("logit %d after flipping x[%d]", i, j).isGreaterThan(0);
        }
      }
    }
  }

  @Test
  void stepwiseSamplingDrawsWhatWholeForwardPassesDraw() {
    int d = 12;
    DataInfo info = new DataInfo(new long[] {d}, 0, 1, true, 0);
    TrainedModel nade = Fixtures.session(new NadeModel(new NadeConfig(8)), info);
    INDArray start = Nd4j.zeros(DataType.FLOAT, 40, d);
    INDArray stepwise = Generation.fill(nade, ar(nade), 0, start, null, 0, 1.0, RandomSource.seeded(4), 0);
    INDArray whole = Generation.fill(new Disguised(nade), ar(nade), 0, start, null, 0, 1.0, RandomSource.seeded(4), 0);
    assertThat(stepwise).isEqualTo(whole);
    assertThat(stepwise.sumNumber().doubleValue()).isBetween(40.0, 40.0 * d - 40);
    // Completion keeps the first dimensions and conditions on them.
    INDArray observed = RandomSource.seeded(8).uniform(40, d).gt(0.5).castTo(DataType.FLOAT);
    INDArray completed = Generation.fill(nade, ar(nade), 0, observed, null, 5, 1.0, RandomSource.seeded(6), 0);
    INDArray reference = Generation.fill(new Disguised(nade), ar(nade), 0, observed, null, 5, 1.0,
        RandomSource.seeded(6), 0);
    assertThat(completed).isEqualTo(reference);
    assertThat(completed.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex
        .interval(0, 5))).isEqualTo(observed.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)));
  }

  @Test
  void sampleFrequenciesMatchTheModelsProbabilities() {
    int d = 4;
    int n = 4000;
    DataInfo info = new DataInfo(new long[] {d}, 0, 1, true, 0);
    TrainedModel nade = Fixtures.session(new NadeModel(new NadeConfig(6)), info);
    Examples empty = new Examples(info, new float[0], null, 0);
    INDArray samples = new SequentialSampler(new SamplerConfigs.Sequential(n, 1.0, n, 0, -1))
        .sample(nade, new Sampler.SamplingContext(empty, empty, RandomSource.seeded(11))).values();
    int[] counts = new int[1 << d];
    for (int i = 0; i < n; i++) {
      int code = 0;
      for (int j = 0; j < d; j++) {
        code = code * 2 + (samples.getFloat(i, j) > 0.5f ? 1 : 0);
      }
      counts[code]++;
    }
    INDArray all = Fixtures.allConfigurations(d, 2);
    String name = nade.graph().output(AutoregressiveModel.LOG_LIKELIHOOD).name();
    double[] ll = nade.run(nade.feeds(all, null, RandomSource.seeded(0)), List.of(name)).get(name)
        .castTo(DataType.DOUBLE).toDoubleVector();
    double chiSquare = 0;
    for (int k = 0; k < counts.length; k++) {
      double expected = n * Math.exp(ll[k]);
      chiSquare += (counts[k] - expected) * (counts[k] - expected) / expected;
    }
    // 15 degrees of freedom: P(chi2 > 37.7) = 0.001.
    assertThat(chiSquare).isLessThan(37.7);
    // A sampler that ignored the conditionals (uniform draws) is rejected by the same bound.
    double uniform = 0;
    for (int k = 0; k < counts.length; k++) {
      double expected = n * Math.exp(ll[k]);
      uniform += (n / 16.0 - expected) * (n / 16.0 - expected) / expected;
    }
    assertThat(uniform).isGreaterThan(37.7);
  }

  @Test
  void rejectsNonBinaryDataAndBadConfigs() {
    assertThatThrownBy(() -> Fixtures.build(new NadeModel(NadeConfig.DEFAULTS),
        new DataInfo(new long[] {1, 4, 4}, 0, 1, false, 0))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("set training.binarize");
    assertThatThrownBy(() -> new NadeConfig(0)).isInstanceOf(ConfigException.class)
        .hasMessage("hidden must be > 0, found 0");
    assertThat(NadeConfig.DEFAULTS.hidden()).isEqualTo(500);
  }

  @Test
  void hasThePeersParameterCount() {
    Fixtures.Built nade = Fixtures.build(new NadeModel(NadeConfig.DEFAULTS), new DataInfo(new long[] {1, 28, 28}, 0,
        1, true, 0));
    long count = nade.graph().parameters().stream().mapToLong(p -> nade.sd().getArrForVarName(p).length()).sum();
    // nade_peer.py: Linear(784, 500) for W and c, Linear(500, 784) for V and b.
    assertThat(count).isEqualTo(2L * 784 * 500 + 500 + 784).isEqualTo(785_284);
    // PyTorch's Linear default: U(-1/sqrt(fanIn), 1/sqrt(fanIn)).
    assertThat(nade.sd().getArrForVarName("nade/W").amaxNumber().doubleValue()).isLessThanOrEqualTo(1 / 28.0)
        .isGreaterThan(0.9 / 28);
    assertThat(nade.sd().getArrForVarName("nade/V").amaxNumber().doubleValue())
        .isLessThanOrEqualTo(1 / Math.sqrt(500)).isGreaterThan(0.9 / Math.sqrt(500));
  }

  private static AutoregressiveModel ar(TrainedModel model) {
    return model.model().as(AutoregressiveModel.class).orElseThrow();
  }

  private static Map<String, INDArray> copies(Map<String, INDArray> arrays) {
    Map<String, INDArray> out = new HashMap<>();
    arrays.forEach((k, v) -> out.put(k, v.dup()));
    return out;
  }

  /** NADE's weights, read from the graph, and its conditionals computed in plain Java, in double. */
  private record Weights(double[][] w, double[] c, double[][] v, double[] b) {
    static Weights of(SameDiff sd) {
      return new Weights(sd.getArrForVarName("nade/W").castTo(DataType.DOUBLE).toDoubleMatrix(),
          sd.getArrForVarName("nade/c").castTo(DataType.DOUBLE).toDoubleVector(),
          sd.getArrForVarName("nade/V").castTo(DataType.DOUBLE).toDoubleMatrix(),
          sd.getArrForVarName("nade/b").castTo(DataType.DOUBLE).toDoubleVector());
    }

    /** logit_d = b_d + sum_k V[d][k] sigmoid(c_k + sum_{j<d} W[k][j] x_j), each from scratch. */
    double[] logits(double[] x) {
      double[] out = new double[x.length];
      for (int d = 0; d < x.length; d++) {
        double logit = b[d];
        for (int k = 0; k < c.length; k++) {
          double a = c[k];
          for (int j = 0; j < d; j++) {
            a += w[k][j] * x[j];
          }
          logit += v[d][k] / (1 + Math.exp(-a));
        }
        out[d] = logit;
      }
      return out;
    }
  }

  /** A trained model whose {@link #model()} is not a {@link NadeModel}, so generation takes the generic path. */
  private record Disguised(TrainedModel inner) implements TrainedModel {
    @Override
    public Model model() {
      Model nade = inner.model();
      return new Model() {
        @Override
        public ModelGraph build(BuildContext context) {
          throw new UnsupportedOperationException();
        }

        @Override
        public <T> Optional<T> as(Class<T> capability) {
          return nade.as(capability);
        }
      };
    }

    @Override
    public ModelGraph graph() {
      return inner.graph();
    }

    @Override
    public Objectives objectives() {
      return inner.objectives();
    }

    @Override
    public DataInfo data() {
      return inner.data();
    }

    @Override
    public Map<String, INDArray> run(Map<String, INDArray> feeds, Collection<String> outputs) {
      return inner.run(feeds, outputs);
    }

    @Override
    public Map<String, INDArray> feeds(INDArray data, INDArray oneHotLabels, RandomSource noise) {
      return inner.feeds(data, oneHotLabels, noise);
    }

    @Override
    public int evaluationBatchSize() {
      return inner.evaluationBatchSize();
    }
  }
}
