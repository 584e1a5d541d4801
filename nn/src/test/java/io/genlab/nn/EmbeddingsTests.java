package io.genlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The sinusoidal timestep embedding is PyTorch's {@code timestep_embedding}: sines, then cosines. */
class EmbeddingsTests {

  @Test
  void sinesThenCosinesOfTheTimestepAtGeometricallySpacedFrequencies() {
    SameDiff sd = SameDiff.create();
    SDVariable t = sd.placeHolder("t", DataType.FLOAT, -1);
    SDVariable e = Embeddings.sinusoidal(sd, t, 8);
    INDArray out = sd.output(Map.of("t", Nd4j.createFromArray(0f, 1f, 999f)), e.name()).get(e.name());

    assertThat(out.shape()).containsExactly(3, 8);
    assertThat(out.dataType()).isEqualTo(DataType.FLOAT);
    // half = 4: frequencies exp(-ln(10000) * i / 4) = 1, 0.1, 0.01, 0.001
    double[] frequencies = {1, 0.1, 0.01, 0.001};
    double[] timesteps = {0, 1, 999};
    for (int b = 0; b < 3; b++) {
      for (int i = 0; i < 4; i++) {
        double argument = timesteps[b] * frequencies[i];
        // float arguments near 999 carry an absolute error of about 1e-4
        assertThat(out.getDouble(b, i)).as("sin row %d col %d", b, i).isCloseTo(Math.sin(argument), within(2e-4));
        assertThat(out.getDouble(b, i + 4)).as("cos row %d col %d", b, i).isCloseTo(Math.cos(argument), within(2e-4));
      }
    }
    assertThat(out.getRow(0).toDoubleVector()).containsExactly(0, 0, 0, 0, 1, 1, 1, 1);
  }

  @Test
  void followsTheTimestepsDataType() {
    SameDiff sd = SameDiff.create();
    SDVariable t = sd.var("t", Nd4j.createFromArray(3.0, 250.0));
    INDArray out = Embeddings.sinusoidal(sd, t, 6).eval();
    assertThat(out.dataType()).isEqualTo(DataType.DOUBLE);
    // half = 3: frequencies 1, 10000^(-1/3), 10000^(-2/3); checked to float precision, as computed
    assertThat(out.getDouble(1, 1)).isCloseTo(Math.sin(250 * Math.pow(10000, -1.0 / 3)), within(1e-5));
    assertThat(out.getDouble(1, 5)).isCloseTo(Math.cos(250 * Math.pow(10000, -2.0 / 3)), within(1e-5));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -2, 7})
  void widthMustBeEvenAndPositive(int dim) {
    SameDiff sd = SameDiff.create();
    SDVariable t = sd.placeHolder("t", DataType.FLOAT, -1);
    assertThatThrownBy(() -> Embeddings.sinusoidal(sd, t, dim))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("even").hasMessageContaining("" + dim);
  }
}
