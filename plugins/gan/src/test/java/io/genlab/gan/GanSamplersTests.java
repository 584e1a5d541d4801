package io.genlab.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.DataInfo;
import io.genlab.api.Examples;
import io.genlab.api.RandomSource;
import io.genlab.api.Sampler;
import io.genlab.api.Sampler.SamplingContext;
import io.genlab.api.Samples;
import io.genlab.gan.GanModel.Conditioning;
import io.genlab.gan.SamplingStubs.Gan;
import io.genlab.gan.SamplingStubs.NotAGan;
import io.genlab.gan.SamplingStubs.Trained;
import io.genlab.gan.internal.LatentDraws;
import io.genlab.gan.internal.Samplers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The samplers against a graph-free stub generator (see {@link SamplingStubs}). */
class GanSamplersTests {
  private static final Examples NO_DATA = new Examples(new DataInfo(new long[] {2}, -4, 4, false, 0), new float[0], null, 0);

  private static SamplingContext context(long seed) {
    return new SamplingContext(NO_DATA, NO_DATA, RandomSource.seeded(seed));
  }

  private static double[][] values(Samples s) {
    return s.values().toDoubleMatrix();
  }

  @Test
  void priorSamplesInBatchesAndIsDeterministic() {
    Trained small = new Trained(Gan.unconditional(3), 1, 5);
    Sampler prior = new Samplers.Prior(new SamplerConfigs.Prior(12));
    Samples a = prior.sample(small, context(1));
    assertThat(small.batches).containsExactly(5, 5, 2);
    assertThat(a.values().shape()).containsExactly(12, 2);
    assertThat(a.columns()).isEqualTo(4);
    assertThat(a.labels()).isNull();
    assertThat(prior.sample(new Trained(Gan.unconditional(3), 1, 100), context(1)).values()).isEqualTo(a.values());
    assertThat(prior.sample(small, context(2)).values()).isNotEqualTo(a.values());
    // x = z[:, :2] + (2, 0) with z from random.derive("z")
    double[][] z = RandomSource.seeded(1).derive("z").normal(12, 3).toDoubleMatrix();
    double[][] x = values(a);
    for (int i = 0; i < 12; i++) {
      assertThat(x[i][0]).isCloseTo(z[i][0] + 2, within(1e-6));
      assertThat(x[i][1]).isCloseTo(z[i][1], within(1e-6));
    }
  }

  @Test
  void priorOfAConditionalModelReportsTheLabelsItGenerated() {
    Trained cgan = new Trained(new Gan(2, Conditioning.CGAN, 8, 0, 0), 0, 7);
    Samples s = new Samplers.Prior(new SamplerConfigs.Prior(40)).sample(cgan, context(3));
    assertThat(s.labels()).hasSize(40);
    assertThat(java.util.Arrays.stream(s.labels()).boxed()).allSatisfy(c -> assertThat(c).isBetween(0, 7));
    assertThat(java.util.Arrays.stream(s.labels()).distinct().count()).isGreaterThan(4);
    double[][] x = values(s); // scale 0: each sample sits on the centre of its label
    for (int i = 0; i < 40; i++) {
      assertThat(x[i]).containsExactly(SamplingStubs.centre(s.labels()[i]), within(1e-6));
    }
  }

  @Test
  void infoGanPriorDrawsUniformCategoricalAndContinuousCodes() {
    Gan info = new Gan(2, Conditioning.INFOGAN, 0, 4, 2);
    LatentDraws.Draw d = LatentDraws.prior(info, 200, RandomSource.seeded(5));
    assertThat(java.util.Arrays.stream(d.classes()).boxed()).allSatisfy(c -> assertThat(c).isBetween(0, 3));
    assertThat(java.util.Arrays.stream(d.classes()).distinct().count()).isEqualTo(4);
    assertThat(d.continuous().shape()).containsExactly(200, 2);
    assertThat(d.continuous().minNumber().doubleValue()).isGreaterThanOrEqualTo(-1).isLessThan(-0.9);
    assertThat(d.continuous().maxNumber().doubleValue()).isLessThan(1).isGreaterThan(0.9);
    // the generator receives the continuous code: x_0 = 0 * z + centre_0(class) + c_0
    Samples s = new Samplers.Prior(new SamplerConfigs.Prior(200)).sample(new Trained(info, 0, 64), context(5));
    assertThat(s.values().getDouble(7, 0))
        .isCloseTo(SamplingStubs.centre(d.classes()[7])[0] + d.continuous().getDouble(7, 0), within(1e-6));
  }

