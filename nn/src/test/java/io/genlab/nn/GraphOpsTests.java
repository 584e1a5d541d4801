package io.genlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/** The shared graph pieces: batch shapes and a softplus that does not overflow. */
class GraphOpsTests {

  @Test
  void anyBatchPrependsAFreeBatchAxis() {
    assertThat(GraphOps.anyBatch(1, 28, 28)).containsExactly(-1, 1, 28, 28);
    assertThat(GraphOps.anyBatch(2)).containsExactly(-1, 2);
  }

  @Test
  void softplusIsFiniteAndExactWhereTheNaiveFormOverflows() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.constant("x", Nd4j.createFromArray(-100f, -1f, 0f, 3f, 100f));
    float[] y = GraphOps.softplus(sd, x).eval().toFloatVector();
    // exp(-100) = 3.7e-44 is subnormal in float, which the native kernels may flush to zero.
    assertThat(y[0]).isBetween(0f, 1e-30f);
    assertThat(y[1]).isCloseTo((float) Math.log1p(Math.exp(-1)), within(1e-6f));
    assertThat(y[2]).isCloseTo((float) Math.log(2), within(1e-6f));
    assertThat(y[3]).isCloseTo((float) Math.log1p(Math.exp(3)), within(1e-5f));
    // log(1 + exp(100)) in float: exp(100) overflows, the stable form gives 100.
    assertThat(y[4]).isEqualTo(100f);
  }
}
