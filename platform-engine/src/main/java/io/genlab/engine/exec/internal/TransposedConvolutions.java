package io.genlab.engine.exec.internal;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A transposed convolution ({@code deconv2d}, NCHW, weights [kH, kW, out, in]) as what it is, the
 * input gradient of the convolution it transposes: libnd4j's {@code deconv2d_tf} (TensorFlow's
 * Conv2DBackpropInput) on the same weight array, which reaches oneDNN's backward-data convolution,
 * then the bias added per channel. libnd4j's own {@code deconv2d} forward took 11.6-18 ms for DCGAN's
 * 128 -> 64 layer at batch 64 and 12.5-29 ms for the U-Net's 32 -> 32 one; this way 5.2-6.1 and 3.4 ms
 * (one thread), with the same values. Few-channel ones stay with {@link FewChannelConvolutions}.
 * Stateless.
 */
final class TransposedConvolutions implements Rewrite {

  @Override
  public Replacement apply(OpSite site) {
    if (!ConvolutionSites.plainOp(site, "deconv2d")) {
      return null;
    }
    long[] a = site.iArgs();
    INDArray x = site.input(0);
    INDArray w = site.input(1);
    INDArray bias = site.inputCount() == 3 ? site.input(2) : null;
    INDArray out = site.output(0);
    long channels = out.size(1);
    if (x.rank() != 4 || w.rank() != 4 || out.rank() != 4 || w.size(2) != channels || w.size(3) != x.size(1)
        || bias != null && bias.length() != channels) {
      return null;
    }
    // Square images only: for a 5x6 grid deconv2d_tf's values differ from deconv2d's (measured; the
    // cause is not known), while every square case tried agrees bit for bit.
    if (x.size(2) != x.size(3) || out.size(2) != out.size(3) || a[0] != a[1] || a[2] != a[3] || a[4] != a[5]) {
      return null;
    }
    List<PlanStep> steps = new ArrayList<>();
    steps.add(NativeSteps.convolutionInputGradient(x, w, out, a, site.name()));
    if (bias != null) {
      steps.add(NativeSteps.add(out, bias.reshape(1, channels, 1, 1), out, site.name() + "/bias"));
    }
    return Replacement.of(NativeSteps.sequence("deconv2d_tf '" + site.name() + "' " + x.size(1) + " -> " + channels
        + " channels", steps.toArray(PlanStep[]::new)));
  }
}
