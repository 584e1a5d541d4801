package io.genlab.autoregressive.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.api.DataInfo;
import io.genlab.api.RandomSource;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.PixelCnnConfig;
import io.genlab.engine.config.ConfigBinder;
import io.genlab.engine.train.ModelSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Sampling PixelCNN through its row window: the window's conditionals of a row equal the whole image's,
 * for every row (at the top of the image and below), every block type and output; and the samples drawn
 * through the window equal those drawn from whole-image passes.
 */
class RowBandTests {
  private static final DataInfo DATA = new DataInfo(new long[] {1, 12, 12}, 0, 1, true, 3);

  private static PixelCnnModel model(Map<String, Object> config) {
    return new PixelCnnModel(ConfigBinder.bind(PixelCnnConfig.DEFAULTS, config, "model.config"));
  }

  private static List<Map<String, Object>> configs() {
    return List.of(
        Map.of("channels", 8, "residualBlocks", 2, "firstKernel", 5, "outputHidden", 8),
        Map.of("channels", 8, "residualBlocks", 1, "firstKernel", 3, "outputHidden", 8, "output", "categorical",
            "levels", 4),
        Map.of("blocks", "gated", "channels", 8, "residualBlocks", 2, "firstKernel", 3, "outputHidden", 8),
        Map.of("channels", 8, "residualBlocks", 1, "firstKernel", 3, "outputHidden", 8, "conditional", true));
  }

  @Test
  void windowConditionalsEqualTheWholeImages() {
    for (Map<String, Object> config : configs()) {
      PixelCnnModel model = model(config);
      ModelSession session = Fixtures.session(model, DATA);
      AutoregressiveModel.RowWindow window = model.rowWindow().orElseThrow();
      int rows = window.rows();
      int n = 3;
      INDArray x = Nd4j.rand(DataType.FLOAT, n, 1, 12, 12).gt(0.5).castTo(DataType.FLOAT);
      INDArray labels = config.containsKey("conditional") ? Generation.oneHot(new int[] {0, 2, 1}, 3) : null;
      String full = session.graph().output(AutoregressiveModel.LOGITS).name();
      INDArray wholeImage = session.run(session.feeds(x, labels, RandomSource.seeded(1)), List.of(full)).get(full);
      RowBand band = RowBand.of(session, model, 0, new long[] {n, 1, 12, 12}).orElseThrow();
      float[] values = x.reshape(n, 144).data().asFloat();
      for (int row = 0; row < 12; row++) {
        INDArray bandLogits = band.logits(values, row * 12, labels);
        for (int c = 0; c < 12; c++) {
          int d = row * 12 + c;
          INDArray expected = wholeImage.rank() == 2 ? wholeImage.get(NDArrayIndex.all(), NDArrayIndex.point(d))
              : wholeImage.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(d));
          INDArray got = bandLogits.rank() == 2 ? bandLogits.get(NDArrayIndex.all(), NDArrayIndex.point(band.position(d)))
              : bandLogits.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(band.position(d)));
          double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
          assertThat(got.sub(expected).amaxNumber().doubleValue()).as(config + " row " + row + " of window " + rows)
              .isLessThanOrEqualTo(1e-5 * scale);
        }
      }
    }
  }

  @Test
  void samplesThroughTheWindowEqualWholeImageSamples() {
    for (Map<String, Object> config : configs()) {
      PixelCnnModel model = model(config);
      ModelSession session = Fixtures.session(model, DATA);
      INDArray start = Nd4j.zeros(DataType.FLOAT, 4, 1, 12, 12);
      INDArray labels = config.containsKey("conditional") ? Generation.oneHot(new int[] {0, 1, 2, 0}, 3) : null;
      INDArray banded = Generation.fill(session, model, 0, start, labels, 0, 1.0, RandomSource.seeded(4), 0);
      INDArray whole = Generation.fill(session, new WithoutWindow(model), 0, start, labels, 0, 1.0,
          RandomSource.seeded(4), 0);
      assertThat(banded).as(config.toString()).isEqualTo(whole);
      assertThat(banded.sumNumber().doubleValue()).as("some pixels drawn on").isPositive();
    }
  }

  /** The model as it is, but without its row window: sampling then runs whole-image passes. */
  private record WithoutWindow(AutoregressiveModel model) implements AutoregressiveModel {
    @Override
    public int orderings() {
      return model.orderings();
    }

    @Override
    public int[] ordering(int set) {
      return model.ordering(set);
    }

    @Override
    public int levels() {
      return model.levels();
    }

    @Override
    public int numClasses() {
      return model.numClasses();
    }

    @Override
    public Map<String, INDArray> orderingFeeds(int set, long batchSize) {
      return new HashMap<>(model.orderingFeeds(set, batchSize));
    }

    @Override
    public double dataValue(int level) {
      return model.dataValue(level);
    }

    @Override
    public INDArray toLevels(INDArray data) {
      return model.toLevels(data);
    }

    @Override
    public Optional<RowWindow> rowWindow() {
      return Optional.empty();
    }
  }
}
