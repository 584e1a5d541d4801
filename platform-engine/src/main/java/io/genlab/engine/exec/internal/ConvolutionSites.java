package io.genlab.engine.exec.internal;

import io.genlab.engine.internal.FloatBuffers;

/** What the convolution rewrites check of an op before taking it over. Stateless. */
final class ConvolutionSites {
  private ConvolutionSites() {}

  /**
   * Whether a {@code conv2d}/{@code deconv2d} family op's integer arguments ([kH, kW, sH, sW, pH, pW,
   * dH, dW, same mode, data format, weight format]) give unit dilation, explicit padding, NCHW and the
   * default weight layout: the configuration the rewrites were checked against.
   */
  static boolean plainLayout(long[] a) {
    return a.length >= 10 && a[6] == 1 && a[7] == 1 && a[8] == 0 && a[9] == 0 && (a.length == 10 || a[10] == 0);
  }

  /**
   * Whether the site is a {@code name} op with one output and two or three inputs (input, weights,
   * optional bias), {@link #plainLayout} and {@link #contiguousFloats}.
   */
  static boolean plainOp(OpSite site, String name) {
    return site.opName().equals(name) && site.outputCount() == 1 && (site.inputCount() == 2 || site.inputCount() == 3)
        && plainLayout(site.iArgs()) && contiguousFloats(site);
  }

  /** Whether every one of the op's inputs and outputs is a contiguous float array. */
  static boolean contiguousFloats(OpSite site) {
    for (int i = 0; i < site.inputCount(); i++) {
      if (!FloatBuffers.isContiguousFloat(site.input(i))) {
        return false;
      }
    }
    for (int i = 0; i < site.outputCount(); i++) {
      if (!FloatBuffers.isContiguousFloat(site.output(i))) {
        return false;
      }
    }
    return true;
  }
}
