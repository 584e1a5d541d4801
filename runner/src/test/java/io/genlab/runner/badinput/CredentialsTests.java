package io.genlab.runner.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials in a spec never reach the store (params, tags, spec/resolved.yaml, spec/spec.yaml), the
 * console or a report: a run is made from a spec holding URIs with a password and tokens, and the whole
 * store and every output is searched for them.
 */
class CredentialsTests {
  static final List<String> SECRETS = List.of("hunter2", "tok3n-value", "s1gnature");

  @Test
  void aRunLogsNoCredentialOfItsSpec(@TempDir Path tmp) throws IOException {
    Workspace ws = new Workspace(tmp);
    Path data = ws.folder("data?access_token=tok3n-value");
    String spec = ws.spec(Workspace.VALID_SPEC.replace("data: {name: shapes,",
        "data: {directory: '" + data + "', name: shapes,")
        + "# results mirrored to https://alice:hunter2@mlflow.example.com/?X-Amz-Signature=s1gnature\n");
    CliRun run = CliRun.of("run", spec);
    assertThat(run.code()).as("%s", run).isZero();
    CliRun report = CliRun.of("report", "tiny", "--tracking-uri", ws.store().toString());
    CliRun csv = CliRun.of("report", "tiny", "--csv", "--tracking-uri", ws.store().toString());
    assertThat(report.code()).as("%s", report).isZero();

    List<Path> files;
    try (Stream<Path> walk = Files.walk(ws.store())) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).as("the store's files").hasSizeGreaterThan(10);
    for (Path file : files) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(text).as("%s", file).doesNotContain(SECRETS);
    }
    for (CliRun out : List.of(run, report, csv)) {
      assertThat(out.out() + out.err()).doesNotContain(SECRETS);
    }
    // What was logged says where the credentials were, so the spec stays readable.
    String written = Files.readString(files.stream().filter(p -> p.endsWith("spec/spec.yaml")).findFirst().orElseThrow());
    assertThat(written).contains("https://***@mlflow.example.com/?X-Amz-Signature=***");
    assertThat(report.out()).contains("data?access\\_token=\\*\\*\\*");
  }

  @Test
  void aTrackingServerUriWithAPasswordIsRefusedWithoutShowingIt(@TempDir Path tmp) {
    Workspace ws = new Workspace(tmp);
    String spec = ws.spec(Workspace.VALID_SPEC + "tracking: {uri: 'https://alice:hunter2@mlflow.example.com'}\n");
    CliRun run = CliRun.of("run", spec);
    assertThat(run.code()).as("%s", run).isNotZero();
    assertThat(run.out() + run.err()).doesNotContain(SECRETS).contains("***@mlflow.example.com");
    CliRun report = CliRun.of("report", "tiny", "--tracking-uri", "https://alice:hunter2@mlflow.example.com");
    assertThat(report.code()).as("%s", report).isEqualTo(Workspace.badInputCode());
    assertThat(report.out() + report.err()).doesNotContain(SECRETS).contains("***@mlflow.example.com");
  }
}