  @Test
  void truncationRedrawsOnlyTheComponentsOutsideTheThreshold() {
    Gan gan = Gan.unconditional(2);
    double threshold = 0.5;
    Trained model = new Trained(gan, 1, 64);
    Sampler truncated = new Samplers.Truncated(new SamplerConfigs.Truncated(200, threshold));
    double[][] x = values(truncated.sample(model, context(4)));
    double[][] prior = values(new Samplers.Prior(new SamplerConfigs.Prior(200)).sample(model, context(4)));
    int redrawn = 0;
    for (int i = 0; i < 200; i++) {
      double[] z = {x[i][0] - 2, x[i][1]};
      double[] z0 = {prior[i][0] - 2, prior[i][1]};
      for (int k = 0; k < 2; k++) {
        assertThat(Math.abs(z[k])).isLessThanOrEqualTo(threshold + 1e-6);
        if (Math.abs(z0[k]) <= threshold) {
          assertThat(z[k]).isCloseTo(z0[k], within(1e-6));
        } else {
          redrawn++;
        }
      }
    }
    assertThat(redrawn).isGreaterThan(200); // P(|z| > 0.5) = 0.62 of 400 components
    assertThat(values(truncated.sample(model, context(4)))).isDeepEqualTo(x);
  }

  @Test
  void linearWalksAreEvenlySpacedFromOnePriorLatentToAnother() {
    Trained model = new Trained(Gan.unconditional(2), 1, 64);
    Samples s = new Samplers.LatentWalk(new SamplerConfigs.LatentWalk(3, 5, false)).sample(model, context(6));
    assertThat(s.values().shape()).containsExactly(15, 2);
    assertThat(s.columns()).isEqualTo(5);
    double[][] x = values(s);
    double[][] start = RandomSource.seeded(6).derive("z").normal(3, 2).toDoubleMatrix();
    double[][] end = RandomSource.seeded(6).derive("end").derive("z").normal(3, 2).toDoubleMatrix();
    for (int r = 0; r < 3; r++) {
      for (int step = 0; step < 5; step++) {
        double t = step / 4.0;
        for (int k = 0; k < 2; k++) {
          double expected = (1 - t) * start[r][k] + t * end[r][k] + (k == 0 ? 2 : 0);
          assertThat(x[r * 5 + step][k]).isCloseTo(expected, within(1e-5));
        }
      }
    }
  }

  @Test
  void sphericalWalksKeepTheirRowsLabelAndFollowTheGreatCircle() {
    Trained model = new Trained(new Gan(2, Conditioning.ACGAN, 8, 0, 0), 1, 64);
    Samples s = new Samplers.LatentWalk(new SamplerConfigs.LatentWalk(4, 3, true)).sample(model, context(8));
    for (int r = 0; r < 4; r++) {
      assertThat(s.labels()[3 * r]).isEqualTo(s.labels()[3 * r + 1]).isEqualTo(s.labels()[3 * r + 2]);
    }
    // unit vectors 90 degrees apart: the midpoint stays on the unit circle, (1, 1) / sqrt 2
    double[] mid = Samplers.LatentWalk.interpolate(new double[] {1, 0}, new double[] {0, 1}, 0.5, true);
    assertThat(mid).containsExactly(new double[] {Math.sqrt(0.5), Math.sqrt(0.5)}, within(1e-12));
    // a third of the way along 90 degrees is 30 degrees; ends are the endpoints
    double[] third = Samplers.LatentWalk.interpolate(new double[] {2, 0}, new double[] {0, 2}, 1.0 / 3, true);
    assertThat(third).containsExactly(new double[] {2 * Math.cos(Math.PI / 6), 2 * Math.sin(Math.PI / 6)}, within(1e-12));
    assertThat(Samplers.LatentWalk.interpolate(new double[] {1, 2}, new double[] {3, -1}, 1, true))
        .containsExactly(new double[] {3, -1}, within(1e-12));
    assertThat(Samplers.LatentWalk.interpolate(new double[] {1, 2}, new double[] {3, -1}, 0.5, false))
        .containsExactly(2, 0.5);
  }

