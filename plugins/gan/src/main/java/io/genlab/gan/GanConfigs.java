package io.genlab.gan;

import io.genlab.api.Check;
import io.genlab.api.ConfigException;

/** Validation shared by the model configs. */
final class GanConfigs {
  private GanConfigs() {}

  /** InfoGAN needs a code; other conditionings must not declare one. */
  static void checkCodes(GanModel.Conditioning conditioning, int categoricalCode, int continuousCode) {
    Check.nonNegative("categoricalCode", categoricalCode);
    Check.nonNegative("continuousCode", continuousCode);
    if (categoricalCode == 1) {
      throw new ConfigException("categoricalCode", "categoricalCode must be 0 (none) or at least 2, found 1");
    }
    boolean info = conditioning == GanModel.Conditioning.INFOGAN;
    if (info && categoricalCode + continuousCode == 0) {
      throw new ConfigException("categoricalCode",
          "conditioning infogan needs a code: set categoricalCode >= 2 or continuousCode >= 1, found 0 and 0");
    }
    if (!info && categoricalCode + continuousCode > 0) {
      throw new ConfigException(categoricalCode > 0 ? "categoricalCode" : "continuousCode", "codes are InfoGAN's: "
          + "conditioning " + conditioning.name().toLowerCase(java.util.Locale.ROOT) + " takes categoricalCode 0 and "
          + "continuousCode 0, found " + categoricalCode + " and " + continuousCode);
    }
  }
}
