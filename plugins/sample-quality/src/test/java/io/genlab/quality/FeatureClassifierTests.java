package io.genlab.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.Examples;
import io.genlab.api.RandomSource;
import io.genlab.nn.features.FeatureClassifier;
import io.genlab.tck.TinyData;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Fréchet distance's hand-written classifier: its backprop against finite differences, its training. */
class FeatureClassifierTests {

  @Test
  void backpropMatchesCentralFiniteDifferencesInDouble() {
    // 5 inputs, hidden 4 and 3, 3 classes; some inputs exactly 0 to exercise the skipped multiply-adds.
    FeatureClassifier c = FeatureClassifier.initial(5, List.of(4, 3), 3, RandomSource.seeded(3));
    int n = 6;
    float[] noise = new float[n * 5];
    RandomSource.seeded(4).fillNormal(noise);
    double[] x = new double[n * 5];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 4 == 0 ? 0 : noise[i];
    }
    int[] labels = {0, 1, 2, 2, 1, 0};
    double[][] gradW = new double[c.layers()][];
    double[][] gradB = new double[c.layers()][];
    for (int l = 0; l < c.layers(); l++) {
      gradW[l] = new double[c.weights(l).length];
      gradB[l] = new double[c.biases(l).length];
    }
    c.lossAndGradient(x, labels, n, gradW, gradB);
    double h = 1e-6;
    int checked = 0;
    for (int l = 0; l < c.layers(); l++) {
      for (double[][] pair : List.of(new double[][] {c.weights(l), gradW[l]}, new double[][] {c.biases(l), gradB[l]})) {
        double[] p = pair[0];
        for (int j = 0; j < p.length; j++) {
          double saved = p[j];
          p[j] = saved + h;
          double up = c.lossAndGradient(x, labels, n, scratch(gradW), scratch(gradB));
          p[j] = saved - h;
          double down = c.lossAndGradient(x, labels, n, scratch(gradW), scratch(gradB));
          p[j] = saved;
          double numeric = (up - down) / (2 * h);
          assertThat(pair[1][j]).as("layer %d parameter %d", l, j).isCloseTo(numeric, within(1e-8));
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(5 * 4 + 4 + 4 * 3 + 3 + 3 * 3 + 3);
    assertThat(Arrays.stream(gradW[0]).filter(g -> g != 0).count()).as("non-trivial first-layer gradient").isPositive();
  }

  private static double[][] scratch(double[][] like) {
    return Arrays.stream(like).map(a -> new double[a.length]).toArray(double[][]::new);
  }

  @Test
  void trainingIsBitIdenticalAndLearnsTheClasses() {
    Examples data = TinyData.labelledImages();
    var config = new MetricConfigs.FrechetDistance(32, List.of(16, 8), 20, 8, 1e-2, 5);
    FeatureClassifier a = FeatureClassifier.train(data, config.training());
    FeatureClassifier b = FeatureClassifier.train(data, config.training());
    assertThat(a.toBytes()).isEqualTo(b.toBytes());
    assertThat(a.checksum()).isEqualTo(b.checksum()).hasSize(12).matches("[0-9a-f]{12}");
    assertThat(FeatureClassifier.train(data, new MetricConfigs.FrechetDistance(32, List.of(16, 8), 20, 8, 1e-2, 6).training())
        .checksum()).as("another classifier seed").isNotEqualTo(a.checksum());
    assertThat(FeatureClassifier.train(data, new MetricConfigs.FrechetDistance(500, List.of(16, 8), 20, 8, 1e-2, 5).training())
        .checksum()).as("samples do not define the classifier").isEqualTo(a.checksum());

    double[] x = new double[data.values().length];
    for (int i = 0; i < x.length; i++) {
      x[i] = data.values()[i];
    }
    double[][] acts = a.forward(x, data.count());
    double[] logits = acts[acts.length - 1];
    int correct = 0;
    for (int i = 0; i < data.count(); i++) {
      int best = 0;
      for (int k = 1; k < 4; k++) {
        best = logits[i * 4 + k] > logits[i * 4 + best] ? k : best;
      }
      correct += best == data.labels()[i] ? 1 : 0;
    }
    assertThat(correct).as("training accuracy on the bright-quadrant images").isEqualTo(data.count());
    assertThat(acts[acts.length - 2]).as("features: the last hidden layer").hasSize(data.count() * 8);
  }

  @Test
  void weightsRoundTripThroughBytesAndTheLengthIsChecked() {
    FeatureClassifier c = FeatureClassifier.initial(6, List.of(5, 4), 3, RandomSource.seeded(9));
    byte[] bytes = c.toBytes();
    assertThat(bytes).hasSize(8 * (6 * 5 + 5 + 5 * 4 + 4 + 4 * 3 + 3));
    FeatureClassifier back = FeatureClassifier.fromBytes(6, List.of(5, 4), 3, bytes);
    assertThat(back.toBytes()).isEqualTo(bytes);
    assertThat(back.checksum()).isEqualTo(c.checksum());
    assertThat(back.weights(1)).isEqualTo(c.weights(1));
    assertThatThrownBy(() -> FeatureClassifier.fromBytes(6, List.of(5, 4), 3, Arrays.copyOf(bytes, bytes.length - 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("classifier weights must be 592 bytes for layers [6, 5, 4, 3], found 584");
  }

  @Test
  void initialWeightsFollowPyTorchsDefaultBound() {
    FeatureClassifier c = FeatureClassifier.initial(16, List.of(9), 2, RandomSource.seeded(1));
    assertThat(Arrays.stream(c.weights(0)).map(Math::abs).max().orElseThrow()).isLessThanOrEqualTo(0.25); // 1/sqrt(16)
    assertThat(Arrays.stream(c.biases(1)).map(Math::abs).max().orElseThrow()).isLessThanOrEqualTo(1 / 3.0); // 1/sqrt(9)
    assertThat(c.weights(0)).isNotEqualTo(FeatureClassifier.initial(16, List.of(9), 2, RandomSource.seeded(2)).weights(0));
  }
}
