package io.genlab.autoregressive.internal;

import io.genlab.api.RandomSource;
import io.genlab.nn.Init;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;

/**
 * Dense and convolution layers whose weights are multiplied by a constant mask before use, with
 * PyTorch's default initialisation (U(-1/sqrt(fanIn), 1/sqrt(fanIn)) for weights and biases, which is
 * kaiming-uniform with a = sqrt(5)). Masked-out weights stay trainable variables that receive zero
 * gradient, as in PyTorch's masked layers, so parameter counts agree. Not thread-safe.
 */
final class MaskedLayers {
  private static final Init INIT = Init.PYTORCH_DEFAULT;
  private final SameDiff sd;
  private final RandomSource init;
  private final List<String> parameters = new ArrayList<>();
  private final boolean reuse;

  MaskedLayers(SameDiff sd, RandomSource init) {
    this(sd, init, false);
  }

  private MaskedLayers(SameDiff sd, RandomSource init, boolean reuse) {
    this.sd = sd;
    this.init = init;
    this.reuse = reuse;
  }

  /**
   * Layers that apply the variables this object created instead of creating them, so the same network
   * can run on another input (a sampling window) with the same weights.
   */
  MaskedLayers reusing() {
    return new MaskedLayers(sd, init, true);
  }

  /** Whether this object applies existing variables (see {@link #reusing()}). */
  boolean reuses() {
    return reuse;
  }

  SameDiff sameDiff() {
    return sd;
  }

  /** The trainable variables created so far, in creation order. */
  List<String> parameters() {
    return List.copyOf(parameters);
  }

  /** {@code x (W * mask) + b} for {@code x} {@code [B, in]}; a {@code null} mask means no mask. */
  SDVariable dense(String name, SDVariable x, long in, long out, SDVariable mask, boolean bias) {
    SDVariable w = variable(name + "/W", () -> INIT.weights(init.derive(name + "/W"), in, out, in, out));
    SDVariable y = x.mmul(mask == null ? w : w.mul(mask));
    return bias ? y.add(variable(name + "/b", () -> INIT.biases(init.derive(name + "/b"), in, out))) : y;
  }

  /**
   * A stride-1 convolution over NCHW input that keeps the spatial size (padding {@code kernel / 2});
   * weights {@code [k, k, in, out]} multiplied by {@code mask} of the same shape ({@code null}: none).
   */
  SDVariable conv(String name, SDVariable x, long in, long out, int kernel, SDVariable mask) {
    return conv(name, x, in, out, kernel, kernel, mask);
  }

  /**
   * A stride-1 {@code kernelHeight x kernelWidth} convolution (both odd) that keeps the spatial size;
   * weights {@code [kh, kw, in, out]} multiplied by {@code mask} of the same shape ({@code null}: none).
   */
  SDVariable conv(String name, SDVariable x, long in, long out, int kernelHeight, int kernelWidth, SDVariable mask) {
    long area = (long) kernelHeight * kernelWidth;
    long fanIn = in * area;
    SDVariable w = variable(name + "/W",
        () -> INIT.weights(init.derive(name + "/W"), fanIn, out * area, kernelHeight, kernelWidth, in, out));
    SDVariable b = variable(name + "/b", () -> INIT.biases(init.derive(name + "/b"), fanIn, out));
    Conv2DConfig config = Conv2DConfig.builder().kH(kernelHeight).kW(kernelWidth).sH(1).sW(1)
        .pH(kernelHeight / 2).pW(kernelWidth / 2).dataFormat(Conv2DConfig.NCHW).build();
    return sd.cnn.conv2d(x, mask == null ? w : w.mul(mask), b, config);
  }

  /**
   * The weights {@code [kh, kw, in, out]} of a convolution, initialised as {@link #conv}'s, times {@code mask}
   * unless it is {@code null}: for a kernel applied many times (a recurrence), masked once.
   */
  SDVariable kernel(String name, long in, long out, int kernelHeight, int kernelWidth, SDVariable mask) {
    long area = (long) kernelHeight * kernelWidth;
    SDVariable w = variable(name + "/W",
        () -> INIT.weights(init.derive(name + "/W"), in * area, out * area, kernelHeight, kernelWidth, in, out));
    return mask == null ? w : w.mul(mask);
  }

  /** The bias {@code [out]} of a layer with fan-in {@code fanIn}, initialised as {@link #conv}'s. */
  SDVariable bias(String name, long fanIn, long out) {
    return variable(name + "/b", () -> INIT.biases(init.derive(name + "/b"), fanIn, out));
  }

  private SDVariable variable(String name, java.util.function.Supplier<org.nd4j.linalg.api.ndarray.INDArray> value) {
    if (reuse) {
      if (!sd.hasVariable(name)) {
        throw new IllegalArgumentException("no variable named '" + name + "' to reuse");
      }
      return sd.getVariable(name);
    }
    if (sd.hasVariable(name)) {
      throw new IllegalArgumentException("a variable named '" + name + "' already exists in the graph");
    }
    parameters.add(name);
    return sd.var(name, value.get());
  }
}
