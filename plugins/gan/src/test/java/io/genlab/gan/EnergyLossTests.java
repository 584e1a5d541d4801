package io.genlab.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.LossState;
import io.genlab.api.Objectives;
import io.genlab.gan.internal.BeganLoss;
import io.genlab.gan.internal.EbganLoss;
import io.genlab.gan.internal.MlpGan;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * EBGAN's and BEGAN's objectives and diagnostics against values computed by hand on
 * {@link FakeEnergyGan#standard()}: reconstruction differences real [[0.5, 0.5], [-1, 1]] and fake
 * [[0.5, -1], [0.5, 2]]. Per-example mean squared errors: real [0.25, 1] (mean 0.625), fake [0.625,
 * 2.125] (mean 1.375). L1 over every value: real 3 / 4 = 0.75, fake 4 / 4 = 1.
 */
class EnergyLossTests {
  private static final Offset<Double> TOLERANCE = Offset.offset(1e-9);

  private static double eval(FakeEnergyGan gan, Objectives objectives, int objective) {
    return gan.eval(objectives.objectives().get(objective).value());
  }

  private static double diagnostic(FakeEnergyGan gan, Objectives objectives, String key) {
    assertThat(objectives.diagnostics()).containsKey(key);
    return gan.eval(objectives.diagnostics().get(key));
  }

  @Test
  void ebganHingesFakeEnergiesBelowTheMargin() {
    FakeEnergyGan gan = FakeEnergyGan.standard();
    Objectives o = gan.apply(new EbganLoss(LossConfigs.Ebgan.DEFAULTS));
    // 0.625 + mean(relu(1 - 0.625), relu(1 - 2.125)) = 0.625 + (0.375 + 0) / 2
    assertThat(eval(gan, o, 0)).isCloseTo(0.8125, TOLERANCE);
    // 1.375 + 0.1 * PT, PT = 1/3 (see pullingAwayTermOfHandComputedCodes)
    assertThat(eval(gan, o, 1)).isCloseTo(1.375 + 0.1 / 3, TOLERANCE);
    assertThat(diagnostic(gan, o, "energy_real")).isCloseTo(0.625, TOLERANCE);
    assertThat(diagnostic(gan, o, "energy_fake")).isCloseTo(1.375, TOLERANCE);
    assertThat(o.objectives()).extracting(io.genlab.api.Objective::parameterGroup)
        .containsExactly(GanModel.DISCRIMINATOR, GanModel.GENERATOR);
  }

  @Test
  void ebganMarginComesFromTheConfig() {
    FakeEnergyGan gan = FakeEnergyGan.standard();
    Objectives o = gan.apply(new EbganLoss(new LossConfigs.Ebgan(3.0, 0.0)));
    // 0.625 + ((3 - 0.625) + (3 - 2.125)) / 2: both fakes inside the margin
    assertThat(eval(gan, o, 0)).isCloseTo(2.25, TOLERANCE);
    assertThat(eval(gan, o, 1)).isCloseTo(1.375, TOLERANCE); // ptWeight 0
    FakeEnergyGan far = FakeEnergyGan.standard();
    Objectives none = far.apply(new EbganLoss(new LossConfigs.Ebgan(0.5, 0.0)));
    assertThat(eval(far, none, 0)).as("both fake energies above m = 0.5").isCloseTo(0.625, TOLERANCE);
  }

  @Test
  void pullingAwayTermOfHandComputedCodes() {
    // unit codes [1, 0], [1, 1]/sqrt 2, [0, 1]: squared cosines 1/2, 0, 1/2 per pair, each pair twice, / (3 * 2)
    FakeEnergyGan gan = FakeEnergyGan.standard();
    Objectives o = gan.apply(new EbganLoss(LossConfigs.Ebgan.DEFAULTS));
    assertThat(diagnostic(gan, o, "pt")).isCloseTo(1.0 / 3, Offset.offset(1e-9));

    // orthogonal codes pull apart completely; identical directions (any length) give 1
    FakeEnergyGan orthogonal = FakeEnergyGan.standard();
    orthogonal.outputs.put(AutoencoderDiscriminator.CODE_FAKE, FakeGan.rows(new double[][] {{2, 0, 0}, {0, 0, -1}}));
    assertThat(diagnostic(orthogonal, orthogonal.apply(new EbganLoss(LossConfigs.Ebgan.DEFAULTS)), "pt"))
        .isCloseTo(0.0, TOLERANCE);
    FakeEnergyGan parallel = FakeEnergyGan.standard();
    parallel.outputs.put(AutoencoderDiscriminator.CODE_FAKE,
        FakeGan.rows(new double[][] {{1, 2}, {-2, -4}, {0.5, 1}, {3, 6}}));
    assertThat(diagnostic(parallel, parallel.apply(new EbganLoss(LossConfigs.Ebgan.DEFAULTS)), "pt"))
        .isCloseTo(1.0, Offset.offset(1e-9));
  }

  @Test
  void beganObjectivesUseKAndTheL1Losses() {
    FakeEnergyGan gan = FakeEnergyGan.standard();
    BeganLoss loss = new BeganLoss(LossConfigs.Began.DEFAULTS);
    Objectives o = gan.apply(loss);
    assertThat(eval(gan, o, 0)).as("k_0 = 0").isCloseTo(0.75, TOLERANCE);
    gan.sd.getVariable(BeganLoss.K_VARIABLE).setArray(Nd4j.scalar(DataType.FLOAT, 0.25f));
    assertThat(eval(gan, o, 0)).isCloseTo(0.75 - 0.25 * 1.0, TOLERANCE);
    assertThat(eval(gan, o, 1)).isCloseTo(1.0, TOLERANCE);
    assertThat(diagnostic(gan, o, "l_real")).isCloseTo(0.75, TOLERANCE);
    assertThat(diagnostic(gan, o, "l_fake")).isCloseTo(1.0, TOLERANCE);
    // M_global = L(x) + |gamma L(x) - L(G(z))| = 0.75 + |0.375 - 1|
    assertThat(diagnostic(gan, o, "m_global")).isCloseTo(1.375, TOLERANCE);

    FakeEnergyGan other = FakeEnergyGan.standard();
    Objectives o75 = other.apply(new BeganLoss(new LossConfigs.Began(0.75, 0.001)));
    assertThat(diagnostic(other, o75, "m_global")).isCloseTo(0.75 + (1 - 0.5625), TOLERANCE);
  }

  @Test
  void beganKFollowsTheControlRuleAndIsClipped() {
    BeganLoss loss = new BeganLoss(LossConfigs.Began.DEFAULTS);
    List<LossState> state = loss.state();
    assertThat(state).hasSize(1);
    LossState k = state.get(0);
    assertThat(k.name()).isEqualTo("k");
    assertThat(k.variable()).isEqualTo(BeganLoss.K_VARIABLE);
    assertThat(k.initial()).isZero();
    // k + 0.001 (0.5 * 1.0 - 0.2)
    assertThat(k.update().next(0.5, 7, Map.of("l_real", 1.0, "l_fake", 0.2))).isCloseTo(0.5003, TOLERANCE);
    // below 0 and above 1 are clipped
    assertThat(k.update().next(0.0, 1, Map.of("l_real", 0.75, "l_fake", 1.0))).isZero();
    assertThat(k.update().next(0.9999, 1, Map.of("l_real", 1.0, "l_fake", 0.0))).isEqualTo(1.0);
    BeganLoss fast = new BeganLoss(new LossConfigs.Began(0.75, 0.5));
    assertThat(fast.next(0.2, 2.0, 0.5)).isCloseTo(0.2 + 0.5 * (1.5 - 0.5), TOLERANCE);
    assertThat(fast.next(0.2, 0.0, 2.0)).isZero();
  }

  @Test
  void modelsWithAScoreHeadAreRefused() {
    for (io.genlab.api.Loss loss : List.<io.genlab.api.Loss>of(new EbganLoss(LossConfigs.Ebgan.DEFAULTS), new BeganLoss(LossConfigs.Began.DEFAULTS))) {
      assertThat(loss.incompatibility(new MlpGan(MlpGanConfig.DEFAULTS))).get().asString()
          .contains("autoencoder").contains("energy-gan");
      assertThat(loss.incompatibility(FakeGan.standard())).get().asString().contains("autoencoder");
      assertThat(loss.incompatibility(FakeEnergyGan.standard())).isEmpty();
      FakeGan plain = FakeGan.standard();
      assertThatThrownBy(() -> plain.apply(loss)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("autoencoder");
    }
  }

  @Test
  void configsAreValidated() {
    assertThatThrownBy(() -> new LossConfigs.Began(0.4, 0.001)).hasMessageContaining("gamma").hasMessageContaining("0.4");
    assertThatThrownBy(() -> new LossConfigs.Began(0.8, 0.001)).hasMessageContaining("gamma");
    assertThatThrownBy(() -> new LossConfigs.Began(0.5, 0)).hasMessageContaining("lambdaK");
    assertThatThrownBy(() -> new LossConfigs.Began(0.5, 2)).hasMessageContaining("lambdaK");
    assertThatThrownBy(() -> new LossConfigs.Ebgan(0, 0.1)).hasMessageContaining("margin");
    assertThatThrownBy(() -> new LossConfigs.Ebgan(1, -0.1)).hasMessageContaining("ptWeight");
    assertThat(new LossConfigs.Began(0.75, 1).gamma()).isEqualTo(0.75);
    assertThatThrownBy(() -> new EnergyGanConfig(8, List.of(4), List.of(4), 0, List.of(4),
        io.genlab.nn.Activation.RELU, io.genlab.nn.Activation.RELU, io.genlab.nn.Init.PYTORCH_DEFAULT))
        .hasMessageContaining("codeSize");
  }
}
