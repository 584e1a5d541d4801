package ${package}.internal;

import ${package}.SamplerConfig;
import io.genlab.api.DataInfo;
import io.genlab.api.Model;
import io.genlab.api.Sampler;
import io.genlab.api.Samples;
import io.genlab.api.TrainedModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Draws x = mean + T std eps with eps ~ N(0, I), clipped to the data's range, shaped like the examples. */
public final class GaussianSampler implements Sampler {
  private final SamplerConfig config;

  public GaussianSampler(SamplerConfig config) {
    this.config = config;
  }

  @Override
  public Samples sample(TrainedModel model, SamplingContext context) {
    String meanName = model.graph().output(GaussianModel.MEAN).name();
    String stdName = model.graph().output(GaussianModel.STD).name();
    Map<String, INDArray> parameters = model.run(Map.of(), List.of(meanName, stdName));
    INDArray mean = parameters.get(meanName);
    INDArray std = parameters.get(stdName);
    INDArray eps = context.random().derive("eps").normal(config.count(), mean.size(1)).castTo(DataType.FLOAT);
    INDArray x = eps.muliRowVector(std.mul(config.temperature())).addiRowVector(mean);
    DataInfo data = model.data();
    // Samples must lie in the data's range; a Gaussian's tails do not.
    INDArray clipped = Transforms.min(Transforms.max(x, data.low(), false), data.high(), false);
    long[] shape = new long[data.exampleShape().length + 1];
    shape[0] = config.count();
    System.arraycopy(data.exampleShape(), 0, shape, 1, data.exampleShape().length);
    return new Samples(clipped.reshape(shape), null, Math.min(10, config.count()));
  }

  @Override
  public Optional<String> incompatibility(Model model) {
    return Components.requireGaussian(model, "gaussian");
  }
}
