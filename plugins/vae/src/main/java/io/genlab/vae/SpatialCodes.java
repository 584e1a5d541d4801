package io.genlab.vae;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;
import java.util.List;

/** Validation shared by the configs of the models with a spatial code. */
final class SpatialCodes {
  private SpatialCodes() {}

  /** The stride-2 convolution widths: 1 to 3 positive widths. */
  static List<Integer> checkChannels(List<Integer> channels) {
    List<Integer> checked = Check.widths("channels", channels);
    if (checked.isEmpty() || checked.size() > 3) {
      throw new ConfigException("channels", "channels must list 1 to 3 widths (one per halving of the sides), found "
          + checked);
    }
    return checked;
  }
}