  @Test
  void classSweepHoldsEachColumnsLatentAcrossTheClasses() {
    for (Gan gan : List.of(new Gan(2, Conditioning.CGAN, 3, 0, 0), new Gan(2, Conditioning.INFOGAN, 0, 3, 2))) {
      Samples s = new Samplers.ClassSweep(new SamplerConfigs.ClassSweep(4)).sample(new Trained(gan, 1, 5), context(9));
      assertThat(s.values().shape()).containsExactly(12, 2);
      assertThat(s.columns()).isEqualTo(4);
      assertThat(s.labels()).containsExactly(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2);
      double[][] x = values(s);
      double[][] z = RandomSource.seeded(9).derive("z").normal(4, 2).toDoubleMatrix();
      for (int c = 0; c < 3; c++) {
        for (int j = 0; j < 4; j++) { // x - centre(c) = z_j: the continuous code is 0
          assertThat(x[c * 4 + j][0] - SamplingStubs.centre(c)[0]).as(gan + " row " + c).isCloseTo(z[j][0], within(1e-5));
          assertThat(x[c * 4 + j][1] - SamplingStubs.centre(c)[1]).isCloseTo(z[j][1], within(1e-5));
        }
      }
    }
  }

  @Test
  void samplersExplainWhatTheyCannotSample() {
    List<Sampler> all = List.of(new Samplers.Prior(SamplerConfigs.Prior.DEFAULTS),
        new Samplers.Truncated(SamplerConfigs.Truncated.DEFAULTS),
        new Samplers.LatentWalk(SamplerConfigs.LatentWalk.DEFAULTS),
        new Samplers.ClassSweep(SamplerConfigs.ClassSweep.DEFAULTS));
    for (Sampler s : all) {
      assertThat(s.incompatibility(new NotAGan())).get().asString()
          .contains("needs a GAN-family model (mlp-gan, dcgan, ...)");
      assertThat(s.incompatibility(new Gan(4, Conditioning.CGAN, 10, 0, 0))).isEmpty();
    }
    Sampler sweep = all.get(3);
    assertThat(sweep.incompatibility(Gan.unconditional(4))).get().asString()
        .startsWith("class-sweep needs a model the classes can be set on");
    // The spec is checked before the model is built, when a CGAN does not know its class count yet.
    assertThat(sweep.incompatibility(new Gan(4, Conditioning.CGAN, 0, 0, 0))).isEmpty();
    assertThat(sweep.incompatibility(new Gan(4, Conditioning.INFOGAN, 0, 0, 2))).isPresent();
    assertThat(sweep.incompatibility(new Gan(4, Conditioning.INFOGAN, 0, 10, 2))).isEmpty();
    assertThat(all.get(0).incompatibility(Gan.unconditional(4))).isEmpty();
  }

  @Test
  void generateConcatenatesBatchesInOrder() {
    Trained model = new Trained(new Gan(2, Conditioning.CGAN, 8, 0, 0), 1, 3);
    LatentDraws.Draw draw = LatentDraws.prior(model.gan, 10, RandomSource.seeded(2));
    INDArray batched = LatentDraws.generate(model, draw);
    assertThat(model.batches).containsExactly(3, 3, 3, 1);
    assertThat(batched).isEqualTo(LatentDraws.generate(new Trained(model.gan, 1, 10), draw));
  }
}
