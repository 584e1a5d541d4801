package io.genlab.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Arrays;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The known generative factors of a split's examples, each a discrete index, for disentanglement metrics.
 *
 * <p>Factor {@code k} of example {@code i} is {@code values[i * names.size() + k]}, an index in
 * {@code [0, sizes[k])} into the factor's ordered values (e.g. the 3rd of 10 x positions); a dataset
 * documents what the indices mean. Immutable by contract: callers must not write into {@link #values()}.
 * Thread-safe for reading.
 *
 * @param names the factors' names, at least one, distinct, never {@code null}
 * @param sizes how many values each factor takes, each at least 1, one per name, never {@code null}
 * @param values {@code count * names.size()} indices, example after example, never {@code null}
 * @param count the number of examples
 * @since 0.6
 */
@API(status = EXPERIMENTAL, since = "0.6")
public record ExampleFactors(List<String> names, int[] sizes, int[] values, int count) {
  /** Validates the shapes and ranges; throws {@link ConfigException} naming the field at fault. */
  public ExampleFactors {
    Check.notNull("names", names);
    Check.notNull("sizes", sizes);
    Check.notNull("values", values);
    Check.nonNegative("count", count);
    names = List.copyOf(names);
    if (names.isEmpty() || names.size() != sizes.length || names.stream().distinct().count() != names.size()) {
      throw new ConfigException("names", "names must be distinct, at least one and one per size, found "
          + names + " for sizes " + Arrays.toString(sizes));
    }
    for (int k = 0; k < sizes.length; k++) {
      if (sizes[k] < 1) {
        throw new ConfigException("sizes", "sizes must all be >= 1, found " + Arrays.toString(sizes));
      }
    }
    if ((long) count * sizes.length != values.length) {
      throw new ConfigException("values", "values must hold count * factors = " + count + " * " + sizes.length
          + " indices, found " + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      int k = i % sizes.length;
      if (values[i] < 0 || values[i] >= sizes[k]) {
        throw new ConfigException("values", "values[" + i + "] (factor " + names.get(k) + " of example "
            + i / sizes.length + ") must be in [0, " + sizes[k] + "), found " + values[i]);
      }
    }
    sizes = sizes.clone();
  }

  @Override
  public int[] sizes() {
    return sizes.clone();
  }

  /** The number of factors. */
  public int numFactors() {
    return sizes.length;
  }

  /** The index of factor {@code factor} of example {@code example}. */
  public int value(int example, int factor) {
    return values[example * sizes.length + factor];
  }

  /**
   * The factors of the examples at {@code indices}, in that order (an index may repeat).
   *
   * @param indices example indices in {@code [0, count)}, never {@code null}
   * @return a copy sharing no mutable state with this one, never {@code null}
   */
  public ExampleFactors select(int[] indices) {
    int k = sizes.length;
    int[] out = new int[indices.length * k];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(values, indices[i] * k, out, i * k, k);
    }
    return new ExampleFactors(names, sizes, out, indices.length);
  }

  /** The factors of the first {@code n} examples (or all, if fewer), sharing no mutable state with these. */
  public ExampleFactors head(int n) {
    int m = Math.min(n, count);
    return new ExampleFactors(names, sizes, Arrays.copyOf(values, m * sizes.length), m);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExampleFactors f && names.equals(f.names) && Arrays.equals(sizes, f.sizes)
        && Arrays.equals(values, f.values) && count == f.count;
  }

  @Override
  public int hashCode() {
    return (names.hashCode() * 31 + Arrays.hashCode(sizes)) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "ExampleFactors[names=" + names + ", sizes=" + Arrays.toString(sizes) + ", count=" + count + "]";
  }
}
