package io.genlab.autoregressive.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.genlab.api.DataInfo;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.MadeConfig;
import io.genlab.autoregressive.NadeConfig;
import io.genlab.autoregressive.PixelCnnConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The autoregressive property, checked through SameDiff's gradients: the logits of dimension i have
 * exactly zero gradient with respect to every input at or after i in the ordering, and a non-zero
 * gradient with respect to some earlier input (so a broken mask fails the test either way).
 */
class AutoregressivePropertyTests {
  private static final DataInfo BINARY_VECTORS = new DataInfo(new long[] {10}, 0, 1, true, 0);
  private static final DataInfo BINARY_IMAGES = new DataInfo(new long[] {1, 5, 6}, 0, 1, true, 0);
  private static final DataInfo EIGHT_BIT_IMAGES = new DataInfo(new long[] {1, 4, 5}, 0, 1, false, 0);

  @Test
  void madeOutputsDependOnlyOnEarlierInputsInEveryOrdering() {
    Fixtures.Built made = Fixtures.build(new MadeModel(new MadeConfig(List.of(32, 32), 3, true, false, 3)),
        BINARY_VECTORS);
    assertThat(made.ar().ordering(0)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(made.ar().ordering(1)).isNotEqualTo(made.ar().ordering(0));
    for (int set = 0; set < 3; set++) {
      // Random hidden degrees can leave an early output without a path to its few predecessors.
      checkAutoregressive(made, set, 2);
    }
  }

  @Test
  void madeWithDirectConnectionIsAutoregressive() {
    Fixtures.Built made = Fixtures.build(new MadeModel(new MadeConfig(List.of(24), 2, false, true, 9)),
        BINARY_VECTORS);
    // The direct connection links every output to every earlier input.
    checkAutoregressive(made, 0, 0);
    checkAutoregressive(made, 1, 0);
  }

  @Test
  void nadeOutputsDependOnEveryEarlierInputAndNoOther() {
    // The shared hidden layer links every output to every earlier input: none may be unconnected.
    checkAutoregressive(Fixtures.build(new NadeModel(new NadeConfig(12)), BINARY_IMAGES), 0, 0);
  }

  @Test
  void pixelCnnBernoulliIsAutoregressiveInRasterOrder() {
    checkAutoregressive(Fixtures.build(new PixelCnnModel(new PixelCnnConfig(12, 3, 5, 3, 16,
        PixelCnnConfig.Output.AUTO, 256, false, PixelCnnConfig.Blocks.RESIDUAL)), BINARY_IMAGES), 0, 0);
  }

  @Test
  void pixelCnnCategoricalIsAutoregressiveInRasterOrder() {
    checkAutoregressive(Fixtures.build(new PixelCnnModel(new PixelCnnConfig(12, 2, 3, 3, 16,
        PixelCnnConfig.Output.AUTO, 16, false, PixelCnnConfig.Blocks.RESIDUAL)), EIGHT_BIT_IMAGES), 0, 0);
  }

  @Test
  void gatedPixelCnnBernoulliSeesEveryEarlierPixelOfItsReceptiveField() {
    Fixtures.Built gated = Fixtures.build(new PixelCnnModel(gated(2, PixelCnnConfig.Output.AUTO, 256)),
        BINARY_IMAGES);
    // A 3x3 type-A layer and two 3x3 type-B blocks: 1 + 2 pixels up, left and right.
    checkSeesWholeReceptiveField(gated, checkAutoregressive(gated, 0, 0), 3);
  }

  @Test
  void gatedPixelCnnCategoricalSeesEveryEarlierPixelOfItsReceptiveField() {
    Fixtures.Built gated = Fixtures.build(new PixelCnnModel(gated(1, PixelCnnConfig.Output.AUTO, 16)),
        EIGHT_BIT_IMAGES);
    checkSeesWholeReceptiveField(gated, checkAutoregressive(gated, 0, 0), 2);
  }

  /**
   * Pins the difference the gated blocks make: stacked 3x3 masks never reach a pixel one row up and two
   * columns right (the blind spot of van den Oord et al., 2016), although it lies within the residual
   * network's receptive field; the gated network sees it.
   */
  @Test
  void residualPixelCnnHasTheBlindSpotThatGatedBlocksRemove() {
    Fixtures.Built residual = Fixtures.build(new PixelCnnModel(new PixelCnnConfig(8, 3, 3, 3, 8,
        PixelCnnConfig.Output.AUTO, 256, false, PixelCnnConfig.Blocks.RESIDUAL)), BINARY_IMAGES);
    INDArray residualGradient = checkAutoregressive(residual, 0, 0);
    Fixtures.Built gated = Fixtures.build(new PixelCnnModel(gated(2, PixelCnnConfig.Output.AUTO, 256)),
        BINARY_IMAGES);
    INDArray gatedGradient = checkAutoregressive(gated, 0, 0);
    int width = (int) BINARY_IMAGES.exampleShape()[2];
    int pixel = 2 * width + 1;
    int aboveRight = width + 3;
    // The residual network's field reaches 1 + 3 pixels out: (1, 3) is inside it but unseen, while the
    // diagonal (0, 3) further up is seen.
    assertThat(residualGradient.getDouble(pixel, aboveRight)).as("residual: d logit(2,1) / d x(1,3)").isZero();
    assertThat(residualGradient.getDouble(pixel, 3)).as("residual: d logit(2,1) / d x(0,3)").isNotZero();
    assertThat(gatedGradient.getDouble(pixel, aboveRight)).as("gated: d logit(2,1) / d x(1,3)").isNotZero();
  }

  /** A small gated PixelCNN: 8 channels, 3x3 kernels. */
  private static PixelCnnConfig gated(int blocks, PixelCnnConfig.Output output, int levels) {
    return new PixelCnnConfig(8, blocks, 3, 3, 8, output, levels, false, PixelCnnConfig.Blocks.GATED);
  }

  /**
   * Requires a non-zero gradient of every pixel's logits with respect to every earlier pixel within
   * {@code reach}: the rows up to {@code reach} above, up to {@code reach} columns left AND right, and the
   * current row up to {@code reach} columns left. (The field is larger to the left, where the horizontal
   * stack carries the vertical stack's features along the row; that part is not required.)
   */
  private static void checkSeesWholeReceptiveField(Fixtures.Built built, INDArray gradient, int reach) {
    long[] shape = built.graph().dataInputShape();
    int height = (int) shape[1];
    int width = (int) shape[2];
    for (int row = 0; row < height; row++) {
      for (int col = 0; col < width; col++) {
        for (int otherRow = Math.max(0, row - reach); otherRow <= row; otherRow++) {
          for (int otherCol = Math.max(0, col - reach); otherCol <= Math.min(width - 1, col + reach); otherCol++) {
            if (otherRow == row && otherCol >= col) {
              continue;
            }
            assertThat(gradient.getDouble(row * width + col, otherRow * width + otherCol))
                .as("d logit(%d,%d) / d x(%d,%d)", row, col, otherRow, otherCol).isNotZero();
          }
        }
      }
    }
  }

  /**
   * Requires a zero gradient of every dimension's logits with respect to every input not before it in ordering
   * {@code set}; at most {@code unconnectedAllowed} outputs (past the first) may have no earlier input they
   * depend on. Returns the {@code [D, D]} gradient, output by input.
   */
  private static INDArray checkAutoregressive(Fixtures.Built built, int set, int unconnectedAllowed) {
    AutoregressiveModel ar = built.ar();
    INDArray gradient = Fixtures.inputGradient(built, set, 17 + set);
    int d = (int) gradient.size(0);
    int[] order = ar.ordering(set);
    int[] position = new int[d];
    for (int t = 0; t < d; t++) {
      position[order[t]] = t;
    }
    int unconnected = 0;
    for (int i = 0; i < d; i++) {
      boolean earlierMatters = false;
      for (int j = 0; j < d; j++) {
        double g = gradient.getDouble(i, j);
        if (position[j] >= position[i]) {
          assertThat(g).as("set %d: d logit[%d] / d x[%d] (x[%d] is not before it)", set, i, j, j).isZero();
        } else if (g != 0) {
          earlierMatters = true;
        }
      }
      if (position[i] > 0 && !earlierMatters) {
        unconnected++;
      }
    }
    assertThat(unconnected).as("set %d: outputs that depend on no earlier input", set).isLessThanOrEqualTo(
        unconnectedAllowed);
    return gradient;
  }
}
