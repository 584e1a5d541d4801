package io.genlab.diffusion.internal;

import io.genlab.api.TrainedModel;
import io.genlab.diffusion.DiffusionModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Runs a diffusion model's sampling graph ({@link DiffusionModel#SAMPLE_OUTPUT}) for samplers and metrics. */
final class SamplingGraph {
  private SamplingGraph() {}

  /**
   * The denoiser's output for {@code x} at timestep index {@code t}.
   *
   * @param labels one-hot labels {@code [B, K]} (zero rows: no label), or {@code null} for an
   *     unconditional model
   */
  static INDArray denoise(TrainedModel model, INDArray x, int t, INDArray labels) {
    Map<String, INDArray> feeds = new HashMap<>();
    feeds.put(DiffusionModel.SAMPLE_X, x);
    feeds.put(DiffusionModel.SAMPLE_T, Nd4j.valueArrayOf(new long[] {x.size(0)}, (float) t));
    if (labels != null) {
      feeds.put(DiffusionModel.SAMPLE_LABELS, labels);
    }
    String output = model.graph().output(DiffusionModel.SAMPLE_OUTPUT).name();
    return model.run(feeds, List.of(output)).get(output);
  }
}
