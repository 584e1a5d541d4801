package io.genlab.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.engine.config.InvalidConfigException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Slurm sweep's store and logs must be where the compute nodes see them. */
class SlurmSweepsTests {
  private static final List<String> OTHER_NODES = List.of("n01", "n02");

  @Test
  void refusesStoresTheNodesCannotSeeSayingWhatToUse() {
    for (String uri : List.of("./mlruns", "mlruns", "file:mlruns", "/tmp/mlruns", "file:/tmp/x", "/dev/shm/m",
        "/var/tmp/m")) {
      assertThatThrownBy(() -> SlurmSweeps.reachableStore(uri, OTHER_NODES)).as(uri)
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining("tracking.uri").hasMessageContaining(uri)
          .hasMessageContaining("tracking server").hasMessageContaining("shared filesystem");
    }
  }

  @Test
  void acceptsServersAndSharedAbsolutePaths() {
    assertThat(SlurmSweeps.reachableStore("http://mlflow.lab:5000", OTHER_NODES)).isEqualTo("http://mlflow.lab:5000");
    assertThat(SlurmSweeps.reachableStore("/shared/lab/mlruns", OTHER_NODES)).isEqualTo("/shared/lab/mlruns");
    assertThat(SlurmSweeps.reachableStore("file:/shared/lab/../lab/mlruns", OTHER_NODES)).isEqualTo("/shared/lab/mlruns");
  }

  @Test
  void aClusterOfThisMachineAloneSeesItsOwnTemporaryFolders() throws Exception {
    List<String> me = List.of(InetAddress.getLocalHost().getHostName());
    assertThat(SlurmSweeps.reachableStore("/tmp/mlruns", me)).isEqualTo("/tmp/mlruns");
    assertThat(SlurmSweeps.reachableStore("mlruns", me)).isEqualTo(Path.of("mlruns").toAbsolutePath().toString());
    assertThat(SlurmSweeps.reachableLogs(Path.of("/tmp/logs"), me)).isEqualTo(Path.of("/tmp/logs"));
  }

  @Test
  void refusesNodeLocalOrUnquotableLogFolders() {
    assertThatThrownBy(() -> SlurmSweeps.reachableLogs(Path.of("/tmp/logs"), OTHER_NODES))
        .hasMessageContaining("--log-dir").hasMessageContaining("/tmp");
    assertThatThrownBy(() -> SlurmSweeps.reachableLogs(Path.of("/shared/my logs"), OTHER_NODES))
        .hasMessageContaining("--log-dir").hasMessageContaining("'/shared/my logs'");
  }
}
