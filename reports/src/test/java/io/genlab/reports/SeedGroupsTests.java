package io.genlab.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.tracking.RunInfo;
import io.genlab.tracking.RunStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedGroupsTests {
  private static RunInfo run(String id, Map<String, String> params) {
    return run(id, params, Map.of());
  }

  private static RunInfo run(String id, Map<String, String> params, Map<String, String> tags) {
    return new RunInfo(id, "0", "run-" + id, RunStatus.FINISHED, 0L, null, params, tags, Map.of());
  }

  @Test
  void runsMeasuredUnderDifferentProtocolsAreNotOneConfiguration() {
    List<SeedGroups.Group> groups = SeedGroups.of(List.of(
        run("a", Map.of("seed", "1"), Map.of("genlab.protocol.levels", "256", "other", "x")),
        run("b", Map.of("seed", "2"), Map.of("genlab.protocol.levels", "2", "other", "y"))));
    assertThat(groups).extracting(SeedGroups.Group::label).containsExactly("protocol.levels=256", "protocol.levels=2");
  }

  @Test
  void runsDifferingOnlyBySeedFormOneGroupLabelledByWhatDiffers() {
    List<SeedGroups.Group> groups = SeedGroups.of(List.of(
        run("a", Map.of("lr", "0.1", "seed", "1")),
        run("b", Map.of("lr", "0.2", "seed", "1")),
        run("c", Map.of("lr", "0.1", "seed", "2"))));
    assertThat(groups).extracting(SeedGroups.Group::label).containsExactly("lr=0.1", "lr=0.2");
    assertThat(groups.get(0).runs()).extracting(RunInfo::runId).containsExactly("a", "c");
    assertThat(groups.get(1).runs()).extracting(RunInfo::runId).containsExactly("b");
  }

  @Test
  void aMissingParamIsADifferenceAndOneConfigurationIsAllRuns() {
    List<SeedGroups.Group> groups = SeedGroups.of(List.of(
        run("a", Map.of("lr", "0.1", "seed", "1")),
        run("b", Map.of("lr", "0.1", "warmup", "5", "seed", "2"))));
    assertThat(groups).extracting(SeedGroups.Group::label).containsExactly("warmup=(none)", "warmup=5");
    assertThat(SeedGroups.of(List.of(run("a", Map.of("seed", "1")), run("b", Map.of("seed", "2")))))
        .singleElement().satisfies(g -> assertThat(g.label()).isEqualTo("all runs"));
  }

  @Test
  void sweepTrialsDifferingInNameAndSeedAreOneConfigurationAndAKilledRunsMissingProtocolIsNoLabel() {
    List<SeedGroups.Group> groups = SeedGroups.of(List.of(
        run("a", Map.of("name", "sweep-0", "beta", "1", "seed", "1"), Map.of("genlab.protocol.levels", "2")),
        run("b", Map.of("name", "sweep-1", "beta", "1", "seed", "2"), Map.of("genlab.protocol.levels", "2")),
        run("c", Map.of("name", "sweep-2", "beta", "4", "seed", "1"), Map.of("genlab.protocol.levels", "2")),
        run("d", Map.of("name", "sweep-3", "beta", "4", "seed", "2"))));
    assertThat(groups).extracting(SeedGroups.Group::label).containsExactly("beta=1", "beta=4", "beta=4");
    assertThat(groups.get(0).runs()).extracting(RunInfo::runId).containsExactly("a", "b");
  }
}
