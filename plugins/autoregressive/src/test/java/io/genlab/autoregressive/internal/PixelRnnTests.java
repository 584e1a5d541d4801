package io.genlab.autoregressive.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.genlab.api.DataInfo;
import io.genlab.autoregressive.AutoregressiveModel;
import io.genlab.autoregressive.PixelCnnConfig;
import io.genlab.autoregressive.PixelRnnConfig;
import io.genlab.autoregressive.PixelRnnConfig.Variant;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PixelRNN: causality of both variants read off SameDiff's input gradients (zero for every input at or after
 * an output pixel in raster order, non-zero for the earlier pixels each variant's receptive field must
 * reach), normalisation over every tiny binary image, and the skew that the Diagonal BiLSTM runs on.
 */
class PixelRnnTests {
  private static final DataInfo BINARY = new DataInfo(new long[] {1, 6, 6}, 0, 1, true, 0);
  private static final DataInfo EIGHT_BIT = new DataInfo(new long[] {1, 4, 5}, 0, 1, false, 0);

  private static PixelRnnConfig config(Variant variant, int layers, int firstKernel, PixelCnnConfig.Output output,
      int levels) {
    return new PixelRnnConfig(variant, layers, 4, firstKernel, 3, 8, output, levels);
  }

  /**
   * The Diagonal BiLSTM sees every earlier pixel but one: the last pixel of the row above, (r - 1, W - 1), is
   * seen only by features of row r that the first layer's kernel reaches it from (columns >= W - 1 - k / 2),
   * and the left-to-right direction sees row r's features up to the current column only (the right-to-left
   * one, shifted down, sees rows < r, whose features never depend on the last pixel of row r - 1). So pixels
   * (r, c < W - 1 - k / 2) miss it, in the paper's network too (k = 7: the first 21 columns of a 28-pixel row).
   */
  @Test
  void diagonalBiLstmSeesEveryEarlierPixelButTheEndOfTheRowAbove() {
    int k = 3;
    Fixtures.Built built = Fixtures.build(new PixelRnnModel(config(Variant.DIAGONAL_BILSTM, 2, k,
        PixelCnnConfig.Output.AUTO, 256)), BINARY);
    INDArray gradient = inputGradient(built);
    int w = 6;
    int d = 36;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        boolean endOfRowAbove = j == i - i % w - 1 && i % w < w - 1 - k / 2;
        if (j >= i || endOfRowAbove) {
          assertThat(gradient.getDouble(i, j)).as("d logit[%d] / d x[%d]", i, j).isZero();
        } else {
          // The far right of the rows above included, which the Row LSTM's and PixelCNN's fields miss.
          assertThat(gradient.getDouble(i, j)).as("d logit[%d] / d x[%d]", i, j).isNotZero();
        }
      }
    }
  }

  @Test
  void rowLstmIsCausalAndSeesItsTriangularField() {
    Fixtures.Built built = Fixtures.build(new PixelRnnModel(config(Variant.ROW_LSTM, 2, 3,
        PixelCnnConfig.Output.AUTO, 256)), BINARY);
    INDArray gradient = inputGradient(built);
    int w = 6;
    for (int i = 0; i < 36; i++) {
      for (int j = i; j < 36; j++) {
        assertThat(gradient.getDouble(i, j)).as("d logit[%d] / d x[%d]", i, j).isZero();
      }
    }
    // Pixel (3, 2): its own row's left through the masked input-to-state kernels, the row above through the
    // first layer, and further up through the state, which widens the field one column right per row up.
    int pixel = 3 * w + 2;
    for (int[] seen : new int[][] {{3, 0}, {3, 1}, {2, 1}, {2, 3}, {1, 4}, {0, 5}}) {
      assertThat(gradient.getDouble(pixel, seen[0] * w + seen[1])).as("(%d, %d)", seen[0], seen[1]).isNotZero();
    }
    // The triangle leaves out the right of the row above (the features of row 2 reach column 3 only, and row
    // 3's columns 1 and 2): earlier pixels that the Diagonal BiLSTM sees.
    for (int[] unseen : new int[][] {{2, 4}, {2, 5}}) {
      assertThat(gradient.getDouble(pixel, unseen[0] * w + unseen[1])).as("(%d, %d)", unseen[0], unseen[1])
          .isZero();
    }
  }

  @Test
  void categoricalVariantsAreCausal() {
    for (Variant variant : Variant.values()) {
      Fixtures.Built built = Fixtures.build(new PixelRnnModel(config(variant, 1, 3,
          PixelCnnConfig.Output.AUTO, 16)), EIGHT_BIT);
      assertThat(built.ar().levels()).isEqualTo(16);
      INDArray gradient = inputGradient(built);
      int d = 20;
      int connected = 0;
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          if (j >= i) {
            assertThat(gradient.getDouble(i, j)).as("%s: d logits[%d] / d x[%d]", variant, i, j).isZero();
          } else if (gradient.getDouble(i, j) != 0) {
            connected++;
          }
        }
      }
      assertThat(connected).as(variant.toString()).isGreaterThan(d);
    }
  }

  @Test
  void bothVariantsAreNormalisedOverAllBinaryImages() {
    for (Variant variant : Variant.values()) {
      Fixtures.Built built = Fixtures.build(new PixelRnnModel(config(variant, 2, 3, PixelCnnConfig.Output.AUTO, 256)),
          new DataInfo(new long[] {1, 3, 3}, 0, 1, true, 0));
      INDArray ll = built.output(AutoregressiveModel.LOG_LIKELIHOOD, Fixtures.allConfigurations(9, 2), 0);
      assertThat(ll.length()).isEqualTo(512);
      assertThat(Fixtures.sumExp(ll)).as(variant.toString()).isCloseTo(1.0, within(1e-4));
    }
  }

  @Test
  void categoricalDiagonalBiLstmIsNormalisedOverAllImagesOfFourLevels() {
    Fixtures.Built built = Fixtures.build(new PixelRnnModel(config(Variant.DIAGONAL_BILSTM, 1, 3,
        PixelCnnConfig.Output.CATEGORICAL, 4)), new DataInfo(new long[] {1, 2, 3}, 0, 1, false, 0));
    INDArray ll = built.output(AutoregressiveModel.LOG_LIKELIHOOD, Fixtures.allConfigurations(6, 4), 0);
    assertThat(ll.length()).isEqualTo(4096);
    assertThat(Fixtures.sumExp(ll)).isCloseTo(1.0, within(1e-3));
  }

  @Test
  void skewShiftsRowIRightByIAndUnskewInvertsIt() {
    SameDiff sd = SameDiff.create();
    INDArray x = Nd4j.arange(1, 2 * 3 * 4 + 1).castTo(DataType.FLOAT).reshape(1, 2, 3, 4);
    SDVariable skewed = PixelRnnModel.skew(sd, sd.constant(x), 2, 3, 4);
    INDArray s = skewed.eval();
    assertThat(s.shape()).containsExactly(1, 2, 3, 6);
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 6; j++) {
          double expected = j >= i && j < i + 4 ? x.getDouble(0, c, i, j - i) : 0;
          assertThat(s.getDouble(0, c, i, j)).as("(%d, %d, %d)", c, i, j).isEqualTo(expected);
        }
      }
    }
    assertThat(PixelRnnModel.unskew(sd, skewed, 2, 3, 4).eval()).isEqualTo(x);
  }

  private static INDArray inputGradient(Fixtures.Built built) {
    return Fixtures.inputGradient(built, 0, 3);
  }
}
