package io.genlab.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.ConfigException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The loss configs reject bad values with messages naming field, value and rule; defaults are the papers'. */
class LossConfigValidationTests {

  private static void rejects(ThrowingCallable create, String field, String message) {
    assertThatThrownBy(create).isInstanceOf(ConfigException.class).hasMessage(message)
        .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo(field));
  }

  @Test
  void negativeLambdaIsRejected() {
    rejects(() -> new LossConfigs.WganGp(5, -1, 1, 1), "lambda", "lambda must be >= 0 and finite, found -1.0");
    rejects(() -> new LossConfigs.Dragan(1, -2.5, 0.5, 1, 1), "lambda", "lambda must be >= 0 and finite, found -2.5");
  }

  @Test
  void stepsMustBePositive() {
    rejects(() -> new LossConfigs.Adversarial(0, 1, 1), "discriminatorSteps", "discriminatorSteps must be > 0, found 0");
    rejects(() -> new LossConfigs.Wgan(-1, 0.01, 1, 1), "criticSteps", "criticSteps must be > 0, found -1");
    rejects(() -> new LossConfigs.WganGp(0, 10, 1, 1), "criticSteps", "criticSteps must be > 0, found 0");
    rejects(() -> new LossConfigs.Dragan(0, 10, 0.5, 1, 1), "discriminatorSteps", "discriminatorSteps must be > 0, found 0");
  }

  @Test
  void clipAndPerturbationMustBePositive() {
    rejects(() -> new LossConfigs.Wgan(5, 0, 1, 1), "clip", "clip must be > 0 and finite, found 0.0");
    rejects(() -> new LossConfigs.Dragan(1, 10, -0.5, 1, 1), "perturbation", "perturbation must be > 0 and finite, found -0.5");
  }

  @Test
  void conditionalWeightsMustBeNonNegative() {
    rejects(() -> new LossConfigs.Adversarial(1, -1, 1), "auxiliaryWeight", "auxiliaryWeight must be >= 0 and finite, found -1.0");
    rejects(() -> new LossConfigs.Wgan(5, 0.01, 1, Double.NaN), "informationWeight", "informationWeight must be >= 0 and finite, found NaN");
    rejects(() -> new LossConfigs.WganGp(5, 10, 1, -3), "informationWeight", "informationWeight must be >= 0 and finite, found -3.0");
    rejects(() -> new LossConfigs.Dragan(1, 10, 0.5, -1, 1), "auxiliaryWeight", "auxiliaryWeight must be >= 0 and finite, found -1.0");
  }

  @Test
  void generatorObjectiveMustBeKnown() {
    rejects(() -> new LossConfigs.Adversarial(1, 1, 1, "feature-match", 1), "generatorObjective",
        "generatorObjective must be one of [adversarial, feature-matching], found 'feature-match'");
    rejects(() -> new LossConfigs.Dragan(1, 10, 0.5, 1, 1, null, 1), "generatorObjective",
        "generatorObjective must be set, found null");
  }

  @Test
  void realLabelMustBeInTheHalfOpenUnitInterval() {
    rejects(() -> new LossConfigs.Adversarial(1, 1, 1, "adversarial", 0), "realLabel",
        "realLabel must be in (0, 1], found 0.0");
    rejects(() -> new LossConfigs.Adversarial(1, 1, 1, "adversarial", 1.1), "realLabel",
        "realLabel must be in (0, 1], found 1.1");
    rejects(() -> new LossConfigs.Dragan(1, 10, 0.5, 1, 1, "adversarial", Double.NaN), "realLabel",
        "realLabel must be in (0, 1], found NaN");
    assertThat(new LossConfigs.Adversarial(1, 1, 1, "feature-matching", 0.9).realLabel()).isEqualTo(0.9);
  }

  @Test
  void zeroLambdaAndZeroWeightsAreAllowed() {
    assertThat(new LossConfigs.WganGp(1, 0, 0, 0).lambda()).isZero();
    assertThat(new LossConfigs.Dragan(1, 0, 1, 0, 0).lambda()).isZero();
  }

  @Test
  void defaultsAreThePapers() {
    assertThat(LossConfigs.Adversarial.DEFAULTS).isEqualTo(new LossConfigs.Adversarial(1, 1.0, 1.0, "adversarial", 1.0));
    assertThat(LossConfigs.Wgan.DEFAULTS).isEqualTo(new LossConfigs.Wgan(5, 0.01, 1.0, 1.0));
    assertThat(LossConfigs.WganGp.DEFAULTS).isEqualTo(new LossConfigs.WganGp(5, 10.0, 1.0, 1.0));
    assertThat(LossConfigs.Dragan.DEFAULTS).isEqualTo(new LossConfigs.Dragan(1, 10.0, 0.5, 1.0, 1.0, "adversarial", 1.0));
  }

  @Test
  void everyConfigFieldIsDescribed() {
    for (Class<?> type : LossConfigs.class.getDeclaredClasses()) {
      assertThat(type.getRecordComponents()).as(type.getSimpleName()).isNotEmpty().allSatisfy(c ->
          assertThat(c.getAnnotation(io.genlab.api.Description.class)).as(type.getSimpleName() + "." + c.getName()).isNotNull());
    }
  }
}
