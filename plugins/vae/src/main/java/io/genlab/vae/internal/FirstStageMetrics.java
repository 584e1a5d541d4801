package io.genlab.vae.internal;

import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.LatentCodec;
import io.genlab.api.Metric;
import io.genlab.api.Model;
import io.genlab.api.RandomSource;
import io.genlab.api.TrainedModel;
import io.genlab.vae.FirstStageConfigs;
import io.genlab.vae.VectorQuantizedModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Metrics of first-stage autoencoders: reconstruction through a {@link LatentCodec}, codebook usage. */
public final class FirstStageMetrics {
  private FirstStageMetrics() {}

  private static int count(Examples test, int limit) {
    return limit == 0 ? test.count() : Math.min(limit, test.count());
  }

  /** Empty when {@code model} offers a {@link LatentCodec}, else why {@code name} cannot use it. */
  static Optional<String> needsCodec(Model model, String name) {
    return model.as(LatentCodec.class).isPresent() ? Optional.empty()
        : Optional.of(name + " needs a model with a latent codec (vq-vae, kl-autoencoder), found " + model.getClass().getSimpleName());
  }

  /**
   * Test examples encoded and decoded through the model's {@link LatentCodec}: squared error per example
   * ({@code codec_sq_error}) and per value ({@code codec_mse}), the PSNR in dB with the data range as peak, averaged
   * over examples ({@code codec_psnr}), and for data in [0, 1] the binary cross-entropy of the data under the
   * reconstruction, in nats per example ({@code codec_bce}, reconstructions clipped to [1e-6, 1 - 1e-6]).
   */
  public static final class CodecReconstruction implements Metric {
    private static final double CLIP = 1e-6;
    private final FirstStageConfigs.CodecReconstruction config;

    public CodecReconstruction(FirstStageConfigs.CodecReconstruction config) {
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      LatentCodec codec = model.model().as(LatentCodec.class).orElseThrow();
      Examples test = context.test();
      DataInfo info = test.info();
      int n = count(test, config.limit());
      int d = info.exampleSize();
      double peak = info.high() - info.low();
      boolean unit = info.low() == 0 && info.high() == 1;
      double squared = 0;
      double psnr = 0;
      double bce = 0;
      for (int from = 0; from < n; from += model.evaluationBatchSize()) {
        int to = Math.min(n, from + model.evaluationBatchSize());
        INDArray x = test.range(from, to);
        INDArray r = codec.decode(model, codec.encode(model, x));
        double[][] xs = x.reshape('c', to - from, d).toDoubleMatrix();
        double[][] rs = r.reshape('c', to - from, d).toDoubleMatrix();
        for (int i = 0; i < xs.length; i++) {
          double e = 0;
          double b = 0;
          for (int j = 0; j < d; j++) {
            double diff = xs[i][j] - rs[i][j];
            e += diff * diff;
            if (unit) {
              double p = Math.min(1 - CLIP, Math.max(CLIP, rs[i][j]));
              b -= xs[i][j] * Math.log(p) + (1 - xs[i][j]) * Math.log(1 - p);
            }
          }
          squared += e;
          bce += b;
          // An exact reconstruction would have infinite PSNR; 1e-10 of the peak's square bounds it at 100 dB.
          psnr += 10 * Math.log10(peak * peak / Math.max(e / d, 1e-10 * peak * peak));
        }
      }
      Map<String, Double> result = new LinkedHashMap<>();
      result.put("test/codec_sq_error", squared / n);
      result.put("test/codec_mse", squared / n / d);
      result.put("test/codec_psnr", psnr / n);
      if (unit) {
        result.put("test/codec_bce", bce / n);
      }
      return result;
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return needsCodec(model, "codec-reconstruction");
    }
  }

  /**
   * How a VQ-VAE uses its codebook over the test set: the perplexity {@code exp(-sum_k p_k log p_k)} of the code
   * frequencies p over all positions of all examples (K when every code is used equally), how many codes are
   * used at least once, and that count's share of K.
   */
  public static final class CodebookUsage implements Metric {
    private final FirstStageConfigs.CodebookUsage config;

