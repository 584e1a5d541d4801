package io.genlab.engine.train;

import io.genlab.api.RandomSource;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RandomSource}'s counter mixing on long lanes: SplitMix64's finaliser of the
 * counter's Weyl value, xor the key, finalised again; the top 24 bits scaled to [0, 1). The
 * conversion to float stays scalar (JDK 17 does not vectorise long-to-float conversions). Load only
 * when {@link io.genlab.engine.internal.VectorSupport#available()}. Stateless and thread-safe.
 */
final class UniformLanes {
  private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final long COUNTER_OFFSET = 0x632BE59BD9B4E019L;
  private static final long MIX1 = 0xBF58476D1CE4E5B9L;
  private static final long MIX2 = 0x94D049BB133111EBL;
  private static final long[] LANE_INDEX = new long[LONGS.length()];
  /** Counters mixed per block before their conversion to float. */
  private static final int BLOCK = 512;

  static {
    for (int i = 0; i < LANE_INDEX.length; i++) {
      LANE_INDEX[i] = i;
    }
  }

  private UniformLanes() {}

  /** {@code out[i]} = the uniform of counter i of {@code source}. */
  static void fill(RandomSource source, float[] out) {
    long key = source.streamKey();
    long[] top = new long[BLOCK];
    LongVector lane = LongVector.fromArray(LONGS, LANE_INDEX, 0);
    for (int start = 0; start < out.length; start += BLOCK) {
      int n = Math.min(BLOCK, out.length - start);
      int i = 0;
      for (int bound = LONGS.loopBound(n); i < bound; i += LONGS.length()) {
        LongVector z = mix(lane.add(start + i).mul(GOLDEN).add(COUNTER_OFFSET));
        mix(z.lanewise(VectorOperators.XOR, key)).lanewise(VectorOperators.LSHR, 40).intoArray(top, i);
      }
      for (; i < n; i++) {
        top[i] = source.bits(start + i) >>> 40;
      }
      for (int j = 0; j < n; j++) {
        out[start + j] = (float) (int) top[j] * 0x1.0p-24f;
      }
    }
  }

  private static LongVector mix(LongVector z) {
    z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(MIX1);
    z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(MIX2);
    return z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
  }
}
