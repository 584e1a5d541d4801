package io.genlab.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Did-you-mean suggestions, including for hostile, very long input. */
class SuggestionsTests {
  @Test
  void suggestsCloseNames() {
    assertThat(Suggestions.hint("latentdim", List.of("latentDim", "hiddenSizes")))
        .isEqualTo("did you mean 'latentDim'? allowed: [hiddenSizes, latentDim]");
    assertThat(Suggestions.distance("ab", "ba")).isEqualTo(1);
  }

  @Test
  @Timeout(2)
  void aHugeKeyIsNotCompared() {
    String huge = "x".repeat(100_000);
    assertThat(Suggestions.closest(huge, List.of("latentDim"))).isEmpty();
    assertThat(Suggestions.distance(huge, huge)).isEqualTo(100_000);
    assertThat(Suggestions.hint(huge, List.of("latentDim"))).isEqualTo("allowed: [latentDim]");
  }
}
