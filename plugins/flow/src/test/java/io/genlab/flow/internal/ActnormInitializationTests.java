package io.genlab.flow.internal;

import static io.genlab.flow.RealNvpConfig.Permutation.INVCONV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.engine.exec.SameDiffExecutor;
import io.genlab.engine.train.ModelSession;
import io.genlab.flow.NllConfig;
import io.genlab.flow.RealNvpConfig;
import io.genlab.tck.TinyData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * After {@link RealNvpModel#initializeFromData} on a batch, every actnorm's output on that batch has
 * per-channel mean 0 and standard deviation 1, each layer seeing its input through the already
 * initialised layers before it.
 */
class ActnormInitializationTests {

  @Test
  void actnormOutputsAreStandardisedPerChannelAfterDataInitialisation() {
    var data = TinyData.labelledImages();
    RealNvpConfig config = new RealNvpConfig(1, List.of(1), 1, 2, 2, 2, 8, 1, true, true, INVCONV, 0.05, 256);
    RealNvpModel model = new RealNvpModel(config);
    ModelSession session = ModelSession.build(model, new NllLoss(NllConfig.DEFAULTS), data.info(),
        RandomSource.seeded(1).derive("init"), SameDiffExecutor.factory(), 16);
    INDArray batch = data.range(0, 16);
    Map<String, INDArray> feeds = session.feeds(batch, null, RandomSource.seeded(2));
    model.initializeFromData(new Model.DataInitContext(session, feeds, session.executor()::parameter));

    List<Map<String, String>> actnorms = model.actnormVariables();
    assertThat(actnorms).hasSize(6);
    for (Map<String, String> actnorm : actnorms) {
      INDArray input = session.run(feeds, List.of(actnorm.get("input"))).get(actnorm.get("input"));
      long channels = input.size(1);
      INDArray bias = session.executor().parameter(actnorm.get("bias")).reshape(1, channels, 1, 1);
      INDArray scale = Transforms.exp(session.executor().parameter(actnorm.get("logScale")), true)
          .reshape(1, channels, 1, 1);
      INDArray output = input.add(bias).muli(scale).castTo(DataType.DOUBLE);
      INDArray mean = output.mean(0, 2, 3);
      INDArray std = output.std(false, 0, 2, 3);
      for (int c = 0; c < channels; c++) {
        assertThat(mean.getDouble(c)).as(actnorm.get("bias") + " mean " + c).isCloseTo(0, within(1e-4));
        assertThat(std.getDouble(c)).as(actnorm.get("bias") + " std " + c).isCloseTo(1, within(1e-3));
      }
    }
  }
}
