package io.genlab.flow.internal;

import io.genlab.api.Examples;
import io.genlab.api.LikelihoodUnits;
import io.genlab.api.Metric;
import io.genlab.api.Model;
import io.genlab.api.TrainedModel;
import io.genlab.flow.FlowModel;
import io.genlab.flow.MetricConfigs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The family's metrics. */
public final class FlowMetrics {
  private FlowMetrics() {}

  private static int limit(Examples test, int limit) {
    return limit == 0 ? test.count() : Math.min(limit, test.count());
  }

  private static Optional<String> requireFlow(Model model, String metric) {
    return model.as(FlowModel.class).isPresent() ? Optional.empty()
        : Optional.of(metric + " needs a normalizing flow (realnvp, nice)");
  }

  /**
   * The test NLL in nats per example: exact for continuous vectors; for 8-bit images the bound
   * -log P(k) <= -log meanExp_K p(y_k) + D log 256 (with K = 1 the usual E_u[-log p(y)] + D log 256; more
   * draws tighten it, since E_u[p(y)] = 256^D P(k)), with bits per dimension.
   */
  public static final class FlowNll implements Metric {
    private final MetricConfigs.FlowNll config;

    public FlowNll(MetricConfigs.FlowNll config) {
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      FlowModel flow = FlowSamplers.flow(model);
      int n = limit(context.test(), config.limit());
      int draws = flow.dequantized() ? config.dequantizationSamples() : 1;
      int batchSize = model.evaluationBatchSize();
      double total = 0;
      for (int from = 0, b = 0; from < n; from += batchSize, b++) {
        int to = Math.min(n, from + batchSize);
        INDArray x = context.test().range(from, to);
        double[][] logLikelihoods = new double[to - from][draws];
        for (int k = 0; k < draws; k++) {
          var feeds = model.feeds(x, null, context.random().derive("dequantization").derive(b).derive(k));
          double[] ll = model.run(feeds, List.of(FlowModel.LOG_LIKELIHOOD)).get(FlowModel.LOG_LIKELIHOOD)
              .castTo(DataType.DOUBLE).toDoubleVector();
          for (int i = 0; i < ll.length; i++) {
            logLikelihoods[i][k] = ll[i];
          }
        }
        for (double[] perExample : logLikelihoods) {
          total -= LikelihoodUnits.logMeanExp(perExample);
        }
      }
      double nll = total / n;
      Map<String, Double> out = new LinkedHashMap<>();
      if (flow.dequantized()) {
        nll += LikelihoodUnits.discretizationNats(flow.dimensions(), flow.levels());
        out.put("test/nll_nats", nll);
        out.put("test/bits_per_dim", LikelihoodUnits.bitsPerDimension(nll, flow.dimensions()));
      } else {
        out.put("test/nll_nats", nll);
      }
      return out;
    }

    @Override
    public Map<String, String> protocol(TrainedModel model) {
      FlowModel flow = FlowSamplers.flow(model);
      return flow.dequantized() ? LikelihoodUnits.dequantizedProtocol(flow.levels(), flow.logitAlpha())
          : LikelihoodUnits.continuousProtocol();
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return requireFlow(model, "flow-nll");
    }
  }

  /**
   * max |y - f^-1(f(y))| over test examples, in the space the flow encodes: the dequantised data y in
   * [0, 1] for images (unclipped inverse), the data themselves for vectors.
   */
  public static final class Invertibility implements Metric {
    private final MetricConfigs.Invertibility config;

    public Invertibility(MetricConfigs.Invertibility config) {
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      FlowSamplers.flow(model);
      int n = limit(context.test(), config.limit());
      int batchSize = model.evaluationBatchSize();
      double worst = 0;
      for (int from = 0, b = 0; from < n; from += batchSize, b++) {
        INDArray x = context.test().range(from, Math.min(n, from + batchSize));
        var feeds = model.feeds(x, null, context.random().derive("dequantization").derive(b));
        Map<String, INDArray> encoded = model.run(feeds, List.of(FlowModel.Z, FlowModel.DEQUANTIZED));
        INDArray decoded = FlowSamplers.decode(model, encoded.get(FlowModel.Z), batchSize, FlowModel.SAMPLE_X);
        double error = decoded.sub(encoded.get(FlowModel.DEQUANTIZED)).amaxNumber().doubleValue();
        worst = Math.max(worst, error);
      }
      return Map.of("test/invertibility_error", worst);
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return requireFlow(model, "invertibility");
    }
  }
}
