package io.genlab.flow.internal;

import io.genlab.nn.Layers;
import io.genlab.nn.Init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.RandomSource;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The invertible 1x1 convolution's LU log-determinant equals H * W * log|det W| from a direct determinant. */
class InvertibleConvolutionTests {

  @Test
  void luLogDeterminantEqualsTheDirectDeterminantTimesPositions() {
    long[] shape = {6, 3, 5};
    SameDiff sd = SameDiff.create();
    Layers parameters = new Layers(sd, RandomSource.seeded(3), Init.PYTORCH_DEFAULT, DataType.DOUBLE).createOrReuse();
    ChannelMixing invconv = ChannelMixing.invertible(parameters, "w", shape);
    SDVariable x = FlowPlaceholders.placeholder(parameters, "x", shape);
    SDVariable logDet = sd.identity("log_det", invconv.forward(new FlowStep.Flowing(x, null)).logDet());
    FlowGraphs.perturb(sd, parameters.parameters(), RandomSource.seeded(4), 0.3);

    INDArray input = RandomSource.seeded(5).normal(2, 6, 3, 5).castTo(DataType.DOUBLE);
    Map<String, INDArray> out = sd.output(Map.of("x", input), "log_det", invconv.weightName());
    double[][] weight = out.get(invconv.weightName()).toDoubleMatrix();
    double determinant = new LUDecomposition(new Array2DRowRealMatrix(weight)).getDeterminant();
    assertThat(Math.abs(determinant)).as("perturbed away from a rotation").isNotCloseTo(1, within(1e-2));
    assertThat(out.get("log_det").getDouble(0)).isCloseTo(15 * Math.log(Math.abs(determinant)), within(1e-9));
  }

  @Test
  void initialWeightIsARotation() {
    ChannelMixing.Lu lu = ChannelMixing.Lu.ofRandomRotation(5, RandomSource.seeded(8));
    SameDiff sd = SameDiff.create();
    ChannelMixing invconv = ChannelMixing.invertible(new Layers(sd, RandomSource.seeded(8), Init.PYTORCH_DEFAULT, DataType.DOUBLE).createOrReuse(),
        "w", new long[] {5});
    double[][] w = sd.output(Map.of(), invconv.weightName()).get(invconv.weightName()).toDoubleMatrix();
    var matrix = new Array2DRowRealMatrix(w);
    var product = matrix.multiply(matrix.transpose());
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        assertThat(product.getEntry(i, j)).isCloseTo(i == j ? 1 : 0, within(1e-5));
      }
    }
    assertThat(lu.logAbsS().length()).isEqualTo(5);
  }
}
