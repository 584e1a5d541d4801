package io.genlab.engine.exec.internal;

import io.genlab.engine.internal.FloatBuffers;
import io.genlab.engine.internal.VectorSupport;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The transcendental activations {@code sigmoid}, {@code softplus} and {@code exp} as chunked Java
 * loops: on the Vector API's lanes ({@link VectorMath}) where the JVM has the module, about ten times
 * faster than libnd4j's scalar loops (the VAE's Bernoulli loss spent 0.8 ms of a step in softplus and
 * sigmoid, the U-Net's SiLUs tens of ms), otherwise in scalar code ({@link FloatMath}) with the same
 * values, so results never depend on how the JVM was started.
 */
final class TranscendentalActivations implements Rewrite {
  private final boolean vectors = VectorSupport.available();

  @Override
  public Replacement apply(OpSite site) {
    String op = site.opName();
    if (!(op.equals("sigmoid") || op.equals("softplus") || op.equals("exp"))
        || site.inputCount() != 1 || site.outputCount() != 1) {
      return null;
    }
    INDArray x = site.input(0);
    INDArray out = site.output(0);
    if (x.dataType() != DataType.FLOAT || out.dataType() != DataType.FLOAT
        || !Arrays.equals(x.shape(), out.shape()) || !FloatBuffers.isContiguous(x) || !FloatBuffers.isContiguous(out)) {
      return null;
    }
    int n = Math.toIntExact(x.length());
    FloatBuffer xv = FloatBuffers.view(x);
    FloatBuffer ov = FloatBuffers.view(out);
    Parallel parallel = site.parallel();
    Chunked.Binary kernel = vectors ? vectorKernel(op) : scalarKernel(op);
    return Replacement.of(new KernelStep((vectors ? "vector " : "java ") + op + " '" + site.name() + "'",
        () -> Chunked.binary(xv, xv, ov, n, parallel, kernel)));
  }

  /** Kept apart so that {@link VectorMath}, and the module, load only when the module is there. */
  private static Chunked.Binary vectorKernel(String op) {
    return switch (op) {
      case "sigmoid" -> (a, unused, o, len) -> VectorMath.sigmoid(a, o, len);
      case "softplus" -> (a, unused, o, len) -> VectorMath.softplus(a, o, len);
      default -> (a, unused, o, len) -> VectorMath.exp(a, o, len);
    };
  }

  private static Chunked.Binary scalarKernel(String op) {
    return switch (op) {
      case "sigmoid" -> (a, unused, o, len) -> FloatMath.sigmoid(a, o, 0, len);
      case "softplus" -> (a, unused, o, len) -> FloatMath.softplus(a, o, 0, len);
      default -> (a, unused, o, len) -> FloatMath.exp(a, o, 0, len);
    };
  }
}
