package io.genlab.nn;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fixed (untrained) embeddings of scalars into vectors, built into a SameDiff graph.
 *
 * <p>Thread-safe; the graphs built into are not.
 *
 * @since 0.3
 */
@API(status = EXPERIMENTAL, since = "0.3")
public final class Embeddings {
  private static final double MAX_PERIOD = 10000.0;

  private Embeddings() {}

  /**
   * The sinusoidal timestep embedding of DDPM's U-Net and PyTorch's usual {@code timestep_embedding}:
   * for {@code half = dim / 2} frequencies {@code f_i = exp(-ln(10000) * i / half)}, {@code i = 0 ..
   * half - 1}, row {@code b} is {@code [sin(t_b f_0), ..., sin(t_b f_{half-1}), cos(t_b f_0), ...,
   * cos(t_b f_{half-1})]}.
   *
   * @param t the timesteps {@code [n]}, float or double; the embedding has {@code t}'s data type
   * @param dim the embedding width, even and positive
   * @return {@code [n, dim]}
   * @throws IllegalArgumentException if {@code dim} is odd or not positive
   */
  public static SDVariable sinusoidal(SameDiff sd, SDVariable t, int dim) {
    Objects.requireNonNull(sd, "sd");
    Objects.requireNonNull(t, "t");
    if (dim <= 0 || dim % 2 != 0) {
      throw new IllegalArgumentException("a sinusoidal embedding needs an even, positive width, got " + dim);
    }
    int half = dim / 2;
    // Computed in float as PyTorch does (float32 arange times the log, divided, exp), so the
    // frequencies are the peer's to the last bit or one ulp away.
    float[] frequencies = new float[half];
    float logPeriod = (float) -Math.log(MAX_PERIOD);
    for (int i = 0; i < half; i++) {
      frequencies[i] = (float) Math.exp(logPeriod * i / half);
    }
    INDArray row = Nd4j.createFromArray(frequencies).reshape(1, half);
    DataType type = t.dataType();
    SDVariable f = sd.constant(type == DataType.FLOAT ? row : row.castTo(type));
    SDVariable arguments = t.reshape(-1, 1).mul(f);
    return sd.concat(1, sd.math.sin(arguments), sd.math.cos(arguments));
  }
}
