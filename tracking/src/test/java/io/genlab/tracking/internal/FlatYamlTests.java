package io.genlab.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FlatYamlTests {

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
    "Default           | Default",
    "vae-mnist         | vae-mnist",
    "file:///tmp/m/0   | file:///tmp/m/0",
    "3                 | '3'",
    "1.5               | '1.5'",
    "yes               | 'yes'",
    "Off               | 'Off'",
    "null              | 'null'",
    "~                 | '~'",
    "a: b              | 'a: b'",
    "a #b              | 'a #b'",
    "-x                | '-x'",
    "it's              | 'it''s'",
    "c:                | 'c:'",
    "my exp            | 'my exp'",
  })
  void quotesOnlyWhatYamlWouldMisread(String value, String expected) {
    assertThat(FlatYaml.quote(value)).isEqualTo(expected);
  }

  @Test
  void quotesEmptyAndControlCharacters() {
    assertThat(FlatYaml.quote("")).isEqualTo("''");
    assertThat(FlatYaml.quote("a\nb\t\"c\"\\")).isEqualTo("\"a\\nb\\t\\\"c\\\"\\\\\"");
    assertThat(FlatYaml.quote("x\u2028y")).isEqualTo("\"x\\u2028y\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", " ", " lead", "trail ", "yes", "123", "0x1F", "2024-01-01", "12:30", ".inf", "a: b", "#c", "'q'",
    "\"dq\"", "tab\there", "nl\nx", "cr\rx", "a\n\nb", "uni é 日本 😀", "\u2028ls", "bell\u0007",
    "back\\slash", "[a]", "{b}", "a,b", "&a", "*s", "|p", ">f", "@at", "%p", "!t", "?q", "=", "<<"
  })
  void everyStringRoundTrips(String value) {
    Map<String, Object> m = new HashMap<>();
    m.put("name", value);
    assertThat(FlatYaml.parse(FlatYaml.write(m))).containsEntry("name", value);
  }

  @Test
  void writesSortedKeysAndTypedScalars() {
    Map<String, Object> m = new HashMap<>();
    m.put("b", 2);
    m.put("a", null);
    m.put("c", List.of());
    m.put("d", 12345678901234L);
    m.put("e", "x");
    assertThat(FlatYaml.write(m)).isEqualTo("a: null\nb: 2\nc: []\nd: 12345678901234\ne: x\n");
  }

  @Test
  void readsWhatPyYamlWrites() {
    // Verbatim yaml.safe_dump(..., allow_unicode=True, sort_keys=True) output (PyYAML 6).
    String text = String.join("\n",
        "b: \"x\\ty x\\ty x\\ty x\\ty x\\ty x\\ty x\\ty x\\ty x\\ty x\\ty x\\ty x\\ty x\\ty x\\ty x\\ty x\\t\\",
        "  y x\\ty \"",
        "c: 'plain words here plain words here plain words here plain words here plain words",
        "  here plain words here '",
        "d: 'a",
        "",
        "",
        "  b'",
        "e: \"caf\\xE9 \\a \\U0001F600\"",
        "f: '\u2028  ls'",
        "end_time: null",
        "experiment_id: '1'",
        "n: 3",
        "tags: []",
        "t: ~",
        "u:",
        "");
    Map<String, String> m = FlatYaml.parse(text);
    assertThat(m).containsEntry("b", "x\ty x\ty x\ty x\ty x\ty x\ty x\ty x\ty x\ty x\ty x\ty x\ty x\ty x\ty x\ty x\ty x\ty ")
        .containsEntry("c", "plain words here plain words here plain words here plain words here plain words"
            + " here plain words here ")
        .containsEntry("d", "a\n\nb")
        .containsEntry("e", "café \u0007 😀")
        .containsEntry("f", "\u2028ls")
        .containsEntry("end_time", null)
        .containsEntry("experiment_id", "1")
        .containsEntry("n", "3")
        .containsEntry("tags", "[]")
        .containsEntry("t", null)
        .containsEntry("u", null);
  }

  @Test
  void skipsBlockSequencesAndComments() {
    Map<String, String> m = FlatYaml.parse("# written by hand\ntags:\n- a\n- b\nname: x\n");
    assertThat(m).containsEntry("name", "x").containsEntry("tags", null);
  }

  @Test
  void rejectsWhatIsNotAFlatMapping() {
    assertThatThrownBy(() -> FlatYaml.parse("just text\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining("just text");
    assertThatThrownBy(() -> FlatYaml.parse("a: 'open\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unterminated");
  }

  @Test
  void writesAndReadsOneNestedMappingOfScalars() {
    Map<String, String> tags = new java.util.LinkedHashMap<>();
    tags.put("z: key", "it's");
    tags.put("mlflow.data.context", "train");
    tags.put("multi", "line\ntwo");
    String yaml = FlatYaml.write(Map.of("tags", tags, "source_id", "abc", "empty", Map.of()));
    assertThat(yaml).isEqualTo("empty: {}\nsource_id: abc\ntags:\n  mlflow.data.context: train\n  multi: \"line\\ntwo\"\n"
        + "  'z: key': 'it''s'\n");
    assertThat(FlatYaml.block(yaml, "tags")).isEqualTo(tags);
    assertThat(FlatYaml.block(yaml, "empty")).isEmpty();
    assertThat(FlatYaml.block(yaml, "missing")).isEmpty();
    assertThat(FlatYaml.parse(yaml)).containsEntry("source_id", "abc").containsEntry("empty", "{}");
  }
}
