package io.genlab.tracking.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The artifact proxy: bytes round trip, listing as MLflow lists, traversal refused. */
class ArtifactTests {
  private static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";
  private FakeMlflowServer server;
  private Rest rest;
  private String experimentId;
  private String runId;
  private String runRoot;

  @BeforeEach
  void start() {
    server = new FakeMlflowServer().start();
    rest = new Rest(server);
    experimentId = rest.experiment("artifacts");
    runId = rest.run(experimentId);
    runRoot = experimentId + "/" + runId + "/artifacts";
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Rest.Reply put(String path, byte[] bytes) {
    return rest.send("PUT", ARTIFACTS + "/" + path, bytes, "application/octet-stream");
  }

  @Test
  void bytesRoundTripExactly() {
    byte[] model = new byte[300_000];
    new Random(7).nextBytes(model);
    Rest.Reply upload = put(runRoot + "/model/weights.bin", model);
    assertThat(upload.status()).isEqualTo(200);
    assertThat(upload.text()).isEqualTo("{}");
    Rest.Reply download =
        rest.send("GET", ARTIFACTS + "/" + runRoot + "/model/weights.bin", null, null);
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(model);
    assertThat(download.response().headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=weights.bin");
    assertThat(server.runArtifact(runId, "model/weights.bin"))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(model));
    assertThat(put(runRoot + "/empty.txt", new byte[0]).status()).isEqualTo(200);
    assertThat(server.runArtifact(runId, "empty.txt"))
        .hasValueSatisfying(b -> assertThat(b).isEmpty());
  }

  @Test
  void theRunsArtifactUriNamesTheProxyPath() {
    String uri =
        rest.get("runs/get?run_id=" + runId)
            .json()
            .getAsJsonObject("run")
            .getAsJsonObject("info")
            .get("artifact_uri")
            .getAsString();
    assertThat(uri).isEqualTo("mlflow-artifacts:/" + runRoot);
  }

  @Test
  void listingGivesNamesWithinTheDirectoryAsMlflowDoes() {
    put(runRoot + "/b.txt", "bee".getBytes());
    put(runRoot + "/a/one.png", new byte[] {1});
    put(runRoot + "/a/deeper/two.png", new byte[] {2, 2});

    JsonArray files =
        rest.send("GET", ARTIFACTS + "?path=" + runRoot, null, null).json().getAsJsonArray("files");
    assertThat(files.toString())
        .isEqualTo(
            "[{\"path\":\"a\",\"is_dir\":true},{\"path\":\"b.txt\",\"is_dir\":false,\"file_size\":3}]");
    JsonArray inner =
        rest.send("GET", ARTIFACTS + "?path=" + runRoot + "/a", null, null)
            .json()
            .getAsJsonArray("files");
    assertThat(inner.toString())
        .isEqualTo(
            "[{\"path\":\"deeper\",\"is_dir\":true},{\"path\":\"one.png\",\"is_dir\":false,\"file_size\":1}]");
    assertThat(rest.send("GET", ARTIFACTS + "?path=" + runRoot + "/nothing", null, null).text())
        .isEqualTo("{}");
    // The tracking API's listing gives paths relative to the run's artifact root.
    JsonArray viaRun =
        rest.get("artifacts/list?run_id=" + runId + "&path=a").json().getAsJsonArray("files");
    assertThat(viaRun.get(0).getAsJsonObject().get("path").getAsString()).isEqualTo("a/deeper");
  }

  @Test
  void aMissingFileFailsAsMlflow217Does() {
    Rest.Reply missing = rest.send("GET", ARTIFACTS + "/" + runRoot + "/missing.bin", null, null);
    assertThat(missing.status()).isEqualTo(500);
    assertThat(missing.errorCode()).isEqualTo("INTERNAL_ERROR");
  }

  @Test
  void deleteRemovesAFileOrADirectory() {
    put(runRoot + "/keep.txt", new byte[] {1});
    put(runRoot + "/dir/x.txt", new byte[] {1});
    put(runRoot + "/dir/y.txt", new byte[] {1});
    assertThat(rest.send("DELETE", ARTIFACTS + "/" + runRoot + "/dir", null, null).status())
        .isEqualTo(200);
    assertThat(server.artifactPaths()).containsExactly(runRoot + "/keep.txt");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1/../../etc/passwd",
        "1/%2e%2e/%2e%2e/secret",
        "1/%252e%252e/secret",
        "1/a%23b",
        "%2Fetc%2Fpasswd",
        "C:%5Cwindows%5Cx"
      })
  void pathTraversalIsRefused(String path) {
    Rest.Reply upload = rest.send("PUT", ARTIFACTS + "/" + path, new byte[] {1}, null);
    assertThat(upload.status()).as(upload.text()).isEqualTo(400);
    assertThat(upload.message()).isEqualTo("Invalid path");
    assertThat(rest.send("GET", ARTIFACTS + "/" + path, null, null).status()).isEqualTo(400);
    assertThat(server.artifactPaths()).isEmpty();
  }

  @Test
  void aFileCannotBecomeADirectoryOrTheReverse() {
    put(runRoot + "/f", new byte[] {1});
    assertThat(put(runRoot + "/f/g", new byte[] {1}).status()).isEqualTo(500);
    assertThat(put(runRoot, new byte[] {1}).status()).isEqualTo(500);
  }

  @Test
  void aServerWithALocalArtifactRootNamesFileUrisAndServesNoProxy(@TempDir Path dir)
      throws Exception {
    try (FakeMlflowServer local =
        new FakeMlflowServer(FakeServerOptions.defaults().withLocalArtifactRoot(dir)).start()) {
      Rest localRest = new Rest(local);
      String localRun = localRest.run(localRest.experiment("local"));
      String uri = local.run(localRun).orElseThrow().artifactUri();
      assertThat(uri).startsWith("file:///").endsWith("/1/" + localRun + "/artifacts");
      Path file = Path.of(java.net.URI.create(uri)).resolve("notes.txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, "written by the client");
      assertThat(local.runArtifact(localRun, "notes.txt"))
          .hasValue("written by the client".getBytes());
      assertThat(localRest.send("PUT", ARTIFACTS + "/1/x", new byte[] {1}, null).status())
          .isEqualTo(503);
      assertThat(localRest.get("artifacts/list?run_id=" + localRun).json().getAsJsonArray("files"))
          .hasSize(1);
    }
  }

  @Test
  void aServerWithAnotherStoreOnlyNamesIt() {
    try (FakeMlflowServer s3 =
        new FakeMlflowServer(FakeServerOptions.defaults().withArtifactRoot("s3://bucket/mlflow"))
            .start()) {
      Rest s3Rest = new Rest(s3);
      String s3Run = s3Rest.run(s3Rest.experiment("s3"));
      assertThat(s3.run(s3Run).orElseThrow().artifactUri())
          .isEqualTo("s3://bucket/mlflow/1/" + s3Run + "/artifacts");
    }
  }
}
