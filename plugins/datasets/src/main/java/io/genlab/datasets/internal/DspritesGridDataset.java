package io.genlab.datasets.internal;

import io.genlab.api.DataInfo;
import io.genlab.api.Dataset;
import io.genlab.api.ExampleFactors;
import io.genlab.api.Examples;
import io.genlab.datasets.DspritesGridConfig;
import java.util.Arrays;
import java.util.List;

/**
 * Binary images of one white shape on black for every combination of five factors on a grid, with the
 * factors attached ({@link Examples#factors()}): a small dSprites. Immutable and thread-safe.
 *
 * <p>Factors, in dSprites' order (its colour factor, constant, is left out), each an index:
 * <ul>
 *   <li>{@code shape}: 0 square, 1 ellipse, 2 triangle (dSprites: square, ellipse, heart);
 *   <li>{@code scale}: radius {@code R (0.5 + 0.5 s / (scales - 1))}, linear from half to all of
 *       {@code R = 0.2 size} (dSprites: 6 values in [0.5, 1]); the square's half side is 0.7 of the
 *       radius, the ellipse's semi-axes 1 and 0.5 of it, the triangle's circumradius the radius itself;
 *   <li>{@code orientation}: {@code o / orientations} of a quarter turn, clockwise: a quarter turn is the
 *       square's symmetry period and shorter than the ellipse's and the triangle's, so no two orientations of
 *       a shape draw the same figure (dSprites turns all shapes through 40 steps of a full turn, so that its
 *       square repeats every 10 and its ellipse every 20);
 *   <li>{@code posX}, {@code posY}: the centre's column and row, evenly from {@code R + 1} to
 *       {@code size - R - 1} pixels, so every shape at every scale and orientation lies inside the image
 *       (dSprites: 32 values each).
 * </ul>
 * A pixel is 1 when its centre lies inside the shape (dSprites' images are binary too). The grid is
 * ordered as in dSprites, the last factor fastest; a permutation drawn from {@code random().derive(
 * "dsprites-grid")} orders both splits, the first {@code round(testFraction * combinations)} images
 * forming the test split and the rest the training split (the whole grid for both when {@code testFraction}
 * is 0). Labels are the shape (3 classes). Per pixel only {@code +, *} and comparisons run, {@link StrictMath}
 * once per image, so images are bit-identical on every JVM.
 */
public final class DspritesGridDataset implements Dataset {
  /** The factor names, in the order of {@link ExampleFactors#values()}. */
  public static final List<String> FACTORS = List.of("shape", "scale", "orientation", "posX", "posY");

  /** Shape names, in label order. */
  public static final List<String> SHAPES = List.of("square", "ellipse", "triangle");

  /** The largest radius as a share of the image side. */
  static final double MAX_RADIUS = 0.2;

  private static final double SQRT3_2 = Math.sqrt(3) / 2;

  private final DspritesGridConfig config;
  private final DataInfo info;

  /** Creates the dataset; drawing happens in {@link #load}. */
  public DspritesGridDataset(DspritesGridConfig config) {
    this.config = config;
    this.info = new DataInfo(new long[] {1, config.size(), config.size()}, 0, 1, true, SHAPES.size());
  }

  /** How many values each factor takes, in the order of {@link #FACTORS}. */
  public int[] factorSizes() {
    return new int[] {SHAPES.size(), config.scales(), config.orientations(), config.positions(), config.positions()};
  }

  @Override
  public Examples load(Split split, DataContext context) {
    int total = Math.toIntExact(config.combinations());
    int[] order = context.random().derive("dsprites-grid").permutation(total);
    int testCount = (int) Math.round(config.testFraction() * total);
    int[] grid;
    if (testCount == 0) {
      grid = order;
    } else if (split == Split.TEST) {
      grid = Arrays.copyOfRange(order, 0, testCount);
    } else {
      grid = Arrays.copyOfRange(order, testCount, total);
    }
    int size = config.size();
    int[] sizes = factorSizes();
    float[] values = new float[grid.length * size * size];
    int[] labels = new int[grid.length];
    int[] factors = new int[grid.length * sizes.length];
    for (int i = 0; i < grid.length; i++) {
      int rest = grid[i];
      for (int k = sizes.length - 1; k >= 0; k--) {
        factors[i * sizes.length + k] = rest % sizes[k];
        rest /= sizes[k];
      }
      draw(Arrays.copyOfRange(factors, i * sizes.length, (i + 1) * sizes.length), values, i * size * size);
      labels[i] = factors[i * sizes.length];
    }
    return new Examples(info, values, labels, grid.length, new ExampleFactors(FACTORS, sizes, factors, grid.length));
  }

  /** The radius in pixels of scale index {@code s}. */
  double radius(int s) {
    double share = config.scales() == 1 ? 1 : 0.5 + 0.5 * s / (config.scales() - 1);
    return MAX_RADIUS * config.size() * share;
  }

  /** The centre coordinate in pixels of position index {@code p}. */
  double centre(int p) {
    // A pixel of margin keeps the outermost pixels (centres half a pixel in) black.
    double low = MAX_RADIUS * config.size() + 1;
    double high = config.size() - low;
    return config.positions() == 1 ? config.size() / 2.0 : low + (high - low) * p / (config.positions() - 1);
  }

  /** Draws the image of factor indices {@code f} into {@code out} at {@code offset}. */
  private void draw(int[] f, float[] out, int offset) {
    int size = config.size();
    double r = radius(f[1]);
    double angle = 0.5 * StrictMath.PI * f[2] / config.orientations();
    double cos = StrictMath.cos(angle);
    double sin = StrictMath.sin(angle);
    double cx = centre(f[3]);
    double cy = centre(f[4]);
    for (int py = 0; py < size; py++) {
      double dy = py + 0.5 - cy;
      for (int px = 0; px < size; px++) {
        double dx = px + 0.5 - cx;
        // Rotate the pixel into the shape's frame (by minus the angle) rather than the shape into the image's.
        double x = cos * dx + sin * dy;
        double y = -sin * dx + cos * dy;
        out[offset + py * size + px] = inside(f[0], x, y, r) ? 1f : 0f;
      }
    }
  }

  /** Whether {@code (x, y)}, in the shape's frame with y down, lies inside shape {@code shape} of radius {@code r}. */
  static boolean inside(int shape, double x, double y, double r) {
    return switch (shape) {
      case 0 -> Math.abs(x) <= 0.7 * r && Math.abs(y) <= 0.7 * r;
      case 1 -> x * x / (r * r) + y * y / (0.25 * r * r) <= 1;
      default -> {
        // An equilateral triangle pointing up, centroid at the origin: inside all three edges, each at the
        // inradius r / 2 along its outward normal (down, down-left rotated, down-right rotated).
        double h = 0.5 * r;
        yield y <= h && -SQRT3_2 * x - 0.5 * y <= h && SQRT3_2 * x - 0.5 * y <= h;
      }
    };
  }

  @Override
  public String toString() {
    return "dsprites-grid[" + config + "]";
  }
}
