package io.genlab.api;

import static org.apiguardian.api.API.Status.INTERNAL;
import static org.apiguardian.api.API.Status.STABLE;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;
import org.apiguardian.api.API;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A counter-based random source: every value is a pure function of (key, counter, index).
 *
 * <p>Because nothing is consumed, the random stream of step {@code n} is the same whether a run
 * started at step 0 or resumed at step {@code n}, which is what makes resumed runs bit-identical.
 * Derive named sub-sources ({@link #derive(String)}) per purpose ("noise/eps", "shuffle",
 * "init/enc/fc1/W") so that adding a consumer never shifts another one's numbers.
 *
 * <p>Immutable and thread-safe. Uses {@link StrictMath} so that values are identical on every JVM.
 *
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public final class RandomSource {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private final long key;

  private RandomSource(long key) {
    this.key = key;
  }

  /** A source for the given run seed. */
  public static RandomSource seeded(long seed) {
    return new RandomSource(mix(seed ^ 0x5DEECE66DL));
  }

  /** A statistically independent sub-source named by {@code purpose}, never {@code null}. */
  public RandomSource derive(String purpose) {
    long h = 0xcbf29ce484222325L;
    for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return new RandomSource(mix(key ^ mix(h)));
  }

  /** A statistically independent sub-source for an index (an epoch, a trial, a step). */
  public RandomSource derive(long index) {
    return new RandomSource(mix(key + GOLDEN * (index + 1)));
  }

  /** 64 random bits for {@code counter}. */
  public long bits(long counter) {
    return mix(key ^ mix(counter * GOLDEN + 0x632BE59BD9B4E019L));
  }

  /**
   * The key {@link #bits} mixes every counter with, for the platform's vectorised copies of
   * {@link #fillUniform} (which must give the same values); not for plugins.
   *
   * @since 0.4
   */
  @API(status = INTERNAL, since = "0.4")
  public long streamKey() {
    return key;
  }

  /** A uniform double in [0, 1) for {@code counter}. */
  public double uniform(long counter) {
    return (bits(counter) >>> 11) * 0x1.0p-53;
  }

  /** Fills {@code out} with uniform values in [0, 1): element {@code i} uses counter {@code i}. */
  public void fillUniform(float[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ((bits(i) >>> 40) * 0x1.0p-24);
    }
  }

  /** Fills {@code out} with standard normal values (Box-Muller over counters 2i, 2i+1). */
  public void fillNormal(float[] out) {
    for (int i = 0; i < out.length; i += 2) {
      double u1 = ((bits(i) >>> 11) + 1) * 0x1.0p-53; // in (0, 1], so log is finite
      double u2 = (bits(i + 1L) >>> 11) * 0x1.0p-53;
      double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
      double theta = 2.0 * StrictMath.PI * u2;
      out[i] = (float) (r * StrictMath.cos(theta));
      if (i + 1 < out.length) {
        out[i + 1] = (float) (r * StrictMath.sin(theta));
      }
    }
  }

  /** A float32 array of standard normal values with the given shape. */
  public INDArray normal(long... shape) {
    float[] values = new float[Math.toIntExact(length(shape))];
    fillNormal(values);
    return array(values, shape);
  }

  /** A float32 array of uniform [0, 1) values with the given shape. */
  public INDArray uniform(long... shape) {
    float[] values = new float[Math.toIntExact(length(shape))];
    fillUniform(values);
    return array(values, shape);
  }

  /**
   * A sequential generator over this source's counters, for Java code that wants a
   * {@link RandomGenerator} (shuffles, k-means seeding). Not thread-safe: use one per thread.
   */
  public RandomGenerator generator() {
    return new RandomGenerator() {
      private long counter;

      @Override
      public long nextLong() {
        return bits(counter++);
      }
    };
  }

  /**
   * A uniformly random permutation of {@code 0 .. n-1} (Fisher-Yates over {@link #generator()}), the
   * same for the same source: an epoch's shuffle, a dataset's split.
   *
   * @since 0.3
   */
  public int[] permutation(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    RandomGenerator generator = generator();
    for (int i = n - 1; i > 0; i--) {
      int j = generator.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  @Override
  public String toString() {
    return "RandomSource[" + Long.toHexString(key) + "]";
  }

  /** A C-ordered array of {@code values}, copied in one block (Nd4j.create copies value by value). */
  private static INDArray array(float[] values, long... shape) {
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    out.data().asNioFloat().put(values);
    return out;
  }

  private static long length(long... shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** SplitMix64's finaliser: a bijective 64-bit mix. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
