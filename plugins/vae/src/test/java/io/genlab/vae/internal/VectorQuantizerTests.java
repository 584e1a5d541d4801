package io.genlab.vae.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.DataInfo;
import io.genlab.api.Loss;
import io.genlab.api.Model;
import io.genlab.api.ModelGraph;
import io.genlab.api.Objectives;
import io.genlab.api.RandomSource;
import io.genlab.vae.Likelihood;
import io.genlab.vae.VectorQuantizedModel;
import io.genlab.vae.VectorQuantizedModel.Outputs;
import io.genlab.vae.VqConfig;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The quantiser of {@link VqVaeModel} and the {@link VqLoss}, in double precision against computations done
 * here: the nearest codebook vector, the straight-through gradient, the loss's value and its gradients.
 */
class VectorQuantizerTests {
  private static final int K = 7;
  private static final int D = 3;

  @Test
  void eachRowGetsItsNearestCodebookVector() {
    RandomSource r = RandomSource.seeded(3);
    double[][] rows = r.derive("rows").normal(200, D).castTo(DataType.DOUBLE).toDoubleMatrix();
    double[][] book = r.derive("book").normal(K, D).castTo(DataType.DOUBLE).toDoubleMatrix();
    SameDiff sd = SameDiff.create();
    SDVariable z = sd.constant("z", Nd4j.create(rows));
    SDVariable codebook = sd.var("codebook", Nd4j.create(book));
    SDVariable codes = VqVaeModel.nearest(sd, z, codebook);
    SDVariable e = VqVaeModel.lookup(sd, codes, codebook);
    Map<String, INDArray> out = sd.output(Map.of(), codes.name(), e.name());
    long[] got = out.get(codes.name()).toLongVector();
    double[][] vectors = out.get(e.name()).toDoubleMatrix();
    for (int i = 0; i < rows.length; i++) {
      int best = 0;
      for (int k = 1; k < K; k++) {
        if (squaredDistance(rows[i], book[k]) < squaredDistance(rows[i], book[best])) {
          best = k;
        }
      }
      assertThat(got[i]).as("row " + i).isEqualTo(best);
      assertThat(vectors[i]).as("vector of row " + i).containsExactly(book[best]);
    }
    assertThat(Arrays.stream(got).distinct().count()).as("codes used").isGreaterThan(3);
  }

  /**
   * For any loss of the decoder input, the straight-through estimator passes to the encoder output the loss's
   * gradient taken at the codebook vectors: here L = sum(w * q^3) gives 3 w e^2, not 3 w z_e^2, and the
   * codebook gets nothing from it.
   */
  @Test
  void theEncoderGetsTheGradientOfTheQuantisedCodeAndTheCodebookNone() {
    RandomSource r = RandomSource.seeded(5);
    SameDiff sd = SameDiff.create();
    SDVariable z = sd.var("z", r.derive("z").normal(40, D).castTo(DataType.DOUBLE));
    SDVariable codebook = sd.var("codebook", r.derive("book").normal(K, D).castTo(DataType.DOUBLE));
    INDArray w = r.derive("w").normal(40, D).castTo(DataType.DOUBLE);
    SDVariable e = VqVaeModel.lookup(sd, VqVaeModel.nearest(sd, z, codebook), codebook);
    SDVariable q = z.add(VqVaeModel.stopGradient(sd, e.sub(z)));
    SDVariable loss = q.mul(q).mul(q).mul(sd.constant(w)).sum();
    sd.setLossVariables(loss);
    Map<String, INDArray> grads = sd.calculateGradients(Map.of(), "z", "codebook");
    INDArray eValue = sd.output(Map.of(), e.name()).get(e.name());
    assertThat(q.eval()).as("forward value").isEqualTo(eValue);
    INDArray expected = eValue.mul(eValue).muli(w).muli(3);
    assertThat(maxDifference(grads.get("z"), expected)).isLessThan(1e-12);
    assertThat(grads.get("codebook").amaxNumber().doubleValue()).isZero();
  }

