package io.genlab.diffusion.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.api.RandomSource;
import io.genlab.nn.Init;
import io.genlab.nn.Layers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The MLP denoiser: its layers and sizes, its use of timesteps and labels, and rebuilding on copied weights. */
class MlpDenoiserTests {

  @Test
  void hasTheDocumentedLayersAndMapsVectorsToVectors() {
    SameDiff sd = SameDiff.create();
    Layers layers = new Layers(sd, RandomSource.seeded(1), Init.PYTORCH_DEFAULT);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 2);
    SDVariable t = sd.placeHolder("t", DataType.FLOAT, -1);
    SDVariable labels = sd.placeHolder("labels", DataType.FLOAT, -1, 3);
    SDVariable y = new MlpDenoiser(2, List.of(64, 64), 16, 3).build(layers, "denoiser", true, x, t, labels);

    assertThat(layers.parameters()).containsExactly(
        "denoiser/temb/fc0/W", "denoiser/temb/fc0/b", "denoiser/temb/fc1/W", "denoiser/temb/fc1/b",
        "denoiser/label/W", "denoiser/label/b", "denoiser/fc0/W", "denoiser/fc0/b",
        "denoiser/fc1/W", "denoiser/fc1/b", "denoiser/out/W", "denoiser/out/b");
    // temb 2 * (16 * 16 + 16), label 3 * 16 + 16, fc0 (2 + 16) * 64 + 64, fc1 64 * 64 + 64, out 64 * 2 + 2
    long count = layers.parameters().stream().mapToLong(n -> sd.getVariable(n).getArr().length()).sum();
    assertThat(count).isEqualTo(544 + 64 + 1216 + 4160 + 130);

    INDArray input = RandomSource.seeded(2).normal(2, 2);
    Map<String, INDArray> at10 = sd.output(Map.of("x", input, "t", Nd4j.createFromArray(10f, 10f),
        "labels", Nd4j.createFromArray(new float[][] {{1, 0, 0}, {1, 0, 0}})), y.name());
    Map<String, INDArray> at500 = sd.output(Map.of("x", input, "t", Nd4j.createFromArray(500f, 500f),
        "labels", Nd4j.createFromArray(new float[][] {{1, 0, 0}, {1, 0, 0}})), y.name());
    Map<String, INDArray> otherLabel = sd.output(Map.of("x", input, "t", Nd4j.createFromArray(10f, 10f),
        "labels", Nd4j.createFromArray(new float[][] {{0, 1, 0}, {0, 0, 0}})), y.name());
    assertThat(at10.get(y.name()).shape()).containsExactly(2, 2);
    assertThat(at500.get(y.name())).isNotEqualTo(at10.get(y.name()));
    assertThat(otherLabel.get(y.name())).isNotEqualTo(at10.get(y.name()));
  }

  @Test
  void rebuildsOnMovingAverageCopiesOfTheWeightsByName() {
    SameDiff sd = SameDiff.create();
    Layers layers = new Layers(sd, RandomSource.seeded(1), Init.PYTORCH_DEFAULT);
    MlpDenoiser net = new MlpDenoiser(3, List.of(8), 4, 0);
    SDVariable y = net.build(layers, "denoiser", true,
        sd.placeHolder("x", DataType.FLOAT, -1, 3), sd.placeHolder("t", DataType.FLOAT, -1), null);
    for (String name : layers.parameters()) {
      sd.var("ema/" + name, sd.getVariable(name).getArr().dup());
    }
    SDVariable ema = net.build(layers, "ema/denoiser", false,
        sd.placeHolder("x2", DataType.FLOAT, -1, 3), sd.placeHolder("t2", DataType.FLOAT, -1), null);
    INDArray x = RandomSource.seeded(2).normal(4, 3);
    INDArray t = Nd4j.createFromArray(0f, 1f, 250f, 999f);
    Map<String, INDArray> out = sd.output(Map.of("x", x, "t", t, "x2", x, "t2", t), y.name(), ema.name());

    assertThat(layers.parameters()).hasSize(8);
    assertThat(out.get(ema.name())).isEqualTo(out.get(y.name()));
  }

  @Test
  void misuseFailsWithAClearMessage() {
    assertThatThrownBy(() -> new MlpDenoiser(2, List.of(0), 16, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hidden width");
    assertThatThrownBy(() -> new MlpDenoiser(2, List.of(8), 15, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("even");
    assertThatThrownBy(() -> new MlpDenoiser(2, List.of(8), 16, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numClasses");
    SameDiff sd = SameDiff.create();
    Layers layers = new Layers(sd, RandomSource.seeded(1), Init.PYTORCH_DEFAULT);
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 2);
    SDVariable t = sd.placeHolder("t", DataType.FLOAT, -1);
    assertThatThrownBy(() -> new MlpDenoiser(2, List.of(8), 16, 0).build(layers, "d", false, x, t, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("d/temb/fc0");
    assertThatThrownBy(() -> new MlpDenoiser(2, List.of(8), 16, 0).build(layers, "", true, x, t, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scope");
  }
}
