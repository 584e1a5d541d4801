package io.genlab.datasets.internal;

import io.genlab.api.DataInfo;
import io.genlab.api.Dataset;
import io.genlab.api.Examples;
import io.genlab.api.RandomSource;
import io.genlab.datasets.Toy2dConfig;

/**
 * Procedural 2-D distributions (see {@link Toy2dConfig} for their geometry). Immutable and
 * thread-safe.
 *
 * <p>Point {@code i} of a split uses uniform counters {@code 4i..4i+3} and normal values {@code 2i,
 * 2i+1} of sources derived from {@code random().derive(distribution).derive(split)}, so a larger
 * split extends a smaller one instead of reshuffling it. Trigonometry uses {@link StrictMath} so that
 * the points are bit-identical on every JVM.
 *
 * <p>{@link DataInfo} range: the square {@code [-h, h]^2} with {@code h = max(4, ceil(extent + 6 *
 * noise))}, where {@code extent} is the largest coordinate before noise (2 for 8gaussians, 2.83 for
 * swissroll, 3 otherwise). Coordinates are clamped to it, which at six standard deviations changes
 * practically no point but guarantees the declared range.
 */
public final class Toy2dDataset implements Dataset {
  private static final int UNIFORMS_PER_POINT = 4;
  private static final double TWO_PI = 2 * StrictMath.PI;
  private static final int RINGS = 4;

  private final Toy2dConfig config;
  private final DataInfo info;

  /** Creates the dataset; generation happens in {@link #load}. */
  public Toy2dDataset(Toy2dConfig config) {
    this.config = config;
    double half = halfWidth(config);
    this.info = new DataInfo(new long[] {2}, -half, half, false, numClasses(config.distribution()));
  }

  /** The bounding box half-width {@code h}, see the class comment. */
  static double halfWidth(Toy2dConfig config) {
    double extent =
        switch (config.distribution()) {
          case "8gaussians" -> 2;
          case "swissroll" -> 4.5 * StrictMath.PI / 5;
          default -> 3;
        };
    double noise = config.distribution().equals("checkerboard") ? 0 : config.noise();
    return Math.max(4, Math.ceil(extent + 6 * noise));
  }

  /** The number of label classes of a distribution; 0 when it has no natural components. */
  public static int numClasses(String distribution) {
    return switch (distribution) {
      case "8gaussians" -> 8;
      case "25gaussians" -> 25;
      case "moons" -> 2;
      case "rings" -> RINGS;
      default -> 0;
    };
  }

  /** The data description, the same for both splits. */
  public DataInfo info() {
    return info;
  }

  @Override
  public Examples load(Split split, DataContext context) {
    int n = split == Split.TRAIN ? config.trainSize() : config.testSize();
    RandomSource source = context.random().derive(config.distribution()).derive(split.name());
    RandomSource uniform = source.derive("uniform");
    float[] normal = new float[2 * n];
    source.derive("normal").fillNormal(normal);
    float[] values = new float[2 * n];
    int[] labels = info.labelled() ? new int[n] : null;
    double sigma = config.noise();
    double half = info.high();
    double[] point = new double[2];
    for (int i = 0; i < n; i++) {
      long c = (long) UNIFORMS_PER_POINT * i;
      double u0 = uniform.uniform(c);
      double u1 = uniform.uniform(c + 1);
      double u2 = uniform.uniform(c + 2);
      int label = point(config.distribution(), u0, u1, u2, point);
      boolean noisy = !config.distribution().equals("checkerboard");
      double x = point[0] + (noisy ? sigma * normal[2 * i] : 0);
      double y = point[1] + (noisy ? sigma * normal[2 * i + 1] : 0);
      values[2 * i] = (float) Math.max(-half, Math.min(half, x));
      values[2 * i + 1] = (float) Math.max(-half, Math.min(half, y));
      if (labels != null) {
        labels[i] = label;
      }
    }
    return new Examples(info, values, labels, n);
  }

  /** Writes the noise-free point for uniforms {@code u0..u2} into {@code out}; returns its label. */
  private static int point(String distribution, double u0, double u1, double u2, double[] out) {
    switch (distribution) {
      case "8gaussians" -> {
        int k = (int) (u0 * 8);
        double angle = TWO_PI * k / 8;
        out[0] = 2 * StrictMath.cos(angle);
        out[1] = 2 * StrictMath.sin(angle);
        return k;
      }
      case "25gaussians" -> {
        int k = (int) (u0 * 25);
        out[0] = -3 + 1.5 * (k / 5);
        out[1] = -3 + 1.5 * (k % 5);
        return k;
      }
      case "swissroll" -> {
        // scikit-learn's make_swiss_roll (x, z) scaled by 1/5, as in FFJORD's toy data.
        double t = 1.5 * StrictMath.PI * (1 + 2 * u0);
        out[0] = t * StrictMath.cos(t) / 5;
        out[1] = t * StrictMath.sin(t) / 5;
        return 0;
      }
      case "moons" -> {
        // scikit-learn's make_moons, centred and scaled by 2 to span [-3, 3] x [-1.5, 1.5].
        int k = u0 < 0.5 ? 0 : 1;
        double theta = StrictMath.PI * u1;
        double x = k == 0 ? StrictMath.cos(theta) : 1 - StrictMath.cos(theta);
        double y = k == 0 ? StrictMath.sin(theta) : 0.5 - StrictMath.sin(theta);
        out[0] = 2 * (x - 0.5);
        out[1] = 2 * (y - 0.25);
        return k;
      }
      case "checkerboard" -> {
        // A 4x4 board of 1.5-wide cells over [-3, 3]^2; the 8 cells with column + row even are dark.
        int k = (int) (u0 * 8);
        int column = k / 2;
        int row = 2 * (k % 2) + (column % 2);
        out[0] = -3 + 1.5 * (column + u1);
        out[1] = -3 + 1.5 * (row + u2);
        return 0;
      }
      case "rings" -> {
        int k = (int) (u0 * RINGS);
        double radius = 0.75 * (k + 1);
        double angle = TWO_PI * u1;
        out[0] = radius * StrictMath.cos(angle);
        out[1] = radius * StrictMath.sin(angle);
        return k;
      }
      default -> throw new IllegalStateException("unknown distribution " + distribution);
    }
  }

  @Override
  public String toString() {
    return "toy2d[" + config + "]";
  }
}
