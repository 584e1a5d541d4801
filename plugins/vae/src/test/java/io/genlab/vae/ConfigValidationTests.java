package io.genlab.vae;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Config records reject bad values with messages naming field, value and rule. */
class ConfigValidationTests {

  @Test
  void latentDimMustBePositive() {
    assertThatThrownBy(() -> new MlpVaeConfig(List.of(400), -3, Likelihood.BERNOULLI, 1.0))
        .isInstanceOf(ConfigException.class).hasMessage("latentDim must be > 0, found -3");
  }

  @Test
  void hiddenSizesMustBePositive() {
    assertThatThrownBy(() -> new MlpVaeConfig(List.of(400, 0), 20, Likelihood.BERNOULLI, 1.0))
        .hasMessage("hiddenSizes[1] must be > 0, found 0 in [400, 0]");
  }

  @Test
  void convVaeNeedsTwoChannelWidths() {
    assertThatThrownBy(() -> new ConvVaeConfig(List.of(32), 256, 16, Likelihood.BERNOULLI, 1.0))
        .hasMessage("channels must list exactly 2 widths, found [32]");
  }

  @Test
  void reconstructionErrorIsOneOfTheKnownKinds() {
    assertThatThrownBy(() -> new ReconstructionConfig("l1"))
        .hasMessage("error must be one of [mse, likelihood], found 'l1'");
  }

  @Test
  void betaMustBeNonNegative() {
    assertThatThrownBy(() -> new ElboConfig(-1)).hasMessage("beta must be >= 0 and finite, found -1.0");
  }

  @Test
  void vqVaeTakesOneToThreeChannelWidths() {
    assertThatThrownBy(() -> new VqVaeConfig(List.of(8, 8, 8, 8), 1, 16, 128, Likelihood.BERNOULLI, 1.0, "data"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("channels must list 1 to 3 widths (one per halving of the sides), found [8, 8, 8, 8]");
  }

  @Test
  void vqVaeNeedsAtLeastTwoCodebookVectors() {
    assertThatThrownBy(() -> new VqVaeConfig(List.of(32, 64), 1, 16, 1, Likelihood.BERNOULLI, 1.0, "data"))
        .hasMessage("codebookSize must be in [2, 65536], found 1");
  }

  @Test
  void vqVaeCodebookInitIsDataOrUniform() {
    assertThatThrownBy(() -> new VqVaeConfig(List.of(32, 64), 1, 16, 128, Likelihood.BERNOULLI, 1.0, "kmeans"))
        .hasMessage("codebookInit must be one of [data, uniform], found 'kmeans'");
  }

  @Test
  void vqLossCommitmentWeightIsNonNegativeAndItsErrorKnown() {
    assertThatThrownBy(() -> new VqConfig(-0.25, "likelihood")).hasMessage("beta must be >= 0 and finite, found -0.25");
    assertThatThrownBy(() -> new VqConfig(0.25, "l1")).hasMessage("error must be one of [likelihood, mse], found 'l1'");
  }

  @Test
  void klAutoencoderNeedsLatentChannels() {
    assertThatThrownBy(() -> new KlAutoencoderConfig(List.of(32, 64), 1, 0, Likelihood.BERNOULLI, 1.0))
        .hasMessage("latentChannels must be > 0, found 0");
  }

  @Test
  void firstStageSamplerAndMetricConfigsRefuseBadValues() {
    assertThatThrownBy(() -> new FirstStageConfigs.Reconstructions(8, 0)).hasMessage("columns must be in [1, 1000], found 0");
    assertThatThrownBy(() -> new FirstStageConfigs.RandomCodes(0)).hasMessageContaining("count must be > 0, found 0");
    assertThatThrownBy(() -> new FirstStageConfigs.CodebookUsage(-1)).hasMessage("limit must be >= 0, found -1");
  }
}
