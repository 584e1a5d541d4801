package io.genlab.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PredictionTests {
  private static final double ALPHA_BAR = 0.36;
  private final INDArray x0 = Nd4j.createFromArray(0.5, -1.0, 0.25);
  private final INDArray eps = Nd4j.createFromArray(1.0, 0.3, -2.0);
  /** x_t = 0.6 x0 + 0.8 eps. */
  private final INDArray xt = x0.mul(0.6).add(eps.mul(0.8));

  @Test
  void everyParameterisationRecoversTheCleanInputAndTheNoise() {
    INDArray v = eps.mul(0.6).sub(x0.mul(0.8));
    INDArray[] outputs = {eps, x0, v};
    Prediction[] kinds = {Prediction.EPS, Prediction.X0, Prediction.V};
    for (int k = 0; k < 3; k++) {
      INDArray recoveredX0 = kinds[k].x0(xt, outputs[k], ALPHA_BAR);
      INDArray recoveredEps = kinds[k].eps(xt, outputs[k], ALPHA_BAR);
      for (int i = 0; i < 3; i++) {
        assertThat(recoveredX0.getDouble(i)).as("%s x0[%d]", kinds[k], i).isCloseTo(x0.getDouble(i), within(1e-12));
        assertThat(recoveredEps.getDouble(i)).as("%s eps[%d]", kinds[k], i).isCloseTo(eps.getDouble(i), within(1e-12));
      }
    }
  }
}
