package io.genlab.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Trackers#redacted}: no credential of a tracking URI is shown or logged. */
class CredentialsTests {
  @TempDir Path tmp;

  @Test
  void userinfoIsReplaced() {
    assertThat(Trackers.redacted("http://user:secret@host:5000/x")).isEqualTo("http://***@host:5000/x");
    assertThat(Trackers.redacted("HTTPS://token@mlflow.example.com")).isEqualTo("HTTPS://***@mlflow.example.com");
    assertThat(Trackers.redacted("file://user:pw@/x")).isEqualTo("file://***@/x");
    // a password holding an unencoded '@' is hidden whole
    assertThat(Trackers.redacted("http://me:p@ss@host/")).isEqualTo("http://***@host/");
  }

  @Test
  void secretQueryParametersAreReplaced() {
    assertThat(Trackers.redacted("https://h/x?token=abc&run=1")).isEqualTo("https://h/x?token=***&run=1");
    assertThat(Trackers.redacted("file:/s?a=1&api_key=k1;password=p#f")).isEqualTo("file:/s?a=1&api_key=***;password=***#f");
    assertThat(Trackers.redacted("s3://b/k?X-Amz-Signature=f00&X-Amz-Credential=AKIA/x&X-Amz-Date=1"))
        .isEqualTo("s3://b/k?X-Amz-Signature=***&X-Amz-Credential=***&X-Amz-Date=1");
  }

  @Test
  void uriInsideTextAndQuotesAreKept() {
    assertThat(Trackers.redacted("tracking: {uri: 'http://u:pw@h/?access_token=t'} # see http://a:b@c"))
        .isEqualTo("tracking: {uri: 'http://***@h/?access_token=***'} # see http://***@c");
  }

  @Test
  void textWithoutCredentialsIsUnchanged() {
    for (String s : new String[] {"./mlruns", "file:///tmp/m", "/data/a@b/mlruns", "http://host:5000/?run=3",
        "mail me@example.com", ""}) {
      assertThat(Trackers.redacted(s)).isEqualTo(s);
    }
    assertThat(Trackers.redacted(null)).isNull();
  }

  @Test
  void refusalsAndDescriptionsShowNoSecret() {
    assertThatThrownBy(() -> Trackers.open("http://user:secret@host")).hasMessageNotContaining("secret")
        .hasMessageContaining("***");
    assertThatThrownBy(() -> Trackers.open("ftp://user:secret@host/x")).hasMessageNotContaining("secret");
    assertThatThrownBy(() -> Trackers.open("file://user:secret@/x")).hasMessageNotContaining("secret");
    Path store = tmp.resolve("mlruns?token=secret");
    assertThat(Trackers.open(store.toString()).describe()).doesNotContain("secret").endsWith("mlruns?token=***");
  }
}
