package io.genlab.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.api.RandomSource;
import io.genlab.engine.internal.VectorSupport;
import org.junit.jupiter.api.Test;

class UniformsTests {

  @Test
  void lanesGiveRandomSourcesOwnUniformsBitForBit() {
    assertThat(VectorSupport.available()).as("tests run with the Vector API").isTrue();
    for (int length : new int[] {0, 1, 7, 8, 9, 511, 512, 513, 784, 2051}) {
      for (long seed : new long[] {0, 1, -7, Long.MAX_VALUE}) {
        RandomSource source = RandomSource.seeded(seed).derive("binarize").derive(length);
        float[] expected = new float[length];
        source.fillUniform(expected);
        float[] got = new float[length];
        Uniforms.fill(source, got);
        assertThat(got).as("length %d seed %d", length, seed).isEqualTo(expected);
      }
    }
  }
}
