package io.genlab.runner.launch.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.engine.config.ConfigProblem;
import io.genlab.engine.config.InvalidConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** sweep.slurm: every value checked before it can become an #SBATCH line, messages naming field, value and rule. */
class SlurmOptionsTests {

  private static List<ConfigProblem> problems(Map<String, Object> section) {
    try {
      SlurmOptions.parse(section, "sweep.slurm", 1);
    } catch (InvalidConfigException e) {
      return e.problems();
    }
    throw new AssertionError("accepted " + section);
  }

  @Test
  void readsResourcesAndAllowedOptionsIntoSbatchOptions() {
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("partition", "gpu");
    section.put("account", "lab-42");
    section.put("qos", "normal");
    section.put("time", "1-12:00:00");
    section.put("cpusPerTask", 4);
    section.put("memory", "16G");
    section.put("options", Map.of("gres", "gpu:a100:1", "mail-type", "END,FAIL", "exclusive", true,
        "constraint", "intel&ib"));
    SlurmOptions options = SlurmOptions.parse(section, "sweep.slurm", 1);
    assertThat(options.sbatchOptions()).containsExactly("--partition=gpu", "--account=lab-42", "--qos=normal",
        "--time=1-12:00:00", "--cpus-per-task=4", "--mem=16G", "--constraint=intel&ib", "--exclusive",
        "--gres=gpu:a100:1", "--mail-type=END,FAIL");
    assertThat(SlurmOptions.parse(options.toMap(), "sweep.slurm", 1)).isEqualTo(options);
    assertThat(SlurmOptions.parse(null, "sweep.slurm", 3).sbatchOptions()).containsExactly("--cpus-per-task=3");
  }

  @Test
  void readsEverySlurmTimeForm() {
    assertThat(SlurmOptions.timeSeconds("90")).isEqualTo(5400);
    assertThat(SlurmOptions.timeSeconds("2:30")).isEqualTo(150);
    assertThat(SlurmOptions.timeSeconds("1:00:00")).isEqualTo(3600);
    assertThat(SlurmOptions.timeSeconds("2-0")).isEqualTo(172800);
    assertThat(SlurmOptions.timeSeconds("1-2:3")).isEqualTo(93780);
    assertThat(SlurmOptions.timeSeconds("1-00:00:30")).isEqualTo(86430);
    assertThat(SlurmOptions.timeSeconds("0:30")).isEqualTo(-1); // under a minute
    assertThat(SlurmOptions.timeSeconds("1h")).isEqualTo(-1);
  }

  @Test
  void refusesValuesThatCouldLeaveTheirLineOrAreNotSlurms() {
    assertThat(problems(Map.of("partition", "gpu --wrap=id"))).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("sweep.slurm.partition");
      assertThat(p.message()).contains("gpu --wrap=id").contains("letters, digits");
    });
    assertThat(problems(Map.of("account", "a\n#SBATCH --output=/etc/x"))).singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo("sweep.slurm.account"));
    assertThat(problems(Map.of("time", "1 hour"))).singleElement().satisfies(p ->
        assertThat(p.message()).contains("'1 hour'").contains("H:M:S"));
    assertThat(problems(Map.of("memory", "4 GB"))).singleElement().satisfies(p ->
        assertThat(p.message()).contains("'4 GB'").contains("4G"));
    assertThat(problems(Map.of("cpusPerTask", 0))).singleElement().satisfies(p ->
        assertThat(p.message()).contains("between 1 and 1024, found 0"));
    assertThat(problems(Map.of("time", "5", "signalSeconds", 300))).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("sweep.slurm.signalSeconds");
      assertThat(p.message()).contains("shorter than the time limit '5' (300 s)");
    });
  }

  @Test
  void refusesUnknownKeysAndOptionsWithDidYouMean() {
    assertThat(problems(Map.of("partiton", "gpu"))).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("sweep.slurm.partiton");
      assertThat(p.message()).contains("partition");
    });
    assertThat(problems(Map.of("options", Map.of("constrain", "a100")))).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("sweep.slurm.options.constrain");
      assertThat(p.message()).contains("did you mean 'constraint'");
    });
  }

  @Test
  void refusesOptionsThatWriteFilesRunCodeOrAreGenlabsOwn() {
    for (String option : List.of("output", "error", "chdir", "export", "wrap", "array", "signal", "dependency",
        "uid", "container")) {
      assertThat(problems(Map.of("options", Map.of(option, "x")))).as(option).singleElement().satisfies(p ->
          assertThat(p.message()).contains("set by genlab").contains("allowed: constraint"));
    }
    assertThat(problems(Map.of("options", Map.of("gres", "gpu:1 --output=/etc/passwd")))).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("no spaces"));
    assertThat(problems(Map.of("options", Map.of("exclusive", "user")))).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("flag"));
  }
}
