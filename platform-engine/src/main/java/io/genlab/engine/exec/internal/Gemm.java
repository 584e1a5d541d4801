package io.genlab.engine.exec.internal;

import io.genlab.engine.internal.FloatBuffers;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One prepared {@code C = alpha * op(A) op(B) + beta * C} call into OpenBLAS over row-major float
 * matrices held in off-heap arrays: pointers and leading dimensions are fixed once, so a call costs
 * what the multiplication costs (ND4J's own gemm path spends about 14 us on checks per call).
 */
final class Gemm {
  private final FloatPointer a;
  private final FloatPointer b;
  private final FloatPointer c;
  private final int transA;
  private final int transB;
  private final int m;
  private final int n;
  private final int k;
  private final int lda;
  private final int ldb;
  private final int ldc;

  private Gemm(FloatPointer a, boolean transA, FloatPointer b, boolean transB, FloatPointer c,
      int m, int n, int k, int lda, int ldb, int ldc) {
    this.a = a;
    this.b = b;
    this.c = c;
    this.transA = transA ? openblas.CblasTrans : openblas.CblasNoTrans;
    this.transB = transB ? openblas.CblasTrans : openblas.CblasNoTrans;
    this.m = m;
    this.n = n;
    this.k = k;
    this.lda = lda;
    this.ldb = ldb;
    this.ldc = ldc;
  }

  /**
   * {@code C = op(A) op(B)} where A is {@code rowsA x colsA} starting {@code offA} floats into
   * {@code arrayA} (likewise B and C); op transposes when asked.
   */
  static Gemm of(INDArray arrayA, long offA, int rowsA, int colsA, boolean transA,
      INDArray arrayB, long offB, int rowsB, int colsB, boolean transB,
      INDArray arrayC, long offC) {
    int m = transA ? colsA : rowsA;
    int k = transA ? rowsA : colsA;
    int kb = transB ? colsB : rowsB;
    int n = transB ? rowsB : colsB;
    if (k != kb) {
      throw new IllegalArgumentException("inner dimensions differ: " + k + " and " + kb);
    }
    return new Gemm(pointer(arrayA, offA), transA, pointer(arrayB, offB), transB, pointer(arrayC, offC),
        m, n, k, colsA, colsB, n);
  }

  /** {@code C = op(A) op(B)} for whole 2-D arrays. */
  static Gemm of(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c) {
    return of(a, 0, (int) a.size(0), (int) a.size(1), transA, b, 0, (int) b.size(0), (int) b.size(1), transB, c, 0);
  }

  private static FloatPointer pointer(INDArray array, long offset) {
    FloatPointer base = new FloatPointer(FloatBuffers.view(array));
    return offset == 0 ? base : new FloatPointer(base).position(base.position() + offset);
  }

  /** Runs {@code C = op(A) op(B) + beta * C}. */
  void run(float beta) {
    openblas.cblas_sgemm(openblas.CblasRowMajor, transA, transB, m, n, k, 1f, a, lda, b, ldb, beta, c, ldc);
  }
}
