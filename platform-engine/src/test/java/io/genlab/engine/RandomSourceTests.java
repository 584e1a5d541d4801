package io.genlab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.api.RandomSource;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The counter-based random source: pure, independent per purpose, and well distributed. */
class RandomSourceTests {

  @Test
  void valuesArePureFunctionsOfSeedPurposeAndCounter() {
    float[] a = new float[1001];
    float[] b = new float[1001];
    RandomSource.seeded(7).derive("noise").derive(3).fillNormal(a);
    RandomSource.seeded(7).derive("noise").derive(3).fillNormal(b);
    assertThat(a).isEqualTo(b);
    RandomSource.seeded(7).derive("noise").derive(4).fillNormal(b);
    assertThat(a).isNotEqualTo(b);
    RandomSource.seeded(8).derive("noise").derive(3).fillNormal(b);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void normalsHaveUnitMomentsAndUniformsStayInRange() {
    float[] n = new float[200_000];
    RandomSource.seeded(1).fillNormal(n);
    double mean = 0;
    double sq = 0;
    for (float v : n) {
      mean += v;
      sq += v * v;
    }
    mean /= n.length;
    double var = sq / n.length - mean * mean;
    assertThat(mean).isBetween(-0.01, 0.01);
    assertThat(var).isBetween(0.98, 1.02);
    float[] u = new float[100_000];
    RandomSource.seeded(1).fillUniform(u);
    assertThat(Arrays.stream(toDouble(u)).min().orElseThrow()).isGreaterThanOrEqualTo(0);
    assertThat(Arrays.stream(toDouble(u)).max().orElseThrow()).isLessThan(1);
    assertThat(Arrays.stream(toDouble(u)).average().orElseThrow()).isBetween(0.49, 0.51);
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  @Test
  void permutationsHoldEveryIndexOnceAndDependOnlyOnTheSource() {
    int[] p = RandomSource.seeded(3).derive("shuffle").permutation(1000);
    assertThat(Arrays.stream(p).sorted().toArray()).isEqualTo(java.util.stream.IntStream.range(0, 1000).toArray());
    assertThat(RandomSource.seeded(3).derive("shuffle").permutation(1000)).isEqualTo(p);
    assertThat(RandomSource.seeded(4).derive("shuffle").permutation(1000)).isNotEqualTo(p);
    // Not the identity: on average one fixed point.
    assertThat(java.util.stream.IntStream.range(0, 1000).filter(i -> p[i] == i).count()).isLessThan(10);
  }
}
