package io.genlab.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.engine.config.InvalidConfigException;
import io.genlab.engine.plugins.PluginRegistry;
import io.genlab.runner.spec.ExperimentSpec;
import io.genlab.runner.spec.SpecResolver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Spec resolution: defaults, overrides, and errors that name the path, the rule and the alternatives. */
class SpecResolverTests {
  private final SpecResolver resolver = new SpecResolver(PluginRegistry.discover());

  private ExperimentSpec resolve(String yaml, String... overrides) {
    Map<String, Object> raw = new Yaml().load(yaml);
    return resolver.resolve(raw, List.of(overrides), "spec");
  }

  private static final String VALID = """
      data: {name: shapes}
      model: {name: mlp-vae, config: {latentDim: 4}}
      loss: elbo
      """;

  @Test
  void fillsDefaultsAndAppliesOverrides() {
    ExperimentSpec spec = resolve(VALID, "training.epochs=3", "model.config.hiddenSizes=[32, 16]", "loss.config.beta=4");
    assertThat(spec.training().epochs()).isEqualTo(3);
    assertThat(spec.model().config()).containsEntry("hiddenSizes", List.of(32, 16)).containsEntry("latentDim", 4)
        .containsEntry("likelihood", "bernoulli");
    assertThat(spec.loss().config()).containsEntry("beta", 4.0);
    assertThat(spec.name()).isEqualTo("spec");
  }

