package io.genlab.flow.internal;

import io.genlab.nn.Layers;
import io.genlab.nn.Activation;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The network that computes a coupling's log-scale (before tanh) and translation from the masked input.
 * Its weights are created on the first application; later applications (the sampling graph) share them.
 */
interface Conditioner {

  /** Returns {@code [rawLogScale, translation]}, each shaped like {@code maskedInput}. */
  SDVariable[] apply(SDVariable maskedInput);

  /** An MLP with ReLU hidden layers and two linear heads, for vectors of {@code dimension} values. */
  static Conditioner mlp(Layers parameters, String name, long dimension, List<Integer> hidden) {
    return x -> {
      SDVariable h = x;
      long width = dimension;
      for (int i = 0; i < hidden.size(); i++) {
        h = parameters.sameDiff().nn.relu(parameters.dense(name + "/fc" + i, h, width, hidden.get(i), Activation.IDENTITY), 0);
        width = hidden.get(i);
      }
      return new SDVariable[] {parameters.dense(name + "/s", h, width, dimension, Activation.IDENTITY),
          parameters.dense(name + "/t", h, width, dimension, Activation.IDENTITY)};
    };
  }

  /**
   * A small residual conv net: a 3x3 convolution to {@code width} channels and ReLU, {@code blocks}
   * residual blocks (conv, ReLU, conv, add, ReLU), and two 3x3 heads back to {@code channels}.
   */
  static Conditioner resnet(Layers parameters, String name, long channels, int width, int blocks) {
    return x -> {
      var nn = parameters.sameDiff().nn;
      SDVariable h = nn.relu(parameters.conv2d(name + "/in", x, channels, width, 3, 1, 1, Activation.IDENTITY), 0);
      for (int b = 0; b < blocks; b++) {
        SDVariable r = nn.relu(parameters.conv2d(name + "/block" + b + "/conv0", h, width, width, 3, 1, 1, Activation.IDENTITY), 0);
        r = parameters.conv2d(name + "/block" + b + "/conv1", r, width, width, 3, 1, 1, Activation.IDENTITY);
        h = nn.relu(h.add(r), 0);
      }
      return new SDVariable[] {parameters.conv2d(name + "/s", h, width, channels, 3, 1, 1, Activation.IDENTITY),
          parameters.conv2d(name + "/t", h, width, channels, 3, 1, 1, Activation.IDENTITY)};
    };
  }
}
