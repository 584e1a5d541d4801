package io.genlab.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackersTests {
  @TempDir Path tmp;

  @Test
  void noUriMeansMlrunsInTheWorkingDirectory() {
    assertThat(Trackers.localStore(null)).isEqualTo(Path.of("./mlruns"));
    assertThat(Trackers.localStore("  ")).isEqualTo(Path.of("./mlruns"));
    assertThat(Trackers.localStore("./mlruns")).isEqualTo(Path.of("./mlruns"));
  }

  @Test
  void pathsAndFileUrisOpenAFileStore() {
    Path a = tmp.resolve("a b");
    Tracker byPath = Trackers.open(a.toString());
    assertThat(a).as("opened, not yet written").doesNotExist();
    byPath.startRun(null, "r", null);
    assertThat(a.resolve("0/meta.yaml")).isRegularFile();
    assertThat(a.resolve(".trash")).isDirectory();
    assertThat(byPath.describe()).isEqualTo("MLflow file store at " + a.toAbsolutePath());
    assertThat(byPath.experimentNames()).containsExactly("Default");

    Path b = tmp.resolve("b");
    Trackers.open(b.toUri().toString()).startRun("x", "r", null);
    assertThat(Trackers.fileStore(b).experimentNames()).containsExactly("Default", "x");

    assertThat(Trackers.localStore("file:relative/dir")).isEqualTo(Path.of("relative/dir"));
    assertThat(Trackers.localStore("file:///tmp/m")).isEqualTo(Path.of("/tmp/m"));
  }

  @Test
  void httpUrisNameATrackingServer() {
    assertThat(Trackers.serverUri("http://localhost:5000")).hasValueSatisfying(u -> assertThat(u.getPort()).isEqualTo(5000));
    assertThat(Trackers.serverUri("HTTPS://mlflow.example.com/team")).isPresent();
    assertThat(Trackers.serverUri("./mlruns")).isEmpty();
    assertThat(Trackers.serverUri("file:///tmp/m")).isEmpty();
    assertThat(Trackers.serverUri(null)).isEmpty();
  }

  @Test
  void malformedServerUrisAreRefusedWithWhatToUse() {
    assertThatThrownBy(() -> Trackers.serverUri("http://")).hasMessageContaining("http://host:port");
    assertThatThrownBy(() -> Trackers.serverUri("http://host:5000/?token=abc"))
        .hasMessageContaining("query").message().doesNotContain("abc");
    assertThatThrownBy(() -> Trackers.serverUri("http://ho st:5000")).hasMessageContaining("not a tracking server URI");
  }

  @Test
  void credentialsInAServerUriAreRefusedAndNeverEchoed() {
    assertThatThrownBy(() -> Trackers.open("https://alice:s3cret@mlflow.example.com/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https://***@mlflow.example.com/x")
        .hasMessageContaining("MLFLOW_TRACKING_USERNAME")
        .message().doesNotContain("s3cret").doesNotContain("alice");
  }

  @Test
  void credentialsInAUriAreNeverEchoed() {
    assertThatThrownBy(() -> Trackers.open("ftp://token@host/store"))
        .hasMessageContaining("'ftp'")
        .hasMessageContaining("ftp://***@host/store")
        .message().doesNotContain("token");
    assertThat(Trackers.redacted("/plain/path@x")).isEqualTo("/plain/path@x");
    assertThat(Trackers.redacted("file:///a/b")).isEqualTo("file:///a/b");
  }

  @Test
  void otherSchemesAreRejectedByName() {
    assertThatThrownBy(() -> Trackers.open("sqlite:///mlflow.db"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("'sqlite'");
    assertThatThrownBy(() -> Trackers.open("file://host/share"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("file://host/share");
  }

  @Test
  void aFileUriWithoutAPathIsRefusedNotTheWorkingDirectory() {
    assertThatThrownBy(() -> Trackers.localStore("file:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("file: names no folder");
    assertThatThrownBy(() -> Trackers.localStore(" file:  "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void runIdsArePlainIdsThatNeitherLeadOutOfAFolderNorReadAsOptions() {
    assertThat(Trackers.isRunId("0123456789abcdef0123456789abcdef")).isTrue();
    assertThat(Trackers.isRunId("a".repeat(64))).isTrue();
    assertThat(List.of("", "a".repeat(65), "-rf", "_x", "../x", "a/b", "/etc", "a b", "a\u001b", "a.b"))
        .noneMatch(Trackers::isRunId);
    assertThat(Trackers.isRunId(null)).isFalse();
  }
}
