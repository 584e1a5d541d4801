package io.genlab.vae;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.api.DataInfo;
import io.genlab.api.ModelGraph;
import io.genlab.api.Objectives;
import io.genlab.api.RandomSource;
import io.genlab.vae.LatentVariableModel.Outputs;
import io.genlab.vae.internal.ElboLoss;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks SameDiff's gradients of the hand-written negative ELBO against central finite differences,
 * in double precision, with respect to the decoder output, mu and logvar.
 */
class ElboGradientCheckTests {

  @ParameterizedTest
  @EnumSource(Likelihood.class)
  void elboGradientsMatchFiniteDifferences(Likelihood likelihood) {
    int batch = 3;
    int d = 5;
    int latent = 2;
    RandomSource r = RandomSource.seeded(42);
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, d);
    SDVariable out = sd.var("out", r.derive("out").normal(batch, d).castTo(DataType.DOUBLE));
    SDVariable mu = sd.var("mu", r.derive("mu").normal(batch, latent).castTo(DataType.DOUBLE));
    SDVariable logvar = sd.var("logvar", r.derive("lv").normal(batch, latent).castTo(DataType.DOUBLE).muli(0.5));
    ModelGraph graph = ModelGraph.builder(sd).dataInput(x, d)
        .output(Outputs.DECODER, out).output(Outputs.MU, mu).output(Outputs.LOGVAR, logvar)
        .parameters(ModelGraph.DEFAULT_GROUP, List.of("out", "mu", "logvar")).build();
    DataInfo info = new DataInfo(new long[] {d}, 0, 1, likelihood == Likelihood.BERNOULLI, 0);
    Objectives objectives = new ElboLoss(new ElboConfig(2.5)).build(graph, info, likelihood, 0.7);
    SDVariable loss = objectives.objectives().get(0).value();
    sd.setLossVariables(loss);
    INDArray data = r.derive("x").uniform(batch, d).castTo(DataType.DOUBLE);
    if (likelihood == Likelihood.BERNOULLI) {
      data = data.gt(0.5).castTo(DataType.DOUBLE);
    }
    Map<String, INDArray> feeds = Map.of("x", data);
    Map<String, INDArray> grads = sd.calculateGradients(feeds, "out", "mu", "logvar");
    double h = 1e-6;
    int checked = 0;
    for (String name : List.of("out", "mu", "logvar")) {
      INDArray param = sd.getVariable(name).getArr();
      for (int i = 0; i < param.length(); i++) {
        double original = param.getDouble(i);
        param.putScalar(i, original + h);
        double plus = sd.output(feeds, loss.name()).get(loss.name()).getDouble(0);
        param.putScalar(i, original - h);
        double minus = sd.output(feeds, loss.name()).get(loss.name()).getDouble(0);
        param.putScalar(i, original);
        double numeric = (plus - minus) / (2 * h);
        double analytic = grads.get(name).getDouble(i);
        assertThat(analytic).as(name + "[" + i + "]").isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-6 + 1e-5 * Math.abs(numeric)));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(batch * d + 2 * batch * latent);
  }
}
