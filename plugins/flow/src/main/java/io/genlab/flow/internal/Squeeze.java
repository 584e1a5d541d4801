package io.genlab.flow.internal;

import org.nd4j.autodiff.samediff.SDVariable;

/** Space-to-depth: each 2x2 block of a channel becomes 4 channels, [C, H, W] to [4C, H/2, W/2]; log-det 0. */
final class Squeeze implements FlowStep {
  private final long channels;
  private final long height;
  private final long width;

  Squeeze(long[] shape) {
    if (shape.length != 3 || shape[1] % 2 != 0 || shape[2] % 2 != 0) {
      throw new IllegalArgumentException("squeeze needs [C, H, W] with even H and W, found "
          + java.util.Arrays.toString(shape));
    }
    channels = shape[0];
    height = shape[1];
    width = shape[2];
  }

  @Override
  public long[] outputShape() {
    return new long[] {channels * 4, height / 2, width / 2};
  }

  @Override
  public Flowing forward(Flowing in) {
    SDVariable blocks = in.value().reshape(-1, channels, height / 2, 2, width / 2, 2);
    // [B, C, h, dy, w, dx] -> [B, C, dy, dx, h, w]: output channel c * 4 + dy * 2 + dx.
    SDVariable y = blocks.permute(0, 1, 3, 5, 2, 4).reshape(-1, channels * 4, height / 2, width / 2);
    return new Flowing(y, in.logDet());
  }

  @Override
  public SDVariable inverse(SDVariable y) {
    SDVariable blocks = y.reshape(-1, channels, 2, 2, height / 2, width / 2);
    return blocks.permute(0, 1, 4, 2, 5, 3).reshape(-1, channels, height, width);
  }
}
