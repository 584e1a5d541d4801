package io.genlab.autoregressive.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.DataInfo;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.MadeConfig;
import io.genlab.autoregressive.PixelCnnConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Exact log-likelihoods: the graph formulas against hand computations, and normalisation of whole
 * models (the probabilities of every possible example sum to 1).
 */
class LikelihoodTests {

  @Test
  void bernoulliLogLikelihoodMatchesTheHandComputation() {
    SameDiff sd = SameDiff.create();
    float[] logits = {2.0f, -1.5f, 0.25f, 100f, -100f};
    float[] x = {1, 0, 0, 1, 0};
    SDVariable ll = Likelihoods.bernoulli(sd, sd.constant(Nd4j.create(x, 1, 5)), sd.constant(Nd4j.create(logits, 1, 5)),
        5);
    double expected = 0;
    for (int i = 0; i < x.length; i++) {
      double p = 1 / (1 + Math.exp(-logits[i]));
      expected += x[i] == 1 ? Math.log(p) : Math.log1p(-p);
    }
    assertThat(ll.eval().getDouble(0)).isCloseTo(expected, within(1e-5));
    assertThat(ll.eval().getDouble(0)).isFinite();
  }

  @Test
  void categoricalLogLikelihoodMatchesTheHandComputation() {
    SameDiff sd = SameDiff.create();
    // [B=1, L=3, D=2]: dimension 0 has logits (1, 2, 3) and level 2; dimension 1 (0, -1, 5) and level 1.
    INDArray logits = Nd4j.create(new float[] {1, 0, 2, -1, 3, 5}, new long[] {1, 3, 2}, 'c');
    INDArray levels = Nd4j.create(new float[] {2, 1}, 1, 2);
    SDVariable ll = Likelihoods.categorical(sd, sd.constant(levels), sd.constant(logits), 3, 2);
    double expected = 3 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3))
        + (-1 - Math.log(Math.exp(0) + Math.exp(-1) + Math.exp(5)));
    assertThat(ll.eval().getDouble(0)).isCloseTo(expected, within(1e-5));
  }

  @Test
  void madeIsNormalisedOverAllBinaryVectorsInEveryOrdering() {
    int d = 6;
    Fixtures.Built made = Fixtures.build(new MadeModel(new MadeConfig(List.of(16, 16), 3, true, true, 4)),
        new DataInfo(new long[] {d}, 0, 1, true, 0));
    INDArray all = Fixtures.allConfigurations(d, 2);
    for (int set = 0; set < 3; set++) {
      INDArray ll = made.output(AutoregressiveModel.LOG_LIKELIHOOD, all, set);
      assertThat(ll.shape()).containsExactly(64);
      assertThat(Fixtures.sumExp(ll)).as("set %d", set).isCloseTo(1.0, within(1e-4));
    }
  }

  @Test
  void bernoulliPixelCnnIsNormalisedOverAllBinaryImages() {
    Fixtures.Built pixelCnn = Fixtures.build(new PixelCnnModel(new PixelCnnConfig(8, 2, 3, 3, 8,
        PixelCnnConfig.Output.AUTO, 256, false, PixelCnnConfig.Blocks.RESIDUAL)),
        new DataInfo(new long[] {1, 3, 3}, 0, 1, true, 0));
    INDArray ll = pixelCnn.output(AutoregressiveModel.LOG_LIKELIHOOD, Fixtures.allConfigurations(9, 2), 0);
    assertThat(Fixtures.sumExp(ll)).isCloseTo(1.0, within(1e-4));
  }

  @Test
  void gatedBernoulliPixelCnnIsNormalisedOverAllBinaryImages() {
    Fixtures.Built pixelCnn = Fixtures.build(new PixelCnnModel(new PixelCnnConfig(8, 2, 3, 3, 8,
        PixelCnnConfig.Output.AUTO, 256, false, PixelCnnConfig.Blocks.GATED)),
        new DataInfo(new long[] {1, 3, 3}, 0, 1, true, 0));
    INDArray ll = pixelCnn.output(AutoregressiveModel.LOG_LIKELIHOOD, Fixtures.allConfigurations(9, 2), 0);
    assertThat(ll.length()).isEqualTo(512);
    assertThat(Fixtures.sumExp(ll)).isCloseTo(1.0, within(1e-4));
  }

  @Test
  void categoricalPixelCnnIsNormalisedOverAllImagesOfFourLevels() {
    Fixtures.Built pixelCnn = Fixtures.build(new PixelCnnModel(new PixelCnnConfig(8, 1, 3, 3, 8,
        PixelCnnConfig.Output.CATEGORICAL, 4, false, PixelCnnConfig.Blocks.RESIDUAL)),
        new DataInfo(new long[] {1, 2, 3}, 0, 1, false, 0));
    INDArray ll = pixelCnn.output(AutoregressiveModel.LOG_LIKELIHOOD, Fixtures.allConfigurations(6, 4), 0);
    assertThat(ll.length()).isEqualTo(4096);
    assertThat(Fixtures.sumExp(ll)).isCloseTo(1.0, within(1e-3));
  }

  @Test
  void the256LevelsOfOnePixelSumToOne() {
    Fixtures.Built pixelCnn = Fixtures.build(new PixelCnnModel(new PixelCnnConfig(8, 1, 3, 3, 8,
        PixelCnnConfig.Output.AUTO, 256, false, PixelCnnConfig.Blocks.RESIDUAL)),
        new DataInfo(new long[] {1, 1, 1}, 0, 1, false, 0));
    INDArray ll = pixelCnn.output(AutoregressiveModel.LOG_LIKELIHOOD, Fixtures.allConfigurations(1, 256), 0);
    assertThat(ll.length()).isEqualTo(256);
    assertThat(Fixtures.sumExp(ll)).isCloseTo(1.0, within(1e-4));
    // Level k is the value k / 255 and back.
    assertThat(pixelCnn.ar().levels()).isEqualTo(256);
    assertThat(pixelCnn.ar().dataValue(51)).isCloseTo(0.2, within(1e-12));
    assertThat(pixelCnn.ar().toLevels(Nd4j.create(new float[] {0f, 51f / 255, 1f}, 3)).toFloatVector())
        .containsExactly(0f, 51f, 255f);
  }

  @Test
  void defaultPixelCnnHasThePyTorchPeersParameterCount() {
    Fixtures.Built pixelCnn = Fixtures.build(new PixelCnnModel(PixelCnnConfig.DEFAULTS),
        new DataInfo(new long[] {1, 28, 28}, 0, 1, true, 0));
    long count = pixelCnn.graph().parameters().stream()
        .mapToLong(p -> pixelCnn.sd().getArrForVarName(p).length()).sum();
    // torch_peer.PixelCnn: masked conv A 1->64 7x7 (1*64*49 + 64), 5 masked B 64->64 3x3 (5 * (64*64*9 + 64)),
    // 1x1 64->64 (64*64 + 64), 1x1 64->1 (64 + 1); masks are buffers, not parameters.
    assertThat(count).isEqualTo(1 * 64 * 49 + 64 + 5 * (64 * 64 * 9 + 64) + 64 * 64 + 64 + 64 + 1).isEqualTo(192_065);
    assertThat(pixelCnn.ar().levels()).isEqualTo(2);
    INDArray logits = pixelCnn.output(AutoregressiveModel.LOGITS, Nd4j.zeros(DataType.FLOAT, 2, 784), 0);
    assertThat(logits.shape()).containsExactly(2, 784);
  }

  @Test
  void pixelCnnFirstLayerWeightsFollowPyTorchsDefaultBound() {
    Fixtures.Built pixelCnn = Fixtures.build(new PixelCnnModel(PixelCnnConfig.DEFAULTS),
        new DataInfo(new long[] {1, 28, 28}, 0, 1, true, 0));
    INDArray w = pixelCnn.sd().getArrForVarName("pixelcnn/in/W");
    assertThat(w.shape()).containsExactly(7, 7, 1, 64);
    // kaiming_uniform(a = sqrt(5)) on fan-in 49: U(-1/7, 1/7).
    assertThat(w.amaxNumber().doubleValue()).isLessThanOrEqualTo(1.0 / 7).isGreaterThan(0.9 / 7);
  }
}