    public CodebookUsage(FirstStageConfigs.CodebookUsage config) {
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      int k = model.model().as(VectorQuantizedModel.class).orElseThrow().codebookSize();
      long[] counts = codeCounts(model, context.test(), count(context.test(), config.limit()), k);
      return usage(counts);
    }

    /** Perplexity, used codes and their share of the codebook from code counts. */
    static Map<String, Double> usage(long[] counts) {
      long total = 0;
      int used = 0;
      for (long c : counts) {
        total += c;
        used += c > 0 ? 1 : 0;
      }
      double entropy = 0;
      for (long c : counts) {
        if (c > 0) {
          double p = (double) c / total;
          entropy -= p * Math.log(p);
        }
      }
      Map<String, Double> result = new LinkedHashMap<>();
      result.put("test/codebook_perplexity", Math.exp(entropy));
      result.put("test/codebook_used", (double) used);
      result.put("test/codebook_usage", (double) used / counts.length);
      return result;
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return model.as(VectorQuantizedModel.class).isPresent() ? Optional.empty()
          : Optional.of("codebook-usage needs a vector-quantised model (vq-vae), found " + model.getClass().getSimpleName());
    }
  }

  /**
   * The mean and standard deviation of test examples' latents ({@link LatentCodec#encode}) over all values
   * ({@code latent_mean}, {@code latent_std}), and the smallest and largest standard deviation of one channel (the
   * latent's first axis: {@code latent_channel_std_min}, {@code latent_channel_std_max}).
   */
  public static final class LatentStatistics implements Metric {
    private final FirstStageConfigs.LatentStatistics config;

    public LatentStatistics(FirstStageConfigs.LatentStatistics config) {
      this.config = config;
    }

    @Override
    public Map<String, Double> evaluate(TrainedModel model, EvaluationContext context) {
      LatentCodec codec = model.model().as(LatentCodec.class).orElseThrow();
      Examples test = context.test();
      int n = count(test, config.limit());
      int channels = (int) codec.latentShape(model.data())[0];
      double[] sum = new double[channels];
      double[] squares = new double[channels];
      long perChannel = 0;
      for (int from = 0; from < n; from += model.evaluationBatchSize()) {
        int to = Math.min(n, from + model.evaluationBatchSize());
        INDArray z = codec.encode(model, test.range(from, to));
        double[][] rows = z.reshape('c', (long) (to - from) * channels, -1).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
            .toDoubleMatrix();
        for (int r = 0; r < rows.length; r++) {
          int c = r % channels;
          for (double v : rows[r]) {
            sum[c] += v;
            squares[c] += v * v;
          }
        }
        perChannel += rows.length / channels * (long) rows[0].length; // examples times positions
      }
      double total = 0;
      double totalSquares = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = 0;
      for (int c = 0; c < channels; c++) {
        total += sum[c];
        totalSquares += squares[c];
        double mean = sum[c] / perChannel;
        double std = Math.sqrt(Math.max(0, squares[c] / perChannel - mean * mean));
        min = Math.min(min, std);
        max = Math.max(max, std);
      }
      double count = (double) perChannel * channels;
      double mean = total / count;
      Map<String, Double> result = new LinkedHashMap<>();
      result.put("test/latent_mean", mean);
      result.put("test/latent_std", Math.sqrt(Math.max(0, totalSquares / count - mean * mean)));
      result.put("test/latent_channel_std_min", min);
      result.put("test/latent_channel_std_max", max);
      return result;
    }

    @Override
    public Optional<String> incompatibility(Model model) {
      return needsCodec(model, "latent-statistics");
    }
  }

  /** How often each of the {@code k} codes is chosen over all positions of the first {@code n} examples. */
  static long[] codeCounts(TrainedModel model, Examples examples, int n, int k) {
    long[] counts = new long[k];
    for (int from = 0; from < n; from += model.evaluationBatchSize()) {
      int to = Math.min(n, from + model.evaluationBatchSize());
      Map<String, INDArray> feeds = model.feeds(examples.range(from, to), null, RandomSource.seeded(0));
      INDArray codes = model.run(feeds, List.of(VectorQuantizedModel.Outputs.CODES)).get(VectorQuantizedModel.Outputs.CODES);
      for (long c : codes.reshape(-1).toLongVector()) {
        counts[(int) c]++;
      }
    }
    return counts;
  }
}
