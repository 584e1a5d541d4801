package io.genlab.engine.exec.internal;

import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/**
 * Gradient ops computing an output that nothing reads, as the op for the outputs that are read:
 * SameDiff's gradient of a matrix product always computes both operands' gradients, and that of a
 * convolution its input's and weights', where autograd computes only those that are needed. A
 * {@code matmul_bp} whose input gradient is unread (the first layer, whose input is data; a latent
 * code) becomes one {@code matmul} for the weight gradient, and the other way round (a network held
 * fixed while another trains through it); a {@code conv2d_bp} whose weight and bias gradients are
 * unread becomes {@code deconv2d_tf} (TensorFlow's Conv2DBackpropInput, oneDNN's backward-data
 * convolution) for the input gradient. Both stay with libnd4j's oneDNN kernels. Stateless.
 */
final class UnreadGradients implements Rewrite {

  @Override
  public Replacement apply(OpSite site) {
    if (!ConvolutionSites.contiguousFloats(site)) {
      return null;
    }
    return switch (site.opName()) {
      case "matmul_bp" -> matmulGradient(site);
      case "conv2d_bp" -> convolutionInputGradient(site);
      default -> null;
    };
  }

  /** {@code matmul_bp(a, b, g)} without transposes: {@code da = g b^T}, {@code db = a^T g}. */
  private static Replacement matmulGradient(OpSite site) {
    long[] a = site.iArgs();
    if (site.inputCount() != 3 || site.outputCount() != 2 || site.input(0).rank() != 2 || site.input(1).rank() != 2
        || site.tArgs().length != 0 && (site.tArgs()[0] != 1.0 || site.tArgs().length > 1 && site.tArgs()[1] != 0.0)) {
      return null;
    }
    for (long arg : a) {
      if (arg != 0) {
        return null;
      }
    }
    boolean inputGradientRead = site.outputRead(0);
    boolean weightGradientRead = site.outputRead(1);
    if (inputGradientRead == weightGradientRead) {
      return null;
    }
    INDArray x = site.input(0);
    INDArray w = site.input(1);
    INDArray g = site.input(2);
    DynamicCustomOp product = inputGradientRead
        ? DynamicCustomOp.builder("matmul").addInputs(g, w).addOutputs(site.output(0)).addIntegerArguments(0, 1, 0).build()
        : DynamicCustomOp.builder("matmul").addInputs(x, g).addOutputs(site.output(1)).addIntegerArguments(1, 0, 0).build();
    return Replacement.leaving(NativeSteps.custom(product, site.name() + (inputGradientRead ? "/input" : "/weights")),
        Set.of(site.outputName(inputGradientRead ? 1 : 0)));
  }

  /** {@code conv2d_bp(x, w[, b], g)} whose weight and bias gradients are unread: the input gradient alone. */
  private static Replacement convolutionInputGradient(OpSite site) {
    if (!ConvolutionSites.plainLayout(site.iArgs()) || site.inputCount() < 3 || site.inputCount() > 4
        || site.outputCount() != site.inputCount() - 1) {
      return null;
    }
    if (site.anyOutputRead(1)) {
      return null;
    }
    long[] a = site.iArgs();
    INDArray x = site.input(0);
    INDArray w = site.input(1);
    INDArray g = site.input(site.inputCount() - 1);
    INDArray dx = site.output(0);
    // Square grids only, as TransposedConvolutions (deconv2d_tf disagreed with deconv2d on a 5x6 one).
    if (x.rank() != 4 || w.rank() != 4 || x.size(2) != x.size(3) || a[0] != a[1] || a[2] != a[3] || a[4] != a[5]) {
      return null;
    }
    return Replacement.leaving(NativeSteps.convolutionInputGradient(g, w, dx, a, site.name() + "/input"),
        site.outputNames(1));
  }
}
