package io.genlab.autoregressive.internal;

import io.genlab.api.RandomSource;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * MADE's connectivity sets (Germain et al., 2015, section 4). Input {@code d} has degree
 * {@code position(d) + 1} in the set's ordering; each hidden unit of layer l a degree drawn uniformly
 * from [min degree of layer l-1, D-1]. A hidden weight connects {@code in -> out} when
 * {@code m(out) >= m(in)}; an output weight when {@code degree(d) > m(in)}, so output d sees only the
 * inputs before it. Masks are row-major {@code [in, out]} float arrays. Immutable.
 *
 * @param ordering entry t is the dimension generated t-th
 * @param hiddenMasks one mask per hidden layer, {@code [in, out]}
 * @param outputMask {@code [lastHidden, D]}
 * @param directMask {@code [D, D]}: input j to output d when j comes before d
 */
record MadeMasks(int[] ordering, List<float[]> hiddenMasks, float[] outputMask, float[] directMask) {

  /**
   * Connectivity set {@code set} of a MADE over {@code dimensions} inputs.
   *
   * @param natural whether the ordering is the identity (else a permutation drawn from {@code random})
   */
  static MadeMasks create(int dimensions, List<Integer> hidden, boolean natural, RandomSource random) {
    int d = dimensions;
    int[] ordering = natural ? identity(d) : random.derive("ordering").permutation(d);
    int[] inputDegree = new int[d];
    for (int t = 0; t < d; t++) {
      inputDegree[ordering[t]] = t + 1;
    }
    RandomGenerator generator = random.derive("degrees").generator();
    List<float[]> masks = new ArrayList<>();
    int[] previous = inputDegree;
    int previousMin = 1;
    for (int width : hidden) {
      int[] degree = new int[width];
      int min = Integer.MAX_VALUE;
      for (int j = 0; j < width; j++) {
        degree[j] = previousMin + generator.nextInt(d - previousMin);
        min = Math.min(min, degree[j]);
      }
      float[] mask = new float[previous.length * width];
      for (int i = 0; i < previous.length; i++) {
        for (int j = 0; j < width; j++) {
          mask[i * width + j] = degree[j] >= previous[i] ? 1f : 0f;
        }
      }
      masks.add(mask);
      previous = degree;
      previousMin = min;
    }
    float[] output = new float[previous.length * d];
    for (int i = 0; i < previous.length; i++) {
      for (int j = 0; j < d; j++) {
        output[i * d + j] = inputDegree[j] > previous[i] ? 1f : 0f;
      }
    }
    float[] direct = new float[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        direct[i * d + j] = inputDegree[j] > inputDegree[i] ? 1f : 0f;
      }
    }
    return new MadeMasks(ordering, List.copyOf(masks), output, direct);
  }

  private static int[] identity(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }
}
