package ${package}.internal;

import ${package}.TestNllConfig;
import io.genlab.api.LikelihoodUnits;
import io.genlab.api.Metric;
import io.genlab.api.Model;
import io.genlab.api.TrainedModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The mean of -log p(x) over the first {@code limit} test examples, in nats, evaluated in bounded batches. */
public final class TestNllMetric implements Metric {
  private final TestNllConfig config;

  public TestNllMetric(TestNllConfig config) {
    this.config = config;
  }

  @Override
  public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
    int n = config.limit() == 0 ? context.test().count() : Math.min(config.limit(), context.test().count());
    int batchSize = model.evaluationBatchSize();
    String logLikelihood = model.graph().output(GaussianModel.LOG_LIKELIHOOD).name();
    double total = 0;
    for (int from = 0, b = 0; from < n; from += batchSize, b++) {
      INDArray x = context.test().range(from, Math.min(n, from + batchSize));
      var feeds = model.feeds(x, null, context.random().derive("batch").derive(b));
      INDArray perExample = model.run(feeds, List.of(logLikelihood)).get(logLikelihood);
      total -= perExample.castTo(DataType.DOUBLE).sumNumber().doubleValue();
    }
    return Map.of("test/nll_nats", total / n);
  }

  @Override
  public Map<String, String> protocol(TrainedModel model) {
    return LikelihoodUnits.continuousProtocol();
  }

  @Override
  public Optional<String> incompatibility(Model model) {
    return Components.requireGaussian(model, "test-nll");
  }
}
