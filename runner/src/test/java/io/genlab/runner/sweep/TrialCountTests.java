package io.genlab.runner.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.engine.config.InvalidConfigException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Counting trials by arithmetic, before anything is expanded: products, limits, overflow. */
class TrialCountTests {
  private static Object section(String yaml) {
    return new Yaml().load(yaml);
  }

  private static List<Integer> values(int n) {
    return IntStream.rangeClosed(1, n).boxed().toList();
  }

  @Test
  void aGridOfATrillionTrialsIsRefusedWithoutOverflowOrExpansion() {
    Map<String, Object> grid = Map.of("a.b", values(1000), "c.d", values(1000), "e.f", values(1000),
        "g.h", values(1000));
    assertThatThrownBy(() -> TrialCount.check(Map.of("grid", grid, "seeds", List.of(1, 2))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("the sweep has 2000000000000 trials (grid 1000 x 1000 x 1000 x 1000 x 2 seeds)")
        .hasMessageContaining("more than the limit of 10000");
  }

  @Test
  void multipliesGridRandomAndSeedsAndAllowsUpToTheLimit() {
    assertThatCode(() -> TrialCount.check(section("grid: {a.b: [1, 2], c.d: [1, 2, 3]}\n"
        + "random: {trials: 1000}\nseeds: [1]"))).doesNotThrowAnyException(); // 6000
    assertThatThrownBy(() -> TrialCount.check(section("grid: {a.b: [1, 2], c.d: [1, 2, 3]}\n"
        + "random: {trials: 1000}\nseeds: [1, 2]")))
        .hasMessageContaining("12000 trials (grid 2 x 3 x 1000 random configurations x 2 seeds)");
    assertThatCode(() -> TrialCount.check(section("seeds: [1, 2, 3]\nmaxTrials: 3"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> TrialCount.check(section("seeds: [1, 2, 3, 4]\nmaxTrials: 3")))
        .hasMessageContaining("4 trials (4 seeds), more than the limit of 3 set by sweep.maxTrials")
        .hasMessageContaining("--set sweep.maxTrials=4");
    assertThatCode(() -> TrialCount.check(section("random: {trials: 20000}\nmaxTrials: 20000")))
        .doesNotThrowAnyException();
  }

  @Test
  void leavesMalformedPartsToParsing() {
    // Each counts as one value (or the check is skipped for a bad limit); parsing reports them.
    for (String yaml : List.of("grid: 3", "grid: {a.b: 5}", "random: {trials: -4}", "random: {trials: x}",
        "seeds: 7", "random: {trials: 20000}\nmaxTrials: zero", "random: {trials: 20000}\nmaxTrials: 0", "3",
        "random: {trials: 20000}\nmaxTrials: 99999999999999999999")) {
      assertThatCode(() -> TrialCount.check(section(yaml))).as(yaml).doesNotThrowAnyException();
    }
    assertThatCode(() -> TrialCount.check(null)).doesNotThrowAnyException();
    assertThatThrownBy(() -> TrialCount.check(section("random: {trials: 99999999999999999999999}")))
        .hasMessageContaining("99999999999999999999999 trials").hasMessageContaining("1000000 at most");
  }

  @Test
  void countsAParsedDefinitionExactlyAndExpansionRefusesMoreThanItsLimit() {
    SweepDefinition sweep = SweepDefinitionTests.parse("grid: {a.b: [1, 2, 3]}\nrandom: {trials: 4, params: "
        + "{c.d: {uniform: [0, 1]}}}\nseeds: [1, 2]");
    assertThat(TrialCount.of(sweep)).isEqualTo(BigInteger.valueOf(24));
    assertThat(TrialPlan.expand(sweep)).hasSize(24);
    SweepDefinition tooMany = new SweepDefinition("x", 1, 0, Map.of("a.b", new ArrayList<>(values(5))), null,
        List.of(), null, null, List.of(), 4, "local", null);
    assertThatThrownBy(() -> TrialPlan.expand(tooMany)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 trials");
  }
}
