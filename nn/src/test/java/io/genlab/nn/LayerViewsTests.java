package io.genlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.RandomSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One way to build layers: scoped names, reusing views that apply what was built, create-or-reuse views, the data
 * type, and masked layers whose masked weights cannot matter.
 */
class LayerViewsTests {
  private static INDArray input(long... shape) {
    return RandomSource.seeded(9).normal(shape);
  }

  @Test
  void scopesPrefixNamesAndDrawEachWeightByItsFullName() {
    SameDiff sd = SameDiff.create();
    Layers layers = new Layers(sd, RandomSource.seeded(1), Init.PYTORCH_DEFAULT);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3);
    layers.scope("denoiser").scope("temb").dense("fc0", x, 3, 4, Activation.SILU);
    assertThat(layers.parameters()).containsExactly("denoiser/temb/fc0/W", "denoiser/temb/fc0/b");
    // The same draw as an unscoped layer of the full name: names alone decide initial weights.
    SameDiff other = SameDiff.create();
    new Layers(other, RandomSource.seeded(1), Init.PYTORCH_DEFAULT)
        .dense("denoiser/temb/fc0", other.placeHolder("x", DataType.FLOAT, -1, 3), 3, 4, Activation.SILU);
    assertThat(sd.getVariable("denoiser/temb/fc0/W").getArr()).isEqualTo(other.getVariable("denoiser/temb/fc0/W").getArr());
    assertThatThrownBy(() -> layers.scope("a/")).hasMessageContaining("'a/'");
  }

  @Test
  void aReusingViewAppliesTheSameWeightsAndNamesAMissingLayer() {
    SameDiff sd = SameDiff.create();
    Layers layers = new Layers(sd, RandomSource.seeded(1), Init.PYTORCH_DEFAULT);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3);
    SDVariable z = sd.placeHolder("z", DataType.FLOAT, -1, 3);
    SDVariable first = layers.scope("net").dense("fc", x, 3, 2, Activation.TANH);
    SDVariable again = layers.scope("net").reusing().dense("fc", z, 3, 2, Activation.TANH);
    assertThat(layers.parameters()).containsExactly("net/fc/W", "net/fc/b");
    INDArray in = input(4, 3);
    Map<String, INDArray> out = sd.output(Map.of("x", in, "z", in), first.name(), again.name());
    assertThat(out.get(again.name())).isEqualTo(out.get(first.name()));
    assertThat(layers.scope("net").reusing().reuses()).isTrue();
    assertThatThrownBy(() -> layers.reusing().dense("missing", x, 3, 2, Activation.IDENTITY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 'missing'");
    assertThatThrownBy(() -> layers.scope("net").dense("fc", x, 3, 2, Activation.IDENTITY))
        .hasMessageContaining("'net/fc/W' already exists");
    assertThatThrownBy(() -> layers.reusing().batchNorm("bn", x, 3, 2, "g"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("applyBatchNorm");
  }

  @Test
  void createOrReuseCreatesOnFirstUseOnly() {
    SameDiff sd = SameDiff.create();
    Layers layers = new Layers(sd, RandomSource.seeded(1), Init.PYTORCH_DEFAULT).createOrReuse();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 2, 4, 4);
    layers.conv2d("c", x, 2, 3, 3, 1, 1, Activation.IDENTITY);
    layers.conv2d("c", x, 2, 3, 3, 1, 1, Activation.IDENTITY);
    layers.variable("scale", Nd4j.ones(DataType.FLOAT, 3));
    layers.variable("scale", Nd4j.zeros(DataType.FLOAT, 3));
    assertThat(layers.parameters()).containsExactly("c/W", "c/b", "scale");
    assertThat(sd.getVariable("scale").getArr().sumNumber().doubleValue()).isEqualTo(3.0);
  }

  @Test
  void buildsInDoublePrecisionWhenAsked() {
    SameDiff sd = SameDiff.create();
    Layers layers = new Layers(sd, RandomSource.seeded(1), Init.PYTORCH_DEFAULT, DataType.DOUBLE);
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 3);
    layers.dense("fc", x, 3, 2, Activation.IDENTITY);
    layers.constant("k", Nd4j.ones(DataType.FLOAT, 2));
    assertThat(sd.getVariable("fc/W").dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(sd.getVariable("k").dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(layers.dataType()).isEqualTo(DataType.DOUBLE);
    assertThatThrownBy(() -> new Layers(sd, RandomSource.seeded(1), Init.PYTORCH_DEFAULT, DataType.INT))
        .hasMessageContaining("FLOAT or DOUBLE");
  }

  @Test
  void maskedWeightsGetNoGradientAndDoNotChangeTheOutput() {
    SameDiff sd = SameDiff.create();
    Layers layers = new Layers(sd, RandomSource.seeded(1), Init.PYTORCH_DEFAULT);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3);
    INDArray maskValues = Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 1}});
    SDVariable y = layers.maskedDense("made", x, 3, 2, sd.constant("mask", maskValues), false);
    SDVariable loss = y.sum();
    loss.markAsLoss();
    assertThat(layers.parameters()).containsExactly("made/W");
    INDArray in = input(5, 3);
    Map<String, INDArray> gradients = sd.calculateGradients(Map.of("x", in), "made/W");
    INDArray grad = gradients.get("made/W");
    assertThat(grad.getDouble(0, 1)).isZero();
    assertThat(grad.getDouble(1, 0)).isZero();
    assertThat(grad.getDouble(2, 0)).isNotZero();
    sd.getVariable("made/W").getArr().putScalar(0, 1, 100.0);
    INDArray before = sd.output(Map.of("x", in), y.name()).get(y.name());
    sd.getVariable("made/W").getArr().putScalar(0, 1, -7.0);
    assertThat(sd.output(Map.of("x", in), y.name()).get(y.name())).isEqualTo(before);
  }
}
