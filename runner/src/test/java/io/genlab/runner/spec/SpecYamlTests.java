package io.genlab.runner.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.engine.config.InvalidConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hardened YAML reader: what it reads, what it refuses, and where it says values were written. */
class SpecYamlTests {
  @Test
  void readsPlainValuesWithScientificNotationAsNumbers() {
    Map<?, ?> map = (Map<?, ?>) SpecYaml.mapping("""
        a: 1e-3
        b: '1e-3'
        c: [1, 2.5, true, ~, text]
        d: 2001-12-14
        e: 99999999999
        """, "s.yaml").value();
    assertThat(map.get("a")).isEqualTo(1e-3);
    assertThat(map.get("b")).isEqualTo("1e-3");
    assertThat(map.get("c")).isEqualTo(java.util.Arrays.asList(1, 2.5, true, null, "text"));
    assertThat(map.get("d")).isEqualTo("2001-12-14");
    assertThat(map.get("e")).isEqualTo(99999999999L);
  }

  @Test
  void aByteOrderMarkIsNotPartOfTheFirstKey() {
    assertThat(SpecYaml.mapping("\uFEFFa: 1\n", "s.yaml").value()).isEqualTo(Map.of("a", 1));
    assertThatThrownBy(() -> SpecYaml.mapping("\uFEFFa: !!binary x\n", "s.yaml")).hasMessageStartingWith("s.yaml:1:4:");
  }

  @Test
  void mergeKeysMergeWithWrittenKeysWinning() {
    Map<?, ?> map = (Map<?, ?>) SpecYaml.mapping("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n", "s.yaml").value();
    assertThat(map.get("m")).isEqualTo(Map.of("x", 1, "y", 3));
  }

  @Test
  void locatesEverySpecPathAndFallsBackToTheNearestParent() {
    SpecLocations at = SpecYaml.mapping("""
        model:
          name: mlp-vae
          config: {latentDim: 2, hiddenSizes: [16, 32]}
        metrics: [a, {name: b, config: {samples: 3}}]
        """, "s.yaml").locations();
    assertThat(at.of("model.name")).isEqualTo("s.yaml:2:9");
    assertThat(at.of("model.config.latentDim")).isEqualTo("s.yaml:3:23");
    assertThat(at.of("model.config.hiddenSizes[1]")).isEqualTo("s.yaml:3:44");
    assertThat(at.of("metrics[1].config.samples")).isEqualTo("s.yaml:4:42");
    assertThat(at.of("model.config.absent")).isEqualTo("s.yaml:3:11");
    assertThat(at.of("absent")).isEqualTo("s.yaml");
    assertThat(SpecLocations.NONE.of("model")).isNull();
  }

  @Test
  void refusesWhatIsNotPlainDataWithLineAndColumn() {
    assertThatThrownBy(() -> SpecYaml.mapping("a: 1\nb: !!binary aGk=\n", "s.yaml"))
        .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith("s.yaml:2:4: tag '!!binary' is not allowed");
    assertThatThrownBy(() -> SpecYaml.mapping("a: 1\na: 2\n", "s.yaml"))
        .hasMessage("s.yaml:2:1: duplicate key 'a' (first at line 1, column 1); each key may appear once in a mapping");
    assertThatThrownBy(() -> SpecYaml.mapping("a: 1\n1: 2\n", "s.yaml"))
        .hasMessage("s.yaml:2:1: a key must be a name (text), found the int 1; quote it if you mean the text");
    assertThatThrownBy(() -> SpecYaml.mapping("a: 1\n---\nb: 2\n", "s.yaml")).hasMessageStartingWith("s.yaml:2:1: a second");
    assertThatThrownBy(() -> SpecYaml.mapping("# nothing\n", "s.yaml")).hasMessageStartingWith("s.yaml: empty spec");
    assertThatThrownBy(() -> SpecYaml.mapping("a: b\u0007\n", "s.yaml")).hasMessageStartingWith("s.yaml:1:5: character U+0007");
  }

  @Test
  @Timeout(5)
  void refusesExpansionBombsAtOnce() {
    StringBuilder laughs = new StringBuilder("a0: &a0 [x, x]\n");
    for (int i = 1; i < 40; i++) {
      laughs.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1)
          .append("]\n");
    }
    assertThatThrownBy(() -> SpecYaml.mapping(laughs.toString(), "s.yaml")).hasMessageContaining("more than 50 aliases");
    StringBuilder wide = new StringBuilder("a0: &a0 [" + "x, ".repeat(999) + "x]\n");
    wide.append("a1: &a1 [").append("*a0, ".repeat(24)).append("*a0]\n");
    wide.append("a2: [").append("*a1, ".repeat(24)).append("*a1]\n");
    assertThatThrownBy(() -> SpecYaml.mapping(wide.toString(), "s.yaml")).hasMessageContaining("more than 100000 values");
  }

  @Test
  void valuesNameTheirArgument() {
    assertThat(SpecYaml.value("[1, 2]", "--set x=[1, 2]")).isEqualTo(List.of(1, 2));
    assertThat(SpecYaml.value("", "--set x=")).isNull();
    assertThatThrownBy(() -> SpecYaml.value("[1,", "--set x=[1,"))
        .hasMessageStartingWith("--set x=[1, (column 4 of the value): not valid YAML");
  }
}