  @Test
  void reportsEveryProblemAtOnceWithPathsAndSuggestions() {
    assertThatThrownBy(() -> resolve("""
        data: {name: shapes}
        model: {name: mlp-vea, config: {latentDim: 4}}
        loss: {name: elbo, config: {betta: 2}}
        trainig: {epochs: 3}
        training: {batchSize: 0}
        """))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).hasSize(4))
        .hasMessageContaining("model.name: unknown model 'mlp-vea'; did you mean 'mlp-vae'?")
        .hasMessageContaining("loss.config.betta: unknown field 'betta' for ElboConfig; did you mean 'beta'?")
        .hasMessageContaining("trainig: unknown top-level key 'trainig'; did you mean 'training'?")
        .hasMessageContaining("training.batchSize: batchSize must be > 0, found 0");
  }

  @Test
  void rejectsWrongTypesNamingTheField() {
    assertThatThrownBy(() -> resolve(VALID, "model.config.latentDim=abc"))
        .hasMessageContaining("model.config.latentDim: latentDim must be an int, found 'abc'");
  }

  @Test
  void rejectsALossThatCannotTrainTheModel() {
    assertThatThrownBy(() -> resolve(VALID.replace("mlp-vae", "autoencoder")))
        .hasMessageContaining("loss 'elbo' cannot train model 'autoencoder'");
  }

  @Test
  void rejectsASamplerThatCannotSampleTheModel() {
    assertThatThrownBy(() -> resolve(VALID + "samplers: [conditional]\n"))
        .hasMessageContaining("samplers[0]: conditional needs a conditional model (cvae)");
  }

  @Test
  void samplerLabelsNameSamplersOfTheSameNameApartAndMustBeUniqueAndWellFormed() {
    ExperimentSpec spec = resolve(VALID + "samplers: [{name: prior, label: wide, config: {count: 4}}, prior, prior]\n");
    assertThat(java.util.stream.IntStream.range(0, 3).mapToObj(i -> SpecResolver.samplerLabel(spec.samplers(), i)))
        .containsExactly("wide", "prior-1", "prior-2");
    assertThat(spec.resolved().get("samplers").toString()).contains("label=wide");
    assertThatThrownBy(() -> resolve(VALID + "samplers: [{name: prior, label: a}, {name: mixture, label: a}]\n"))
        .hasMessageContaining("samplers[1].label: label 'a' is also the label of samplers[0]");
    assertThatThrownBy(() -> resolve(VALID + "samplers: [{name: prior, label: 'a b/c'}]\n"))
        .hasMessageContaining("samplers[0].label: label must be letters, digits, '_', '.' or '-'");
    assertThatThrownBy(() -> resolve(VALID + "metrics: [{name: test-elbo, label: x}]\n"))
        .hasMessageContaining("metrics[0].label: unknown key 'label'");
  }

  @Test
  void paperFiguresAreCheckedAndLoggedAsTagsNotParams(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    ExperimentSpec spec = resolve(VALID + """
        paper:
          - {metric: test/neg_elbo, value: 86.76, source: "Kingma & Welling 2014, Fig. 2"}
          - {metric: test/iwae_nll, value: 85}
        """);
    assertThat(spec.paper()).containsExactly(
        new io.genlab.runner.spec.PaperFigure("test/neg_elbo", 86.76, "Kingma & Welling 2014, Fig. 2"),
        new io.genlab.runner.spec.PaperFigure("test/iwae_nll", 85, ""));
    var tracker = io.genlab.tracking.Trackers.fileStore(dir);
    var run = tracker.startRun("e", "r", null);
    io.genlab.runner.run.ExperimentRunner.describe(run, spec, null);
    var info = tracker.run(run.runId()).orElseThrow();
    assertThat(info.tags()).containsEntry("genlab.paper.test/neg_elbo", "86.76")
        .containsEntry("genlab.paper.test/neg_elbo.source", "Kingma & Welling 2014, Fig. 2")
        .containsEntry("genlab.paper.test/iwae_nll", "85.0");
    assertThat(info.params().keySet()).noneMatch(k -> k.startsWith("paper"));

    assertThatThrownBy(() -> resolve(VALID + """
        paper:
          - {metric: test/neg_elbo, valeu: 86.76}
          - {metric: "a b", value: .nan, source: %s}
          - 3
          - {metric: test/neg_elbo.source, value: 1}
        papr: []
        """.formatted("x".repeat(201))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("paper[0].valeu: unknown key 'valeu'; did you mean 'value'?")
        .hasMessageContaining("paper[0].value: value must be a finite number, found null")
        .hasMessageContaining("paper[1].metric: metric must be a metric key")
        .hasMessageContaining("paper[1].value: value must be a finite number, found NaN")
        .hasMessageContaining("paper[2]: an entry must be a map {metric, value, source}, found 3")
        .hasMessageContaining("paper[3].metric: metric must be a metric key")
        .hasMessageContaining("papr: unknown top-level key 'papr'; did you mean 'paper'?");
    assertThatThrownBy(() -> resolve(VALID + "paper: [{metric: m, value: 1, source: %s}]\n".formatted("x".repeat(201))))
        .hasMessageContaining("paper[0].source: source must be a text of at most 200 characters, found 201 characters");
    assertThatThrownBy(() -> resolve(VALID + "paper: {metric: m, value: 1}\n"))
        .hasMessageContaining("paper: paper must be a list of at most 100 entries");
  }

  @Test
  void missingComponentsListTheChoices() {
    assertThatThrownBy(() -> resolve("data: {name: shapes}\nloss: elbo\n"))
        .hasMessageContaining("model: missing; name a model, one of [acgan, autoencoder, cgan, conv-vae, cvae, dcgan");
  }

  @Test
  void enumValuesAreCheckedWithTheAllowedList() {
    assertThatThrownBy(() -> resolve(VALID, "training.binarize=dynamc"))
        .hasMessageContaining("training.binarize: binarize must be one of [none, threshold, fixed, dynamic], found 'dynamc'; did you mean 'dynamic'?");
  }

  @Test
  void aFirstStageIsARunIdRecordedInTheResolvedSpecOnlyWhenSet() {
    assertThat(resolve(VALID).resolved()).doesNotContainKey("firstStage");
    assertThat(resolve(VALID).firstStageRun()).isNull();
    ExperimentSpec spec = resolve(VALID, "firstStage.run=0123abcd");
    assertThat(spec.firstStageRun()).isEqualTo("0123abcd");
    assertThat(spec.resolved()).containsEntry("firstStage", Map.of("run", "0123abcd"));
    assertThat(resolve(VALID + "firstStage: {run: 0123abcd}\n").resolved()).isEqualTo(spec.resolved());
  }

  @Test
  void aBadFirstStageSectionIsRefusedAtItsPath() {
    assertThatThrownBy(() -> resolve(VALID, "firstStage.rnu=abc"))
        .hasMessageContaining("firstStage.rnu: unknown key 'rnu'; did you mean 'run'?");
    assertThatThrownBy(() -> resolve(VALID, "firstStage.run=../../etc"))
        .hasMessageContaining("firstStage.run: '../../etc' is not a run id");
    assertThatThrownBy(() -> resolve(VALID + "firstStage: {}\n")).hasMessageContaining("firstStage.run: missing");
    assertThatThrownBy(() -> resolve(VALID + "firstSatge: {run: abc}\n"))
        .hasMessageContaining("did you mean 'firstStage'?");
    assertThatThrownBy(() -> resolve(VALID, "firstStage.run=abc", "training.binarize=dynamic"))
        .hasMessageContaining("training.binarize: a run on a first stage's latents");
  }
}
