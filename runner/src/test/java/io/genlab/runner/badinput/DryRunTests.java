package io.genlab.runner.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --dry-run} of run, resume and evaluate passes on good input and writes nothing. */
class DryRunTests {
  @TempDir static Path dir;
  static Workspace ws;

  @BeforeAll
  static void trainOnce() {
    ws = new Workspace(dir);
    ws.finishedRun();
  }

  @Test
  void runDryRunChecksAndPrintsTheResolvedSpecWithoutCreatingAStore(@TempDir Path own) {
    Workspace fresh = new Workspace(own);
    CliRun run = CliRun.of("run", fresh.spec(Workspace.VALID_SPEC), "--dry-run");
    assertThat(run.code()).as("%s", run).isZero();
    assertThat(run.out()).contains("name: tiny", "latentDim: 2");
    assertThat(fresh.store()).doesNotExist();
  }

  @Test
  void resumeDryRunOfAKilledRunSaysWhereItWouldResumeAndChangesNothing() throws IOException {
    Path store = ws.copyStore("killed");
    Path meta = Workspace.runFolder(store, ws.finishedRun()).resolve("meta.yaml");
    Files.writeString(meta, Files.readString(meta).replace("status: 3", "status: 5"));
    StoreSnapshot before = StoreSnapshot.of(store);
    CliRun resume = CliRun.of("resume", ws.finishedRun(), "--tracking-uri", store.toString(), "--dry-run");
    assertThat(resume.code()).as("%s", resume).isZero();
    assertThat(resume.out()).contains("can be resumed from iteration 4");
    assertThat(before.changedIn(StoreSnapshot.of(store))).isEmpty();
  }

  @Test
  void evaluateDryRunPrintsTheEvaluationSpecAndCreatesNoRun() {
    StoreSnapshot before = StoreSnapshot.of(ws.store());
    Path evaluation = ws.file("evaluation.yaml", "samplers: [{name: prior, config: {count: 9}}]\n".getBytes());
    CliRun evaluate = CliRun.of("evaluate", ws.finishedRun(), evaluation.toString(), "--tracking-uri",
        ws.store().toString(), "--dry-run");
    assertThat(evaluate.code()).as("%s", evaluate).isZero();
    assertThat(evaluate.out()).contains("name: tiny-evaluation", "count: 9");
    assertThat(before.changedIn(StoreSnapshot.of(ws.store()))).isEmpty();
  }

  @Test
  void aMetricNeedingGenerativeFactorsIsRefusedBeforeTrainingOnDataWithout(@TempDir Path own) {
    Workspace fresh = new Workspace(own);
    CliRun run = CliRun.of("run", fresh.spec(Workspace.VALID_SPEC.replace("metrics: [test-elbo]",
        "metrics: [test-elbo, mig]")), "--dry-run");
    assertThat(run.code()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("metrics[1]", "mig needs data with known generative factors (e.g. dataset "
        + "dsprites-grid), found data without them").doesNotContain("Exception");
    assertThat(fresh.store()).doesNotExist();
  }
}
