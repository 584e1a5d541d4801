package io.genlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.RandomSource;
import io.genlab.api.RunningAverage;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Batch norm from primitives: batch statistics in training, running statistics in inference. */
class BatchNormTests {

  @Test
  void trainingModeNormalisesEachChannelOverBatchAndSpaceAndDeclaresItsRunningAverages() {
    SameDiff sd = SameDiff.create();
    Layers layers = new Layers(sd, RandomSource.seeded(1), Init.PYTORCH_DEFAULT);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 2, 3, 3);
    SDVariable y = layers.batchNorm("bn", x, 2, 4, "g");
    INDArray input = RandomSource.seeded(2).normal(4, 2, 3, 3).muli(3).addi(5);
    INDArray out = sd.output(Map.of("x", input), y.name()).get(y.name());
    for (int c = 0; c < 2; c++) {
      INDArray channel = out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
          org.nd4j.linalg.indexing.NDArrayIndex.point(c)).dup();
      assertThat(channel.meanNumber().doubleValue()).isCloseTo(0, within(1e-5));
      assertThat(channel.varNumber().doubleValue() * 35 / 36).isCloseTo(1, within(1e-3)); // biased variance
    }
    assertThat(layers.parameters()).containsExactly("bn/gamma", "bn/beta");
    assertThat(layers.runningAverages()).extracting(RunningAverage::stateVariable)
        .containsExactly("bn/running_mean", "bn/running_var");
    assertThat(layers.runningAverages()).allSatisfy(r -> {
      assertThat(r.parameterGroup()).isEqualTo("g");
      assertThat(r.momentum()).isEqualTo(0.1);
    });
    INDArray mean = sd.output(Map.of("x", input), layers.runningAverages().get(0).batchValue().name())
        .get(layers.runningAverages().get(0).batchValue().name());
    assertThat(mean.shape()).containsExactly(1, 2, 1, 1);
    assertThat(mean.getDouble(0, 1, 0, 0)).isCloseTo(
        input.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(1))
            .meanNumber().doubleValue(), within(1e-5));
  }

  @Test
  void inferenceModeUsesTheRunningStatisticsAndTheSharedScaleAndShift() {
    SameDiff sd = SameDiff.create();
    Layers layers = new Layers(sd, RandomSource.seeded(1), Init.PYTORCH_DEFAULT);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 2);
    layers.batchNorm("bn", x, 2, 2, "g");
    SDVariable inference = layers.applyBatchNormInference("bn", x);
    sd.getVariable("bn/running_mean").getArr().assign(Nd4j.createFromArray(new float[][] {{1, -2}}));
    sd.getVariable("bn/running_var").getArr().assign(Nd4j.createFromArray(new float[][] {{4, 0.25f}}));
    sd.getVariable("bn/gamma").getArr().assign(Nd4j.createFromArray(new float[][] {{2, 1}}));
    sd.getVariable("bn/beta").getArr().assign(Nd4j.createFromArray(new float[][] {{0.5f, 0}}));
    INDArray out = sd.output(Map.of("x", Nd4j.createFromArray(new float[][] {{3, -1}})), inference.name())
        .get(inference.name());
    // (3 - 1) / sqrt(4 + 1e-5) * 2 + 0.5 and (-1 + 2) / sqrt(0.25 + 1e-5)
    assertThat(out.getDouble(0, 0)).isCloseTo(2 / Math.sqrt(4 + 1e-5) * 2 + 0.5, within(1e-5));
    assertThat(out.getDouble(0, 1)).isCloseTo(1 / Math.sqrt(0.25 + 1e-5), within(1e-5));
  }
}
