package ${package}.internal;

import ${package}.GaussianConfig;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.nn.GraphOps;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A diagonal Gaussian density: log p(x) = -1/2 sum_i (((x_i - mean_i) / std_i)^2 + 2 log std_i + log 2 pi),
 * with mean and log std learned per dimension of the flattened example.
 */
public final class GaussianModel implements Model {
  // Roles of the outputs: samplers and metrics find the variables by role, ModelGraph.output(role).

  /** The output with log p(x) per example, {@code [n]}. */
  public static final String LOG_LIKELIHOOD = "logLikelihood";
  /** The output with the mean, {@code [1, d]}. */
  public static final String MEAN = "mean";
  /** The output with the standard deviation, {@code [1, d]}. */
  public static final String STD = "std";

  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private final GaussianConfig config;

  public GaussianModel(GaussianConfig config) {
    this.config = config;
  }

  @Override
  public ModelGraph build(BuildContext context) {
    SameDiff sd = context.sameDiff();
    int d = context.data().exampleSize();
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, GraphOps.anyBatch(d));
    SDVariable mean = sd.var("mean",
        context.init().derive("mean").normal(1, d).muli(config.initialMeanScale()).castTo(DataType.FLOAT));
    // The log keeps the deviation positive whatever the optimizer does to the parameter.
    SDVariable logStd = sd.var("logStd", Nd4j.valueArrayOf(new long[] {1, d}, Math.log(config.initialStd()),
        DataType.FLOAT));
    SDVariable std = sd.math.exp(logStd);
    SDVariable z = x.sub(mean).div(std);
    SDVariable logLikelihood = z.mul(z).add(logStd.mul(2.0)).add(LOG_2PI).sum(1).mul(-0.5);
    return ModelGraph.builder(sd).dataInput(x, d)
        .output(LOG_LIKELIHOOD, logLikelihood)
        .output(MEAN, mean)
        .output(STD, std)
        .parameters(ModelGraph.DEFAULT_GROUP, List.of("mean", "logStd"))
        .build();
  }
}
