package io.genlab.datasets.internal;

import io.genlab.api.DataInfo;
import io.genlab.api.Dataset;
import io.genlab.api.Examples;
import io.genlab.api.RandomSource;
import io.genlab.datasets.ShapesConfig;

/**
 * Procedural images of one white shape on black: square, circle, triangle, cross or ring, at a random
 * scale, rotation and position. Immutable and thread-safe.
 *
 * <p>Image {@code i} of a split draws its factors from {@code random().derive("shapes")
 * .derive(split).derive(i)}, so a larger split extends a smaller one. Pixels are the coverage of the
 * shape estimated from its signed distance ({@code clamp(0.5 - d, 0, 1)} with {@code d} in pixels),
 * which anti-aliases edges with one evaluation per pixel. Only {@code +, *, sqrt, min, max} run per
 * pixel and {@link StrictMath} once per image, so images are bit-identical on every JVM.
 *
 * <p>Factors: the shape's radius {@code R} is uniform in [0.28, 0.42] of the image side, so shapes
 * are large; the rotation is uniform over the shape's symmetry period (none for circle and ring); the
 * centre is uniform over the positions that keep the whole shape at least a pixel inside the
 * image (when the image is too small for that, the shape is centred).
 */
public final class ShapesDataset implements Dataset {
  /** Class names, in label order. */
  public static final String[] CLASSES = {"square", "circle", "triangle", "cross", "ring"};

  private static final double MIN_RADIUS = 0.28;
  private static final double MAX_RADIUS = 0.42;
  private static final double SQRT3 = Math.sqrt(3);

  private final ShapesConfig config;
  private final DataInfo info;

  /** Creates the dataset; generation happens in {@link #load}. */
  public ShapesDataset(ShapesConfig config) {
    this.config = config;
    this.info =
        new DataInfo(new long[] {1, config.size(), config.size()}, 0, 1, false, CLASSES.length);
  }

  @Override
  public Examples load(Split split, DataContext context) {
    int n = split == Split.TRAIN ? config.trainSize() : config.testSize();
    int size = config.size();
    RandomSource source = context.random().derive("shapes").derive(split.name());
    float[] values = new float[n * size * size];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = draw(source.derive(i), size, values, i * size * size);
    }
    return new Examples(info, values, labels, n);
  }

  /** Draws one image into {@code out} at {@code offset}; returns its class. */
  private static int draw(RandomSource random, int size, float[] out, int offset) {
    int shape = (int) (random.uniform(0) * CLASSES.length);
    double radius = size * (MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * random.uniform(1));
    double angle = random.uniform(2) * 2 * StrictMath.PI / symmetry(shape);
    double bound = boundingRadius(shape, radius);
    double cx = centre(size, bound, random.uniform(3));
    double cy = centre(size, bound, random.uniform(4));
    double cos = StrictMath.cos(angle);
    double sin = StrictMath.sin(angle);
    for (int py = 0; py < size; py++) {
      double dy = py + 0.5 - cy;
      for (int px = 0; px < size; px++) {
        double dx = px + 0.5 - cx;
        // Rotate the pixel into the shape's frame rather than the shape into the image's.
        double x = cos * dx + sin * dy;
        double y = -sin * dx + cos * dy;
        double d = distance(shape, x, y, radius);
        out[offset + py * size + px] = (float) Math.max(0, Math.min(1, 0.5 - d));
      }
    }
    return shape;
  }

  /** The rotation period's divisor: 4 for square and cross, 3 for triangle, 1 (unused) otherwise. */
  private static int symmetry(int shape) {
    return switch (shape) {
      case 0, 3 -> 4;
      case 2 -> 3;
      default -> 1;
    };
  }

  /**
   * A centre coordinate keeping a disc of radius {@code bound} at least one pixel from the image's
   * edge, so the outermost pixels (centres half a pixel in) stay black.
   */
  private static double centre(int size, double bound, double u) {
    double low = bound + 1;
    double high = size - bound - 1;
    return high > low ? low + (high - low) * u : size / 2.0;
  }

  /** The radius of the smallest centred disc holding the shape at any rotation. */
  private static double boundingRadius(int shape, double r) {
    return switch (shape) {
      case 0 -> 0.75 * r * Math.sqrt(2);
      case 1 -> 0.8 * r;
      case 2 -> r;
      case 3 -> r * Math.sqrt(0.95 * 0.95 + 0.28 * 0.28);
      default -> 0.9 * r;
    };
  }

  /** Signed distance in pixels from {@code (x, y)} to the shape's edge, negative inside. */
  private static double distance(int shape, double x, double y, double r) {
    return switch (shape) {
      case 0 -> box(x, y, 0.75 * r, 0.75 * r);
      case 1 -> Math.sqrt(x * x + y * y) - 0.8 * r;
      case 2 -> triangle(x, y, r * SQRT3 / 2);
      case 3 -> Math.min(box(x, y, 0.95 * r, 0.28 * r), box(x, y, 0.28 * r, 0.95 * r));
      default -> {
        double thickness = 0.32 * r;
        yield Math.abs(Math.sqrt(x * x + y * y) - (0.9 * r - thickness / 2)) - thickness / 2;
      }
    };
  }

  /** Exact signed distance to an axis-aligned box of half-sizes {@code hx, hy}. */
  private static double box(double x, double y, double hx, double hy) {
    double qx = Math.abs(x) - hx;
    double qy = Math.abs(y) - hy;
    double ox = Math.max(qx, 0);
    double oy = Math.max(qy, 0);
    return Math.sqrt(ox * ox + oy * oy) + Math.min(Math.max(qx, qy), 0);
  }

  /**
   * Exact signed distance to an equilateral triangle of side {@code 2h} centred on its centroid
   * (Inigo Quilez's formulation).
   */
  private static double triangle(double x, double y, double h) {
    double px = Math.abs(x) - h;
    double py = y + h / SQRT3;
    if (px + SQRT3 * py > 0) {
      double nx = (px - SQRT3 * py) / 2;
      double ny = (-SQRT3 * px - py) / 2;
      px = nx;
      py = ny;
    }
    px -= Math.max(-2 * h, Math.min(0, px));
    return -Math.sqrt(px * px + py * py) * Math.signum(py);
  }

  @Override
  public String toString() {
    return "shapes[" + config + "]";
  }
}