  @Test
  void theLossIsTheReconstructionPlusTheCodebookAndCommitmentTermsAndSoAreItsGradients() {
    int batch = 3;
    int side = 2;
    int d = 5;
    double beta = 0.25;
    RandomSource r = RandomSource.seeded(11);
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, d);
    SDVariable out = sd.var("out", r.derive("out").normal(batch, d).castTo(DataType.DOUBLE));
    SDVariable ze = sd.var("ze", r.derive("ze").normal(batch, D, side, side).castTo(DataType.DOUBLE));
    SDVariable codebook = sd.var("codebook", r.derive("book").normal(K, D).castTo(DataType.DOUBLE));
    SDVariable codes = VqVaeModel.nearest(sd, VqVaeModel.rows(ze, D), codebook);
    SDVariable zq = VqVaeModel.spatial(VqVaeModel.lookup(sd, codes, codebook), new long[] {side, side}, D);
    ModelGraph graph = ModelGraph.builder(sd).dataInput(x, d)
        .output(Outputs.DECODER, out).output(Outputs.Z_E, ze).output(Outputs.Z_Q, zq)
        .output(Outputs.CODES, codes.reshape(-1, side, side))
        .parameters(ModelGraph.DEFAULT_GROUP, List.of("out", "ze", "codebook")).build();
    DataInfo info = new DataInfo(new long[] {d}, 0, 1, true, 0);
    Objectives objectives = new VqLoss(new VqConfig(beta, "likelihood"))
        .build(new Loss.LossContext(new StubQuantizer(), graph, info));
    SDVariable loss = objectives.objectives().get(0).value();
    sd.setLossVariables(loss);
    INDArray data = r.derive("x").uniform(batch, d).castTo(DataType.DOUBLE).gt(0.5).castTo(DataType.DOUBLE);
    Map<String, INDArray> feeds = Map.of("x", data);
    Map<String, INDArray> values = sd.output(feeds, loss.name(), zq.name(), "diag/vq", "diag/recon");
    Map<String, INDArray> grads = sd.calculateGradients(feeds, "out", "ze", "codebook");

    double[][] xs = data.toDoubleMatrix();
    double[][] logits = out.getArr().toDoubleMatrix();
    double recon = 0;
    INDArray outGrad = Nd4j.create(DataType.DOUBLE, batch, d);
    for (int i = 0; i < batch; i++) {
      for (int j = 0; j < d; j++) {
        double p = 1 / (1 + Math.exp(-logits[i][j]));
        recon -= xs[i][j] * Math.log(p) + (1 - xs[i][j]) * Math.log(1 - p);
        outGrad.putScalar(i, j, (p - xs[i][j]) / batch);
      }
    }
    INDArray zqValue = values.get(zq.name());
    INDArray diff = ze.getArr().sub(zqValue);
    double distance = diff.mul(diff).sumNumber().doubleValue();
    assertThat(values.get(loss.name()).getDouble(0)).isCloseTo((recon + (1 + beta) * distance) / batch, within(1e-10));
    assertThat(values.get("diag/vq").getDouble(0)).isCloseTo(distance / batch, within(1e-10));
    assertThat(values.get("diag/recon").getDouble(0)).isCloseTo(recon / batch, within(1e-10));
    // d/d out: the BCE's; d/d z_e: only the commitment term's 2 beta (z_e - e) / B; d/d e_k: the codebook
    // term's 2 (e_k - z_e) / B summed over the positions that chose k.
    assertThat(maxDifference(grads.get("out"), outGrad)).isLessThan(1e-12);
    assertThat(maxDifference(grads.get("ze"), diff.mul(2 * beta / batch))).isLessThan(1e-12);
    INDArray bookGrad = Nd4j.zeros(DataType.DOUBLE, K, D);
    long[] chosen = sd.output(feeds, codes.name()).get(codes.name()).toLongVector();
    double[][] rows = ze.getArr().permute(0, 2, 3, 1).dup('c').reshape(-1, D).toDoubleMatrix();
    double[][] book = codebook.getArr().toDoubleMatrix();
    for (int n = 0; n < rows.length; n++) {
      int k = (int) chosen[n];
      for (int c = 0; c < D; c++) {
        bookGrad.putScalar(k, c, bookGrad.getDouble(k, c) + 2 * (book[k][c] - rows[n][c]) / batch);
      }
    }
    assertThat(maxDifference(grads.get("codebook"), bookGrad)).isLessThan(1e-12);
    assertThat(bookGrad.amaxNumber().doubleValue()).as("some codebook gradient").isPositive();
  }

  @Test
  void kMeansPlusPlusSeedingPicksEveryDistinctPointBeforeRepeatingOne() {
    double[][] points = new double[60][];
    for (int i = 0; i < points.length; i++) {
      // 55 copies of the origin (a blank background) and 5 distinct points.
      points[i] = i % 12 == 5 ? new double[] {i, -i / 2.0} : new double[] {0, 0};
    }
    double[][] chosen = VqVaeModel.kMeansPlusPlus(points, 6, RandomSource.seeded(2));
    Set<String> distinct = new HashSet<>();
    for (double[] c : chosen) {
      distinct.add(Arrays.toString(c));
    }
    assertThat(distinct).hasSize(6).contains("[0.0, 0.0]", "[5.0, -2.5]", "[53.0, -26.5]");
    assertThat(VqVaeModel.kMeansPlusPlus(points, 6, RandomSource.seeded(2))).isDeepEqualTo(chosen);
  }

  private static double squaredDistance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return s;
  }

  private static double maxDifference(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue();
  }

  /** A vector-quantised model whose graph the test builds by hand. */
  private static final class StubQuantizer implements Model, VectorQuantizedModel {
    @Override
    public ModelGraph build(BuildContext context) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int codebookSize() {
      return K;
    }

    @Override
    public int codeDim() {
      return D;
    }

    @Override
    public Likelihood likelihood() {
      return Likelihood.BERNOULLI;
    }

    @Override
    public double gaussianSigma() {
      return 1;
    }
  }
}
