package io.genlab.nn;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Small graph-building pieces the families share: the batch shape of placeholders and reshapes, and
 * an overflow-free softplus. Stateless and thread-safe; the graphs built into are not.
 *
 * @since 0.4
 */
@API(status = EXPERIMENTAL, since = "0.4")
public final class GraphOps {
  private GraphOps() {}

  /**
   * {@code [-1, ...perExampleShape]}: the shape of a placeholder or reshape over any batch size.
   *
   * @param perExampleShape the shape of one example, never {@code null}
   */
  public static long[] anyBatch(long... perExampleShape) {
    long[] out = new long[perExampleShape.length + 1];
    out[0] = -1;
    System.arraycopy(perExampleShape, 0, out, 1, perExampleShape.length);
    return out;
  }

  /**
   * {@code softplus(x) = log(1 + exp(x))} as {@code relu(x) + log1p(exp(-|x|))}: ND4J's own softplus
   * overflows in float for {@code x > 88}, this form never does.
   */
  public static SDVariable softplus(SameDiff sd, SDVariable x) {
    return sd.nn.relu(x, 0).add(sd.math.log1p(sd.math.exp(sd.math.abs(x).neg())));
  }
}
