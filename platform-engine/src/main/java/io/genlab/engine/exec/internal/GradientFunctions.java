package io.genlab.engine.exec.internal;

import java.io.OutputStream;
import java.io.PrintStream;
import org.nd4j.autodiff.samediff.SameDiff;

/** SameDiff's gradient function, created without the lines SameDiff prints while it builds it. */
public final class GradientFunctions {
  private GradientFunctions() {}

  /**
   * Creates {@code sd}'s gradient function for its current loss variables; SameDiff prints "Added
   * differentiated op" for every op (SameDiff.java:5044 in 1.0.0-M2.1), so standard output is muted
   * meanwhile (for every thread: it is a global stream).
   */
  public static void create(SameDiff sd) {
    PrintStream out = System.out;
    synchronized (System.class) {
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      try {
        sd.createGradFunction();
      } finally {
        System.setOut(out);
      }
    }
  }
}
