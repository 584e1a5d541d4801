package io.genlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Known factors: validated on creation, carried by every copy of a split, absent from older constructors. */
class ExampleFactorsTests {
  private static final DataInfo INFO = new DataInfo(new long[] {2}, 0, 1, false, 0);
  /** Three examples of two factors: (0, 2), (1, 0), (1, 1). */
  private static final ExampleFactors FACTORS = new ExampleFactors(List.of("shape", "x"), new int[] {2, 3},
      new int[] {0, 2, 1, 0, 1, 1}, 3);

  @Test
  void theFourArgumentConstructorMakesExamplesWithoutFactors() {
    assertThat(new Examples(INFO, new float[4], null, 2).factors()).isNull();
  }

  @Test
  void headSelectAndWithFactorsCarryTheFactors() {
    Examples e = new Examples(INFO, new float[] {0, 0, 1, 1, 2, 2}, null, 3, FACTORS);
    assertThat(e.head(2).factors()).isEqualTo(new ExampleFactors(List.of("shape", "x"), new int[] {2, 3},
        new int[] {0, 2, 1, 0}, 2));
    Examples picked = e.select(new int[] {2, 0, 2});
    assertThat(picked.values()).containsExactly(2, 2, 0, 0, 2, 2);
    assertThat(picked.factors().value(0, 1)).isEqualTo(1);
    assertThat(picked.factors().value(1, 1)).isEqualTo(2);
    assertThat(picked.factors().count()).isEqualTo(3);
    assertThat(e.withFactors(null).factors()).isNull();
    assertThat(new Examples(INFO, new float[6], null, 3).withFactors(FACTORS).factors()).isSameAs(FACTORS);
  }

  @Test
  void factorsOfAnotherCountAreRefused() {
    assertThatThrownBy(() -> new Examples(INFO, new float[4], null, 2, FACTORS))
        .isInstanceOf(ConfigException.class)
        .hasMessage("factors must describe every example (2), found 3");
  }

  @Test
  void badFactorsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> new ExampleFactors(List.of("a"), new int[] {2}, new int[] {0, 2}, 2))
        .isInstanceOf(ConfigException.class)
        .hasMessage("values[1] (factor a of example 1) must be in [0, 2), found 2");
    assertThatThrownBy(() -> new ExampleFactors(List.of("a", "a"), new int[] {2, 2}, new int[0], 0))
        .hasMessage("names must be distinct, at least one and one per size, found [a, a] for sizes [2, 2]");
    assertThatThrownBy(() -> new ExampleFactors(List.of("a"), new int[] {0}, new int[0], 0))
        .hasMessage("sizes must all be >= 1, found [0]");
    assertThatThrownBy(() -> new ExampleFactors(List.of("a"), new int[] {2}, new int[3], 2))
        .hasMessage("values must hold count * factors = 2 * 1 indices, found 3");
  }

  @Test
  void sizesAreCopiedInAndOut() {
    int[] sizes = {2, 3};
    ExampleFactors f = new ExampleFactors(List.of("a", "b"), sizes, new int[0], 0);
    sizes[0] = 9;
    f.sizes()[1] = 9;
    assertThat(f.sizes()).containsExactly(2, 3);
  }
}
