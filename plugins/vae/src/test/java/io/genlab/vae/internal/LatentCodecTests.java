package io.genlab.vae.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.ConfigException;
import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.LatentCodec;
import io.genlab.api.Metric;
import io.genlab.api.RandomSource;
import io.genlab.engine.exec.SameDiffExecutor;
import io.genlab.engine.train.ModelSession;
import io.genlab.tck.TinyData;
import io.genlab.vae.ElboConfig;
import io.genlab.vae.FirstStageConfigs;
import io.genlab.vae.KlAutoencoderConfig;
import io.genlab.vae.LatentVariableModel;
import io.genlab.vae.Likelihood;
import io.genlab.vae.VectorQuantizedModel;
import io.genlab.vae.VqConfig;
import io.genlab.vae.VqVaeConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The two first stages as {@link LatentCodec}s on 1x8x8 images: shapes, determinism, what the latents are, and
 * that decoding the latents reproduces the model's own reconstruction; the metrics against direct computations.
 */
class LatentCodecTests {
  private static final Examples DATA = TinyData.labelledImages();

  private static ModelSession vq(List<Integer> channels) {
    return ModelSession.build(VqVaeModel.of(new VqVaeConfig(channels, 1, 3, 5, Likelihood.BERNOULLI, 1.0, "uniform")),
        new VqLoss(VqConfig.DEFAULTS), DATA.info(), RandomSource.seeded(1), SameDiffExecutor.factory(), 16);
  }

  private static ModelSession kl() {
    return ModelSession.build(KlAutoencoderModel.of(new KlAutoencoderConfig(List.of(4, 8), 1, 2, Likelihood.BERNOULLI, 1.0)),
        new ElboLoss(new ElboConfig(1e-6)), DATA.info(), RandomSource.seeded(1), SameDiffExecutor.factory(), 16);
  }

  @Test
  void vqEncodesToCodebookVectorsAndDecodesThemAsTheTrainingPathDoes() {
    ModelSession session = vq(List.of(4, 8));
    LatentCodec codec = session.model().as(LatentCodec.class).orElseThrow();
    assertThat(codec.latentShape(DATA.info())).containsExactly(3, 2, 2);
    INDArray x = DATA.range(0, 20);
    INDArray z = codec.encode(session, x);
    assertThat(z.shape()).containsExactly(20, 3, 2, 2);
    assertThat(codec.encode(session, x)).isEqualTo(z);

    double[][] book = session.run(Map.of(), List.of(VectorQuantizedModel.Outputs.CODEBOOK))
        .get(VectorQuantizedModel.Outputs.CODEBOOK).toDoubleMatrix();
    Set<String> rows = new HashSet<>();
    for (double[] row : book) {
      rows.add(java.util.Arrays.toString(row));
    }
    for (double[] vector : z.permute(0, 2, 3, 1).dup('c').reshape(-1, 3).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
        .toDoubleMatrix()) {
      assertThat(rows).contains(java.util.Arrays.toString(vector));
    }

    INDArray decoded = codec.decode(session, z);
    assertThat(decoded.shape()).containsExactly(20, 1, 8, 8);
    INDArray training = Transforms.sigmoid(session.run(session.feeds(x, null, RandomSource.seeded(0)),
        List.of(VectorQuantizedModel.Outputs.DECODER)).get(VectorQuantizedModel.Outputs.DECODER), true);
    assertThat(decoded.reshape(20, 64).sub(training).amaxNumber().doubleValue()).isLessThan(1e-5);
    // Decoding snaps its input to the codebook: a small perturbation decodes the same.
    assertThat(codec.decode(session, z.add(1e-4))).isEqualTo(decoded);
  }

