package io.genlab.api;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a sampler produced: values in data space, shaped {@code [n, ...exampleShape]}.
 *
 * <p>Immutable by contract; thread-safe for reading.
 *
 * @param values the samples in the data's value range (probabilities for binary data)
 * @param labels the class of each sample for conditional samplers, or {@code null}
 * @param columns how many samples a row of the sample grid should show, at least 1
 * @param figures further grids the runner writes beside the samples' own, by name (e.g. a diffusion
 *     sampler's {@code trajectory}: one row of x_t per sample); empty when none; since 0.3
 * @since 0.1
 */
@API(status = STABLE, since = "0.1")
public record Samples(INDArray values, int[] labels, int columns, Map<String, Samples> figures) {
  public Samples {
    Check.notNull("values", values);
    Check.positive("columns", columns);
    figures = Map.copyOf(Check.notNull("figures", figures));
    if (labels != null && labels.length != values.size(0)) {
      throw new IllegalArgumentException(
          "labels must have one entry per sample (" + values.size(0) + "), found " + labels.length);
    }
  }

  /** The number of samples. */
  public int count() {
    return (int) values.size(0);
  }

  /** Samples without further figures. */
  public Samples(INDArray values, int[] labels, int columns) {
    this(values, labels, columns, Map.of());
  }

  /** These samples with {@code figure} added under {@code name}. */
  @API(status = EXPERIMENTAL, since = "0.3")
  public Samples withFigure(String name, Samples figure) {
    var all = new java.util.LinkedHashMap<>(figures);
    all.put(name, figure);
    return new Samples(values, labels, columns, all);
  }

  /**
   * The first {@code count} samples of {@code parts} in order, as one {@code Samples} (labels kept only
   * when every part has them; figures dropped).
   *
   * @throws IllegalArgumentException when the parts hold fewer than {@code count} samples
   */
  @API(status = EXPERIMENTAL, since = "0.3")
  public static Samples concat(List<Samples> parts, int count) {
    int total = parts.stream().mapToInt(Samples::count).sum();
    if (parts.isEmpty() || total < count) {
      throw new IllegalArgumentException("need " + count + " samples, the parts hold " + total);
    }
    INDArray all = parts.size() == 1 ? parts.get(0).values()
        : Nd4j.concat(0, parts.stream().map(Samples::values).toArray(INDArray[]::new));
    boolean labelled = parts.stream().allMatch(p -> p.labels() != null);
    int[] labels = null;
    if (labelled) {
      labels = new int[count];
      int at = 0;
      for (Samples p : parts) {
        int n = Math.min(p.count(), count - at);
        System.arraycopy(p.labels(), 0, labels, at, n);
        at += n;
        if (at == count) {
          break;
        }
      }
    }
    INDArray values = total == count ? all
        : all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, count)).dup();
    return new Samples(values, labels, parts.get(0).columns());
  }
}
