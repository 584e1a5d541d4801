package io.genlab.gan;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.RandomSource;
import io.genlab.gan.internal.DraganLoss;
import io.genlab.gan.internal.MlpGan;
import io.genlab.nn.Activation;
import io.genlab.nn.Init;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DRAGAN's penalty on a real {@code mlp-gan} (leaky-ReLU discriminator, hand-written input gradient)
 * rather than on {@link FakeGan}'s linear critic: the penalty's gradients
 * with respect to every discriminator weight against central finite differences, and no
 * gradient of the penalty reaching the generator. Written while looking for why DRAGAN did not learn on
 * the toy mixtures; it found the penalty's math right (the cause was the penalty weight, see
 * experiments/bench/gan-toy-dragan.yaml).
 */
class MlpGanPenaltyGradientTests {

  @Test
  void penaltyGradientsMatchFiniteDifferencesAndStayInTheDiscriminator() {
    SameDiff sd = SameDiff.create();
    DataInfo data = new DataInfo(new long[] {2}, -3, 3, false, 0);
    MlpGan model = new MlpGan(new MlpGanConfig(2, List.of(4), List.of(4, 4), Activation.RELU, Activation.LEAKY_RELU,
        GanModel.Conditioning.NONE, 0, 0, Init.PYTORCH_DEFAULT));
    ModelGraph graph = model.build(new Model.BuildContext(sd, data, RandomSource.seeded(3)));
    new DraganLoss(LossConfigs.Dragan.DEFAULTS).build(new io.genlab.api.Loss.LossContext(model, graph, data));
    Map<String, INDArray> feeds = new HashMap<>();
    RandomSource random = RandomSource.seeded(7);
    feeds.put("x", random.derive("x").normal(5, 2));
    feeds.put("z", random.derive("z").normal(5, 2));
    feeds.put(GanModel.PENALTY_MIX, random.derive("mix").uniform(5, 1));
    feeds.put(GanModel.PENALTY_PERTURBATION, random.derive("u").uniform(5, 2));
    List<String> discriminator = graph.parameterGroups().get(GanModel.DISCRIMINATOR);
    int compared = 0;
    for (String target : List.of("diag/penalty")) {
      sd.setLossVariables(target);
      Map<String, INDArray> grads = quietly(() -> sd.calculateGradients(feeds, discriminator));
      for (String name : discriminator) {
        INDArray param = sd.getVariable(name).getArr();
        for (int i = 0; i < param.length(); i++) {
          double original = param.getDouble(i);
          double h = 1e-3; // float graph: small enough to stay off the leaky ReLU's kink
          param.putScalar(i, original + h);
          double plus = sd.output(feeds, target).get(target).getDouble(0);
          param.putScalar(i, original - h);
          double minus = sd.output(feeds, target).get(target).getDouble(0);
          param.putScalar(i, original);
          double numeric = (plus - minus) / (2 * h);
          INDArray grad = grads.get(name);
          double analytic = grad == null ? 0 : grad.getDouble(i);
          assertThat(analytic).as(target + " d/d" + name + "[" + i + "]")
              .isCloseTo(numeric, Offset.offset(5e-4 + 1e-2 * Math.abs(numeric)));
          if (Math.abs(numeric) > 1e-3) {
            compared++;
          }
        }
      }
    }
    assertThat(compared).as("penalty gradients that are not zero").isGreaterThan(10);
    // the penalty sits at perturbed real data: nothing of it reaches the generator's weights
    sd.setLossVariables("diag/penalty");
    List<String> generator = graph.parameterGroups().get(GanModel.GENERATOR);
    List<String> both = new java.util.ArrayList<>(discriminator);
    both.addAll(generator);
    Map<String, INDArray> toGenerator = quietly(() -> sd.calculateGradients(feeds, both));
    assertThat(generator).isNotEmpty();
    for (String name : generator) {
      INDArray grad = toGenerator.get(name);
      assertThat(grad == null ? 0.0 : grad.amaxNumber().doubleValue()).as(name).isZero();
    }
  }

  /** Runs {@code action} without SameDiff's "Added differentiated op" lines on stdout. */
  private static <T> T quietly(Supplier<T> action) {
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      return action.get();
    } finally {
      System.setOut(out);
    }
  }
}
