package io.genlab.autoregressive.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.Examples;
import io.genlab.api.RandomSource;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.MadeConfig;
import io.genlab.autoregressive.NllConfig;
import io.genlab.autoregressive.TestData;
import io.genlab.engine.train.ModelSession;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The nll objective is the batch mean of -log p(x), and its diagnostic the same in bits per dimension. */
class NllLossTests {

  @Test
  void objectiveIsTheNegativeMeanLogLikelihood() {
    Examples data = TestData.binaryVectors();
    ModelSession session = Fixtures.session(new MadeModel(new MadeConfig(List.of(16), 1, true, false, 0)),
        data.info());
    String loss = session.objectives().objectives().get(0).value().name();
    String bits = session.objectives().diagnostics().get("bits_per_dim").name();
    String ll = session.graph().output(AutoregressiveModel.LOG_LIKELIHOOD).name();
    Map<String, INDArray> out = session.run(session.feeds(data.range(0, 8), null, RandomSource.seeded(0)),
        List.of(loss, bits, ll));
    double expected = -out.get(ll).meanNumber().doubleValue();
    assertThat(out.get(loss).getDouble(0)).isCloseTo(expected, within(1e-4));
    assertThat(out.get(bits).getDouble(0)).isCloseTo(expected / (64 * Math.log(2)), within(1e-5));
    assertThat(new NllLoss(NllConfig.DEFAULTS).incompatibility(session.model())).isEmpty();
  }
}
