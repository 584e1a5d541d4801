package io.genlab.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ConfigException;
import org.junit.jupiter.api.Test;

/** The disentanglement metrics' configs: disentanglement_lib's defaults, bad values refused by name. */
class DisentanglementConfigsTests {

  @Test
  void defaultsAreDisentanglementLibs() {
    assertThat(DisentanglementConfigs.BetaVaeScore.DEFAULTS).isEqualTo(new DisentanglementConfigs.BetaVaeScore(64, 10_000, 5_000));
    assertThat(DisentanglementConfigs.FactorVaeScore.DEFAULTS)
        .isEqualTo(new DisentanglementConfigs.FactorVaeScore(64, 10_000, 5_000, 10_000, 0.05));
    assertThat(DisentanglementConfigs.Mig.DEFAULTS.bins()).isEqualTo(20);
  }

  @Test
  void badValuesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> new DisentanglementConfigs.BetaVaeScore(0, 10, 10))
        .isInstanceOf(ConfigException.class).hasMessage("batchSize must be in [1, 10000], found 0");
    assertThatThrownBy(() -> new DisentanglementConfigs.FactorVaeScore(64, 10, 10, 1, 0.05))
        .hasMessage("varianceExamples must be in [2, 100000], found 1");
    assertThatThrownBy(() -> new DisentanglementConfigs.FactorVaeScore(64, 10, 10, 100, -1))
        .hasMessage("pruneThreshold must be >= 0 and finite, found -1.0");
    assertThatThrownBy(() -> new DisentanglementConfigs.Mig(1, 0)).hasMessage("bins must be in [2, 1000], found 1");
    assertThatThrownBy(() -> new DisentanglementConfigs.Dci(10, 0, 0, 0)).hasMessage("maxDepth must be in [1, 32], found 0");
    assertThatThrownBy(() -> new DisentanglementConfigs.Dci(10, 8, -1, 0)).hasMessage("trainLimit must be >= 0, found -1");
  }
}
