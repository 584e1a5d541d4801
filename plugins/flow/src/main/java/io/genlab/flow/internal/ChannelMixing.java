package io.genlab.flow.internal;

import io.genlab.nn.Layers;

import io.genlab.api.RandomSource;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An invertible linear map over the channels (the features of a vector), y = W x at every position:
 * Glow's invertible 1x1 convolution with W = P L (U + diag(sign(s) exp(logAbsS))) (P a fixed
 * permutation, L unit lower triangular, U strictly upper triangular; log-det = H * W * sum(logAbsS)),
 * or a fixed reversal of the channel order (log-det 0).
 */
final class ChannelMixing implements FlowStep {
  private final SameDiff sd;
  private final long[] shape;
  private final int channels;
  private final SDVariable weight;
  private final SDVariable logAbsS;

  private ChannelMixing(SameDiff sd, long[] shape, SDVariable weight, SDVariable logAbsS) {
    this.sd = sd;
    this.shape = shape.clone();
    this.channels = (int) shape[0];
    this.weight = weight;
    this.logAbsS = logAbsS;
  }

  /** Reverses the channel order. */
  static ChannelMixing reverse(Layers parameters, String name, long[] shape) {
    int c = (int) shape[0];
    INDArray w = Nd4j.zeros(DataType.FLOAT, c, c);
    for (int i = 0; i < c; i++) {
      w.putScalar(i, c - 1 - i, 1);
    }
    return new ChannelMixing(parameters.sameDiff(), shape, parameters.constant(name + "/weight", w), null);
  }

  /**
   * An invertible 1x1 convolution initialised with a random rotation: the Q of a QR decomposition of a
   * Gaussian matrix drawn from {@code init}, LU-decomposed with partial pivoting.
   */
  static ChannelMixing invertible(Layers parameters, String name, long[] shape) {
    SameDiff sd = parameters.sameDiff();
    int c = (int) shape[0];
    Lu lu = Lu.ofRandomRotation(c, parameters.init(name));
    SDVariable lower = parameters.variable(name + "/lower", lu.lower());
    SDVariable upper = parameters.variable(name + "/upper", lu.upper());
    SDVariable logAbsS = parameters.variable(name + "/log_abs_s", lu.logAbsS());
    SDVariable permutation = parameters.constant(name + "/permutation", lu.permutation());
    SDVariable sign = parameters.constant(name + "/sign_s", lu.signS());
    INDArray strictLower = Nd4j.zeros(DataType.FLOAT, c, c);
    for (int i = 0; i < c; i++) {
      for (int j = 0; j < i; j++) {
        strictLower.putScalar(i, j, 1);
      }
    }
    SDVariable eye = parameters.constant(name + "/eye", Nd4j.eye(c));
    SDVariable lowerMask = parameters.constant(name + "/lower_mask", strictLower);
    SDVariable upperMask = parameters.constant(name + "/upper_mask", strictLower.transpose().dup());
    SDVariable l = lower.mul(lowerMask).add(eye);
    SDVariable diagonal = eye.mul(sign.mul(sd.math.exp(logAbsS)).reshape(1, c));
    SDVariable u = upper.mul(upperMask).add(diagonal);
    SDVariable weight = sd.identity(name + "/weight", permutation.mmul(l.mmul(u)));
    return new ChannelMixing(sd, shape, weight, logAbsS);
  }

  /** The name of W in the graph. */
  String weightName() {
    return weight.name();
  }

  @Override
  public long[] outputShape() {
    return shape.clone();
  }

  @Override
  public Flowing forward(Flowing in) {
    SDVariable y = apply(in.value(), weight);
    if (logAbsS == null) {
      return new Flowing(y, in.logDet());
    }
    return in.plus(y, Shapes.vectorSum(logAbsS, channels).mul((double) Shapes.spatial(shape)));
  }

  @Override
  public SDVariable inverse(SDVariable y) {
    // The reversal is its own inverse; W^-1 is only needed by the sampling graph, which is never differentiated.
    return apply(y, logAbsS == null ? weight : sd.math.matrixInverse(weight));
  }

  /** y = W x at every position: x W^T on rows of channel values. */
  private SDVariable apply(SDVariable x, SDVariable w) {
    SDVariable transposed = sd.transpose(w);
    if (shape.length == 1) {
      return x.mmul(transposed);
    }
    long h = shape[1];
    long wd = shape[2];
    SDVariable rows = x.permute(0, 2, 3, 1).reshape(-1, channels);
    return rows.mmul(transposed).reshape(-1, h, wd, channels).permute(0, 3, 1, 2);
  }

  /** The factors of a random rotation's LU decomposition, as float arrays. */
  record Lu(INDArray permutation, INDArray lower, INDArray upper, INDArray signS, INDArray logAbsS) {
    static Lu ofRandomRotation(int c, RandomSource init) {
      float[] gaussian = new float[c * c];
      init.fillNormal(gaussian);
      double[][] g = new double[c][c];
      for (int i = 0; i < c; i++) {
        for (int j = 0; j < c; j++) {
          g[i][j] = gaussian[i * c + j];
        }
      }
      RealMatrix rotation = new QRDecomposition(new Array2DRowRealMatrix(g, false)).getQ();
      LUDecomposition lu = new LUDecomposition(rotation);
      // Commons Math factors P A = L U, so A = P^T L U.
      RealMatrix p = lu.getP().transpose();
      RealMatrix u = lu.getU();
      float[] sign = new float[c];
      float[] logAbs = new float[c];
      double[][] strictUpper = new double[c][c];
      for (int i = 0; i < c; i++) {
        double s = u.getEntry(i, i);
        sign[i] = (float) Math.signum(s);
        logAbs[i] = (float) Math.log(Math.abs(s));
        for (int j = i + 1; j < c; j++) {
          strictUpper[i][j] = u.getEntry(i, j);
        }
      }
      return new Lu(matrix(p), matrix(lu.getL()), matrix(new Array2DRowRealMatrix(strictUpper, false)),
          Nd4j.createFromArray(sign), Nd4j.createFromArray(logAbs));
    }

    private static INDArray matrix(RealMatrix m) {
      return Nd4j.createFromArray(m.getData()).castTo(DataType.FLOAT);
    }
  }
}