  @Test
  void klEncodesToTheMeanAndKeepsTheFamilysFlatLatent() {
    ModelSession session = kl();
    LatentCodec codec = session.model().as(LatentCodec.class).orElseThrow();
    assertThat(codec.latentShape(DATA.info())).containsExactly(2, 2, 2);
    assertThat(session.model().as(LatentVariableModel.class).orElseThrow().latentDim()).isEqualTo(8);
    INDArray x = DATA.range(0, 20);
    INDArray z = codec.encode(session, x);
    assertThat(z.shape()).containsExactly(20, 2, 2, 2);
    assertThat(codec.encode(session, x)).isEqualTo(z);
    INDArray mu = session.run(session.feeds(x, null, RandomSource.seeded(4)), List.of(LatentVariableModel.Outputs.MU))
        .get(LatentVariableModel.Outputs.MU);
    assertThat(z.reshape(20, 8)).isEqualTo(mu);
    INDArray decoded = codec.decode(session, z);
    assertThat(decoded.shape()).containsExactly(20, 1, 8, 8);
    assertThat(decoded.minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
    assertThat(decoded.maxNumber().doubleValue()).isLessThanOrEqualTo(1);
    INDArray viaFamily = Transforms.sigmoid(session.run(Map.of(LatentVariableModel.Outputs.Z_PRIOR, mu),
        List.of(LatentVariableModel.Outputs.DECODED)).get(LatentVariableModel.Outputs.DECODED), true);
    assertThat(decoded.reshape(20, 64)).isEqualTo(viaFamily);
  }

  @Test
  void theKlLatentDimensionIsKnownOnceBuilt() {
    assertThatThrownBy(() -> KlAutoencoderModel.of(KlAutoencoderConfig.DEFAULTS).latentDim())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("build the model first");
  }

  @Test
  void imagesWhoseSidesDoNotHalveAreRefusedNamingTheShape() {
    DataInfo odd = new DataInfo(new long[] {1, 28, 28}, 0, 1, false, 0);
    assertThatThrownBy(() -> VqVaeModel.of(new VqVaeConfig(List.of(8, 8, 8), 0, 2, 4, Likelihood.BERNOULLI, 1.0, "data"))
        .latentShape(odd)).isInstanceOf(ConfigException.class)
        .hasMessage("vq-vae with 3 stride-2 convolutions needs images whose sides are divisible by 8, found example shape [1, 28, 28]");
  }

  @Test
  void codebookUsageCountsTheCodesTheGraphChooses() {
    ModelSession session = vq(List.of(4));
    Map<String, Double> usage = new FirstStageMetrics.CodebookUsage(new FirstStageConfigs.CodebookUsage(0))
        .evaluate(session, new Metric.EvaluationContext(DATA, DATA, RandomSource.seeded(1)));
    long[] codes = session.run(session.feeds(DATA.range(0, DATA.count()), null, RandomSource.seeded(0)),
        List.of(VectorQuantizedModel.Outputs.CODES)).get(VectorQuantizedModel.Outputs.CODES).reshape(-1).toLongVector();
    long[] counts = new long[5];
    for (long c : codes) {
      counts[(int) c]++;
    }
    double entropy = 0;
    int used = 0;
    for (long c : counts) {
      if (c > 0) {
        double p = c / (double) codes.length;
        entropy -= p * Math.log(p);
        used++;
      }
    }
    assertThat(codes).hasSize(32 * 16);
    assertThat(usage.get("test/codebook_perplexity")).isCloseTo(Math.exp(entropy), within(1e-9));
    assertThat(usage.get("test/codebook_used")).isEqualTo(used);
    assertThat(usage.get("test/codebook_usage")).isEqualTo(used / 5.0);
  }

  @Test
  void usageOfAnEvenSplitIsTheNumberOfCodesUsed() {
    Map<String, Double> usage = FirstStageMetrics.CodebookUsage.usage(new long[] {5, 0, 5, 5, 0, 5, 0, 0});
    assertThat(usage.get("test/codebook_perplexity")).isCloseTo(4.0, within(1e-12));
    assertThat(usage.get("test/codebook_usage")).isEqualTo(0.5);
  }

  @Test
  void codecReconstructionMeasuresDecodeOfEncodeAgainstTheData() {
    ModelSession session = kl();
    Examples test = DATA.head(10);
    Map<String, Double> result = new FirstStageMetrics.CodecReconstruction(new FirstStageConfigs.CodecReconstruction(0))
        .evaluate(session, new Metric.EvaluationContext(DATA, test, RandomSource.seeded(1)));
    LatentCodec codec = session.model().as(LatentCodec.class).orElseThrow();
    INDArray x = test.range(0, 10).reshape(10, 64).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    INDArray r = codec.decode(session, codec.encode(session, test.range(0, 10))).reshape(10, 64)
        .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    INDArray sq = x.sub(r);
    sq.muli(sq);
    double[] perExample = sq.sum(1).toDoubleVector();
    double psnr = 0;
    for (double e : perExample) {
      psnr += 10 * Math.log10(1 / (e / 64)) / 10;
    }
    assertThat(result.get("test/codec_sq_error")).isCloseTo(sq.sumNumber().doubleValue() / 10, within(1e-9));
    assertThat(result.get("test/codec_mse")).isCloseTo(sq.sumNumber().doubleValue() / 640, within(1e-9));
    assertThat(result.get("test/codec_psnr")).isCloseTo(psnr, within(1e-9));
    assertThat(result.get("test/codec_bce")).isPositive();
  }

  @Test
  void latentStatisticsAreThoseOfTheEncodedTestSet() {
    ModelSession session = kl();
    Map<String, Double> stats = new FirstStageMetrics.LatentStatistics(new FirstStageConfigs.LatentStatistics(0))
        .evaluate(session, new Metric.EvaluationContext(DATA, DATA, RandomSource.seeded(1)));
    INDArray z = session.model().as(LatentCodec.class).orElseThrow().encode(session, DATA.range(0, DATA.count()))
        .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    double[] channelStd = new double[2];
    for (int c = 0; c < 2; c++) {
      INDArray channel = z.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(c));
      channelStd[c] = channel.stdNumber(false).doubleValue(); // population standard deviation
    }
    assertThat(stats.get("test/latent_mean")).isCloseTo(z.meanNumber().doubleValue(), within(1e-9));
    assertThat(stats.get("test/latent_std")).isCloseTo(z.stdNumber(false).doubleValue(), within(1e-9));
    assertThat(stats.get("test/latent_channel_std_min")).isCloseTo(Math.min(channelStd[0], channelStd[1]), within(1e-9));
    assertThat(stats.get("test/latent_channel_std_max")).isCloseTo(Math.max(channelStd[0], channelStd[1]), within(1e-9));
    assertThat(channelStd[0]).isNotCloseTo(channelStd[1], within(1e-6));
  }
}
