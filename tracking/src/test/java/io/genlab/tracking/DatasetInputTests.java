package io.genlab.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** MLflow's limits on datasets and input tags, checked when a {@link DatasetInput} is made. */
class DatasetInputTests {
  private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  private static DatasetInput input(String name, String digest, String source, String schema, String profile,
      String context, Map<String, String> tags) {
    return new DatasetInput(name, digest, "local", source, schema, profile, context, tags);
  }

  @Test
  void aDigestKeepsTheFirst36HexDigitsOfASha256() {
    assertThat(DatasetInput.digestOf(SHA)).isEqualTo(SHA.substring(0, 36)).hasSize(DatasetInput.MAX_DIGEST_LENGTH);
    assertThat(DatasetInput.digestOf(SHA.toUpperCase())).isEqualTo(SHA.substring(0, 36));
    assertThatThrownBy(() -> DatasetInput.digestOf("abc")).hasMessageContaining("64 hex digits");
  }

  @Test
  void valuesAtMlflowsLimitsAreAccepted() {
    DatasetInput in = input("n".repeat(500), "d".repeat(36), "s".repeat(65535), "c".repeat(1048575), "{}",
        "x".repeat(500), Map.of("k".repeat(255), "v".repeat(500)));
    assertThat(in.name()).hasSize(500);
  }

  @Test
  void valuesBeyondMlflowsLimitsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> input("n".repeat(501), "d", "{}", null, null, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dataset name").hasMessageContaining("500")
        .hasMessageContaining("501");
    assertThatThrownBy(() -> input("n", SHA, "{}", null, null, null, Map.of()))
        .hasMessageContaining("dataset digest must be at most 36 characters").hasMessageContaining("found 64");
    assertThatThrownBy(() -> input("n", "d", "s".repeat(65536), null, null, null, Map.of()))
        .hasMessageContaining("dataset source must be at most 65535");
    assertThatThrownBy(() -> input("n", "d", "{}", "c".repeat(1048576), null, null, Map.of()))
        .hasMessageContaining("dataset schema must be at most 1048575");
    assertThatThrownBy(() -> input("n", "d", "{}", null, null, "x".repeat(501), Map.of()))
        .hasMessageContaining("dataset context must be at most 500");
    assertThatThrownBy(() -> input("n", "d", "{}", null, null, null, Map.of("k".repeat(256), "v")))
        .hasMessageContaining("input tag key must be at most 255");
    assertThatThrownBy(() -> input("n", "d", "{}", null, null, null, Map.of("k", "v".repeat(501))))
        .hasMessageContaining("value of input tag 'k' must be at most 500");
  }

  @Test
  void lengthsAreCountedInCharactersAsPythonCountsThem() {
    String emoji = "\uD83D\uDE00"; // one code point, two Java chars
    assertThat(input(emoji.repeat(500), "d", "{}", null, null, null, Map.of()).name()).hasSize(1000);
    assertThatThrownBy(() -> input(emoji.repeat(501), "d", "{}", null, null, null, Map.of()))
        .hasMessageContaining("found 501");
  }

  @Test
  void requiredFieldsMustBeSetAndNotBlank() {
    assertThatThrownBy(() -> input(null, "d", "{}", null, null, null, Map.of())).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("dataset name");
    assertThatThrownBy(() -> input(" ", "d", "{}", null, null, null, Map.of())).hasMessageContaining("must not be blank");
    assertThatThrownBy(() -> input("n", "", "{}", null, null, null, Map.of())).hasMessageContaining("dataset digest");
    assertThatThrownBy(() -> input("n", "d", null, null, null, null, Map.of())).hasMessageContaining("dataset source");
    assertThatThrownBy(() -> new DatasetInput("n", "d", "", "{}", null, null, null, Map.of()))
        .hasMessageContaining("dataset sourceType");
    assertThatThrownBy(() -> input("n", "d", "{}", null, null, null, null)).hasMessageContaining("tags");
  }

  @Test
  void theContextIsTheMlflowContextTagAndNotAnOrdinaryTag() {
    DatasetInput in = input("n", "d", "{}", null, null, "train", Map.of("b", "2", "a", "1"));
    assertThat(in.tags()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    assertThat(in.inputTags()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"),
        Map.entry("mlflow.data.context", "train"));
    assertThat(input("n", "d", "{}", null, null, null, Map.of()).inputTags()).isEmpty();
    assertThatThrownBy(() -> input("n", "d", "{}", null, null, null, Map.of("mlflow.data.context", "train")))
        .hasMessageContaining("context field");
  }
}
