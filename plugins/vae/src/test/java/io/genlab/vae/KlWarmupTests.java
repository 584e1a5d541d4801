package io.genlab.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.DataInfo;
import io.genlab.api.LossState;
import io.genlab.api.ModelGraph;
import io.genlab.api.Objectives;
import io.genlab.api.RandomSource;
import io.genlab.vae.LatentVariableModel.Outputs;
import io.genlab.vae.internal.ElboLoss;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The ELBO's KL warm-up: a loss state whose value weights the KL term. */
class KlWarmupTests {

  @Test
  void withoutWarmupTheLossKeepsNoState() {
    assertThat(new ElboLoss(new ElboConfig(4.0)).state()).isEmpty();
  }

  @Test
  void theWeightRisesLinearlyFromZeroToBetaOverTheWarmupSteps() {
    LossState weight = new ElboLoss(new ElboConfig(2.0, new ElboConfig.Kl(4))).state().get(0);
    assertThat(weight.name()).isEqualTo("kl_weight");
    assertThat(weight.initial()).isZero();
    double[] values = new double[7];
    double current = weight.initial();
    for (int t = 0; t < values.length; t++) {
      values[t] = current;
      current = weight.update().next(current, t + 1, Map.of());
    }
    assertThat(values).containsExactly(0.0, 0.5, 1.0, 1.5, 2.0, 2.0, 2.0);
  }

  @Test
  void theObjectiveWeightsTheKlByTheStateVariableAndTheBoundStaysUnweighted() {
    int batch = 3;
    int d = 5;
    int latent = 2;
    RandomSource r = RandomSource.seeded(7);
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, d);
    sd.var("out", r.derive("out").normal(batch, d));
    sd.var("mu", r.derive("mu").normal(batch, latent));
    sd.var("logvar", r.derive("lv").normal(batch, latent).muli(0.5));
    ModelGraph graph = ModelGraph.builder(sd).dataInput(x, d)
        .output(Outputs.DECODER, sd.getVariable("out")).output(Outputs.MU, sd.getVariable("mu"))
        .output(Outputs.LOGVAR, sd.getVariable("logvar"))
        .parameters(ModelGraph.DEFAULT_GROUP, List.of("out", "mu", "logvar")).build();
    DataInfo info = new DataInfo(new long[] {d}, 0, 1, false, 0);
    Objectives objectives = new ElboLoss(new ElboConfig(1.0, new ElboConfig.Kl(100)))
        .build(graph, info, Likelihood.GAUSSIAN, 1.0);
    String loss = objectives.objectives().get(0).value().name();
    Map<String, INDArray> feeds = Map.of("x", r.derive("x").uniform(batch, d));
    for (float w : new float[] {0f, 0.3f, 1f}) {
      sd.getVariable("kl_weight").getArr().assign(w);
      Map<String, INDArray> out = sd.output(feeds, loss, "diag/recon", "diag/kl", "diag/neg_elbo");
      double recon = out.get("diag/recon").getDouble(0);
      double kl = out.get("diag/kl").getDouble(0);
      assertThat(out.get(loss).getDouble(0)).as("w = " + w).isCloseTo(recon + w * kl, within(1e-4));
      assertThat(out.get("diag/neg_elbo").getDouble(0)).isCloseTo(recon + kl, within(1e-4));
    }
  }

  @Test
  void negativeWarmupIsRefusedNamingTheField() {
    assertThatThrownBy(() -> new ElboConfig.Kl(-5)).hasMessageContaining("warmupSteps").hasMessageContaining("-5");
  }
}
